// Decode attention (few tokens, long context), split-K: one workgroup per (KV head, token, range of SPLIT_KEYS
// keys) serves all GROUP = HEADS_Q / HEADS_KV query heads of that KV head, so each key and value row is read
// once (not once per query head). Keys and values are staged 32 at a time in workgroup memory with coalesced
// loads; scores are one (head, key) pair per thread; the online softmax keeps (m, l) per head. Writes
// (m, l, acc) per head and range for attention-combine, which adds the sink.
override HEADS_Q: u32;
override HEADS_KV: u32;
override HEAD_DIM: u32;       // GROUP · HEAD_DIM ≤ 1024
override SPLIT_KEYS: u32;
override MAX_SPLITS: u32;

const TILE = 32u;
const PAIRS_PER_THREAD = 4u;  // (head, dim) outputs per thread: GROUP · HEAD_DIM ≤ 4 · 256
override KV_STRIDE: u32 = HEAD_DIM + 1u; // padded rows: a warp reading one column of 32 keys hits 32 banks, not one


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;       // [T]
@group(0) @binding(3) var<storage, read> q: array<f32>;           // [T, HEADS_Q, HEAD_DIM]
@group(0) @binding(4) var<storage, read> k_cache: array<f32>;     // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(5) var<storage, read> v_cache: array<f32>;     // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(6) var<storage, read_write> partials: array<f32>; // [T, HEADS_Q, MAX_SPLITS, HEAD_DIM + 2]

var<workgroup> q_s: array<f32, HEADS_Q / HEADS_KV * HEAD_DIM>;
var<workgroup> kv_s: array<f32, TILE * KV_STRIDE>;               // keys, then values, of one tile
var<workgroup> p_s: array<f32, HEADS_Q / HEADS_KV * TILE>;      // scores, then probabilities
var<workgroup> m_s: array<f32, HEADS_Q / HEADS_KV>;
var<workgroup> alpha_s: array<f32, HEADS_Q / HEADS_KV>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group = HEADS_Q / HEADS_KV;
  let kvh = wg.x;
  let t = wg.y;
  let split = wg.z;
  let slot = rows[t].slot;
  let pos = rows[t].pos;
  var first = 0u;
  if (layer.window > 0u && pos + 1u > layer.window) { first = pos + 1u - layer.window; }
  first += split * SPLIT_KEYS;
  if (t >= step.tokens || first > pos) { return; }  // this token has fewer ranges (uniform per workgroup)
  let last = min(pos, first + SPLIT_KEYS - 1u);
  let scale = inverseSqrt(f32(HEAD_DIM));

  for (var i = lid; i < group * HEAD_DIM; i += 256u) { q_s[i] = q[(t * HEADS_Q + kvh * group) * HEAD_DIM + i]; }
  if (lid < group) { m_s[lid] = -3.0e38; }
  var l = 0.0;  // thread g < group: the running denominator of head g
  var acc: array<f32, PAIRS_PER_THREAD>;

  for (var j0 = first; j0 <= last; j0 += TILE) {
    let n = min(TILE, last + 1u - j0);
    for (var i = lid; i < n * HEAD_DIM; i += 256u) {
      let j = j0 + i / HEAD_DIM;
      kv_s[i / HEAD_DIM * KV_STRIDE + i % HEAD_DIM] = k_cache[(kv_row(layer, slot, j) * HEADS_KV + kvh) * HEAD_DIM + i % HEAD_DIM];
    }
    workgroupBarrier();
    for (var i = lid; i < group * TILE; i += 256u) {
      let g = i / TILE;
      let jj = i % TILE;
      var s = -3.0e38;
      if (jj < n) {
        var d = 0.0;
        for (var c = 0u; c < HEAD_DIM; c++) { d += q_s[g * HEAD_DIM + c] * kv_s[jj * KV_STRIDE + c]; }
        s = d * scale;
      }
      p_s[i] = s;
    }
    workgroupBarrier();
    if (lid < group) {
      var mx = m_s[lid];
      for (var jj = 0u; jj < n; jj++) { mx = max(mx, p_s[lid * TILE + jj]); }
      alpha_s[lid] = exp(m_s[lid] - mx);
      m_s[lid] = mx;
    }
    // Values replace keys in kv_s (the scores are done with them).
    for (var i = lid; i < n * HEAD_DIM; i += 256u) {
      let j = j0 + i / HEAD_DIM;
      kv_s[i / HEAD_DIM * KV_STRIDE + i % HEAD_DIM] = v_cache[(kv_row(layer, slot, j) * HEADS_KV + kvh) * HEAD_DIM + i % HEAD_DIM];
    }
    workgroupBarrier();
    for (var i = lid; i < group * TILE; i += 256u) {
      var p = 0.0;
      if (i % TILE < n) { p = exp(p_s[i] - m_s[i / TILE]); }
      p_s[i] = p;
    }
    workgroupBarrier();
    if (lid < group) {
      var sum = 0.0;
      for (var jj = 0u; jj < n; jj++) { sum += p_s[lid * TILE + jj]; }
      l = l * alpha_s[lid] + sum;
    }
    for (var c = 0u; c < PAIRS_PER_THREAD; c++) {
      let pair = lid + c * 256u;
      if (pair < group * HEAD_DIM) {
        let g = pair / HEAD_DIM;
        let d = pair % HEAD_DIM;
        var a = acc[c] * alpha_s[g];
        for (var jj = 0u; jj < n; jj++) { a += p_s[g * TILE + jj] * kv_s[jj * KV_STRIDE + d]; }
        acc[c] = a;
      }
    }
    workgroupBarrier();
  }

  let stride = HEAD_DIM + 2u;
  if (lid < group) {
    let base = ((t * HEADS_Q + kvh * group + lid) * MAX_SPLITS + split) * stride;
    partials[base] = m_s[lid];
    partials[base + 1u] = l;
  }
  for (var c = 0u; c < PAIRS_PER_THREAD; c++) {
    let pair = lid + c * 256u;
    if (pair < group * HEAD_DIM) {
      let g = pair / HEAD_DIM;
      let base = ((t * HEADS_Q + kvh * group + g) * MAX_SPLITS + split) * stride;
      partials[base + 2u + pair % HEAD_DIM] = acc[c];
    }
  }
}
