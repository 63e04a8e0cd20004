// Prompt attention with per-head sinks, GQA and an optional sliding window, for blocks of QROWS token rows: one
// workgroup per (KV head, block), one thread per (row, query head) of the block. A thread keeps its query and its
// output sums in registers and walks the block's keys TILE at a time, staged once in workgroup memory for all
// the block's queries: every thread reads the same key and value vectors (broadcast loads), so each workgroup-
// memory load feeds a multiply-add of every thread, and the online softmax needs no reductions and no barriers
// but the staging's. The keys are the union of the block's rows' ranges; each thread masks those outside its own
// window and causal end and skips tiles with none of its keys. A block whose rows are not all of one sequence
// (KV slot) takes one row per round. The online softmax starts from the sink (m = sink, l = 1: it has no value).
// The `promptAttention: 'queries'` choice, beside the default attention-rows.wgsl, whose threads share each
// query's scores and sums: two workgroup-memory loads, most of them not broadcasts, per vec4 multiply-add (about
// 6.6 TFLOP/s on an H100). Not yet measured on a GPU (docs/engine.md). Decode passes use the split-key kernels.
@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;       // [T]
@group(0) @binding(3) var<storage, read> q: array<vec4<f32>>;     // [T, HEADS_Q, HEAD_DIM]
@group(0) @binding(4) var<storage, read> k_cache: array<vec4<f32>>; // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(5) var<storage, read> v_cache: array<vec4<f32>>; // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(6) var<storage, read> sinks: array<u32>;       // [HEADS_Q] bf16
@group(0) @binding(7) var<storage, read_write> out: array<vec4<f32>>; // [T, HEADS_Q, HEAD_DIM]

override HEADS_Q: u32;
override HEADS_KV: u32;
override HEAD_DIM: u32;       // multiple of 4, at most 4 · MAX_D4
override QROWS: u32;          // rows per block: THREADS / GROUP (queryBlockRows, attention-queries.ts)

const TILE = 16u;
const THREADS = 128u;
const MAX_D4 = 16u;           // a thread's query and sums are register arrays of this many vec4
override D4: u32 = HEAD_DIM / 4u;
override GROUP: u32 = HEADS_Q / HEADS_KV;

var<workgroup> k_s: array<vec4<f32>, TILE * D4>;
var<workgroup> v_s: array<vec4<f32>, TILE * D4>;

// The keys row t attends (inclusive): its window's start to its own position.
fn row_keys(t: u32) -> vec2<u32> {
  let pos = rows[t].pos;
  var first = 0u;
  if (layer.window > 0u && pos + 1u > layer.window) { first = pos + 1u - layer.window; }
  return vec2<u32>(first, pos);
}

// Index in k_cache / v_cache of vec4 c of key position j of `slot`.
fn cache_at(j: u32, c: u32, slot: u32, kvh: u32) -> u32 { return (kv_row(layer, slot, j) * HEADS_KV + kvh) * D4 + c; }

@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let kvh = wg.x;
  let t0 = wg.y * QROWS;
  if (t0 >= step.tokens) { return; }  // uniform per workgroup
  let n_rows = min(QROWS, step.tokens - t0);
  var one_slot = true;
  for (var r = 1u; r < n_rows; r++) { one_slot = one_slot && rows[t0 + r].slot == rows[t0].slot; }
  // One round for the whole block where its rows share a slot, else one round per row.
  let rounds = select(n_rows, 1u, one_slot);
  let scale = inverseSqrt(f32(HEAD_DIM));

  // This thread's row and query head (threads past the block's rows compute row n_rows - 1, not written).
  let r = lid / GROUP;
  let mine = r < n_rows;
  let t = t0 + min(r, n_rows - 1u);
  let h = kvh * GROUP + lid % GROUP;
  let keys = row_keys(t);
  var query: array<vec4<f32>, MAX_D4>;
  var acc: array<vec4<f32>, MAX_D4>;
  for (var c = 0u; c < D4; c++) {
    query[c] = q[(t * HEADS_Q + h) * D4 + c];
    acc[c] = vec4<f32>(0.0);
  }
  var m = bf16_at(h, sinks[h / 2u]);
  var l = 1.0;

  for (var round = 0u; round < rounds; round++) {
    // The rows of this round and the union of their key ranges (uniform: from read-only storage).
    var first = 0xffffffffu;
    var last = 0u;
    for (var b = 0u; b < n_rows; b++) {
      if (one_slot || b == round) {
        let range = row_keys(t0 + b);
        first = min(first, range.x);
        last = max(last, range.y);
      }
    }
    let slot = rows[t0 + select(round, 0u, one_slot)].slot;
    let live = mine && (one_slot || r == round);

    for (var j0 = first; j0 <= last; j0 += TILE) {
      let n = min(TILE, last + 1u - j0);
      for (var i = lid; i < TILE * D4; i += THREADS) {
        let jj = i / D4;
        var k = vec4<f32>(0.0);
        var v = vec4<f32>(0.0);
        if (jj < n) {
          k = k_cache[cache_at(j0 + jj, i % D4, slot, kvh)];
          v = v_cache[cache_at(j0 + jj, i % D4, slot, kvh)];
        }
        k_s[i] = k;
        v_s[i] = v;
      }
      workgroupBarrier();
      if (live && j0 + n > keys.x && j0 <= keys.y) {
        // Scores of the tile (masked: -3e38, so exp gives 0 and the maximum, from the sink up, never takes them).
        var s: array<f32, TILE>;
        var mx = m;
        for (var jj = 0u; jj < TILE; jj++) {
          var d = vec4<f32>(0.0);
          for (var c = 0u; c < D4; c++) { d += query[c] * k_s[jj * D4 + c]; }
          let j = j0 + jj;
          s[jj] = select(-3.0e38, (d.x + d.y + d.z + d.w) * scale, jj < n && j >= keys.x && j <= keys.y);
          mx = max(mx, s[jj]);
        }
        let alpha = exp(m - mx);
        m = mx;
        l *= alpha;
        for (var c = 0u; c < D4; c++) { acc[c] *= alpha; }
        for (var jj = 0u; jj < TILE; jj++) {
          let p = exp(s[jj] - mx);
          l += p;
          for (var c = 0u; c < D4; c++) { acc[c] += p * v_s[jj * D4 + c]; }
        }
      }
      workgroupBarrier();
    }
  }
  if (mine) {
    for (var c = 0u; c < D4; c++) { out[(t * HEADS_Q + h) * D4 + c] = acc[c] / l; }
  }
}
