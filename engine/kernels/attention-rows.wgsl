// Prompt attention with per-head sinks, GQA and an optional sliding window, for blocks of QROWS token rows: one
// workgroup per (KV head, block) attends the block's QUERIES = QROWS · GROUP query vectors together, so each
// TILE-key tile of keys and values is staged once for all of them. Per row that is a quarter of the staging, the
// barriers and the softmax's serial steps of a workgroup per (KV head, row) (measured on an H100: 19% of a
// 512-token pass at 1k context). The keys are the union of the block's rows' ranges; each row masks the keys
// outside its own window and causal end. A block whose rows are not all of one sequence (KV slot) is taken one
// row at a time. The online softmax starts from the sink (m = sink, l = 1: the sink has no value).
// Decode passes use the split-key kernels (attention-decode.wgsl) instead.
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
override HEAD_DIM: u32;       // multiple of 4
override QROWS: u32;          // rows per block: QUERIES ≤ OUTPUTS · THREADS / TILE and QUERIES · D4 ≤ OUTPUTS · THREADS

const TILE = 16u;
const THREADS = 256u;
const OUTPUTS = 2u;           // (query, 4 dimensions) sums per thread
override D4: u32 = HEAD_DIM / 4u;
override GROUP: u32 = HEADS_Q / HEADS_KV;
override QUERIES: u32 = QROWS * GROUP;       // query vectors of a block: row-major, heads fastest
override ROW4: u32 = D4 + 1u;                // padded key rows: the 16 keys of one column fall in different banks

var<workgroup> q_s: array<vec4<f32>, QUERIES * D4>;
var<workgroup> kv_s: array<vec4<f32>, TILE * ROW4>;   // keys, then values, of one tile
var<workgroup> p_s: array<f32, QUERIES * TILE>;      // scores, then probabilities
var<workgroup> m_s: array<f32, QUERIES>;             // running maxima
var<workgroup> alpha_s: array<f32, QUERIES>;         // this tile's rescale of the running sums, then 1 / l

// The keys row t attends (inclusive), and whether it takes part in this round (a row of the block, live).
struct RowRange { first: u32, last: u32, live: bool }

fn row_range(t: u32, live: bool) -> RowRange {
  let pos = rows[t].pos;
  var first = 0u;
  if (layer.window > 0u && pos + 1u > layer.window) { first = pos + 1u - layer.window; }
  return RowRange(first, pos, live);
}

// Index in k_cache / v_cache of vec4 i of the tile from key position j0 (key i / D4, column i % D4).
fn cache_at(j0: u32, i: u32, slot: u32, kvh: u32) -> u32 {
  return (kv_row(layer, slot, j0 + i / D4) * HEADS_KV + kvh) * D4 + i % D4;
}

@compute @workgroup_size(256)
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

  for (var i = lid; i < QUERIES * D4; i += THREADS) {
    let r = i / (GROUP * D4);
    var v = vec4<f32>(0.0);
    if (r < n_rows) { v = q[((t0 + r) * HEADS_Q + kvh * GROUP) * D4 + i % (GROUP * D4)]; }
    q_s[i] = v;
  }
  for (var round = 0u; round < rounds; round++) {
    // The rows of this round and the union of their key ranges (uniform: from read-only storage).
    var first = 0xffffffffu;
    var last = 0u;
    for (var r = 0u; r < n_rows; r++) {
      if (one_slot || r == round) {
        let range = row_range(t0 + r, true);
        first = min(first, range.first);
        last = max(last, range.last);
      }
    }
    let slot = rows[t0 + select(round, 0u, one_slot)].slot;
    // Threads' own queries: scores i = lid + k · THREADS, outputs o = lid + k · THREADS (query o / D4).
    var score_rows: array<RowRange, OUTPUTS>;
    var acc: array<vec4<f32>, OUTPUTS>;
    for (var k = 0u; k < OUTPUTS; k++) {
      let r = ((lid + k * THREADS) / TILE) / GROUP;
      score_rows[k] = row_range(t0 + min(r, n_rows - 1u), r < n_rows && (one_slot || r == round));
      acc[k] = vec4<f32>(0.0);
    }
    var l = 1.0;
    if (lid < QUERIES) {
      let h = kvh * GROUP + lid % GROUP;
      m_s[lid] = bf16_at(h, sinks[h / 2u]);
    }

    for (var j0 = first; j0 <= last; j0 += TILE) {
      let n = min(TILE, last + 1u - j0);
      // Keys staged; this thread's share of the values loaded now and stored once the scores are done.
      for (var i = lid; i < n * D4; i += THREADS) { kv_s[(i / D4) * ROW4 + i % D4] = k_cache[cache_at(j0, i, slot, kvh)]; }
      var vals: array<vec4<f32>, OUTPUTS>;
      for (var k = 0u; k < OUTPUTS; k++) {
        let i = lid + k * THREADS;
        if (i < n * D4) { vals[k] = v_cache[cache_at(j0, i, slot, kvh)]; }
      }
      workgroupBarrier();
      for (var k = 0u; k < OUTPUTS; k++) {
        let i = lid + k * THREADS;
        if (i < QUERIES * TILE) {
          let qi = i / TILE;
          let jj = i % TILE;
          let j = j0 + jj;
          let range = score_rows[k];
          var s = -3.0e38;
          if (jj < n && range.live && j >= range.first && j <= range.last) {
            var d = vec4<f32>(0.0);
            for (var c = 0u; c < D4; c++) { d += q_s[qi * D4 + c] * kv_s[jj * ROW4 + c]; }
            s = (d.x + d.y + d.z + d.w) * scale;
          }
          p_s[i] = s;
        }
      }
      workgroupBarrier();
      if (lid < QUERIES) {
        var mx = m_s[lid];
        for (var jj = 0u; jj < n; jj++) { mx = max(mx, p_s[lid * TILE + jj]); }
        alpha_s[lid] = exp(m_s[lid] - mx);
        m_s[lid] = mx;
      }
      // Values replace keys in kv_s (the scores are done with them).
      for (var k = 0u; k < OUTPUTS; k++) {
        let i = lid + k * THREADS;
        if (i < n * D4) { kv_s[(i / D4) * ROW4 + i % D4] = vals[k]; }
      }
      for (var i = lid + OUTPUTS * THREADS; i < n * D4; i += THREADS) { kv_s[(i / D4) * ROW4 + i % D4] = v_cache[cache_at(j0, i, slot, kvh)]; }
      workgroupBarrier();
      // Masked scores (-3e38) give 0: every row's maximum starts at its sink.
      for (var k = 0u; k < OUTPUTS; k++) {
        let i = lid + k * THREADS;
        if (i < QUERIES * TILE) { p_s[i] = exp(p_s[i] - m_s[i / TILE]); }
      }
      workgroupBarrier();
      if (lid < QUERIES) {
        var sum = 0.0;
        for (var jj = 0u; jj < n; jj++) { sum += p_s[lid * TILE + jj]; }
        l = l * alpha_s[lid] + sum;
      }
      for (var k = 0u; k < OUTPUTS; k++) {
        let o = lid + k * THREADS;
        if (o < QUERIES * D4) {
          let qi = o / D4;
          var a = acc[k] * alpha_s[qi];
          for (var jj = 0u; jj < n; jj++) { a += p_s[qi * TILE + jj] * kv_s[jj * ROW4 + o % D4]; }
          acc[k] = a;
        }
      }
      workgroupBarrier();
    }

    if (lid < QUERIES) { alpha_s[lid] = 1.0 / l; }
    workgroupBarrier();
    for (var k = 0u; k < OUTPUTS; k++) {
      let o = lid + k * THREADS;
      let r = o / (GROUP * D4);
      if (o < QUERIES * D4 && r < n_rows && (one_slot || r == round)) {
        out[((t0 + r) * HEADS_Q + kvh * GROUP) * D4 + o % (GROUP * D4)] = acc[k] * alpha_s[o / D4];
      }
    }
    workgroupBarrier();
  }
}
