// Causal attention with per-head sinks, GQA and an optional sliding window, over the KV cache.
// Prefill: one workgroup per (query head, token). Keys are scored 64 at a time (one per thread); the running
// max/denominator follow the online softmax, seeded with the sink (m = sink, l = 1: the sink has no value).
// Decode uses attention-decode.wgsl (split keys, all heads of a KV group per workgroup).
override HEADS_Q: u32;
override HEADS_KV: u32;
override HEAD_DIM: u32;   // ≤ 256


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;       // [T]
@group(0) @binding(3) var<storage, read> q: array<f32>;           // [T, HEADS_Q, HEAD_DIM]
@group(0) @binding(4) var<storage, read> k_cache: array<f32>;     // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(5) var<storage, read> v_cache: array<f32>;     // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(6) var<storage, read> sinks: array<u32>;       // [HEADS_Q] bf16
@group(0) @binding(7) var<storage, read_write> out: array<f32>;   // [T, HEADS_Q, HEAD_DIM]

const TILE = 64u;
var<workgroup> q_s: array<f32, 256>;
var<workgroup> p_s: array<f32, 64>;
var<workgroup> red: array<f32, 64>;

fn reduce_max(lid: u32, value: f32) -> f32 {
  red[lid] = value;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] = max(red[lid], red[lid + s]); }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}

fn reduce_sum(lid: u32, value: f32) -> f32 {
  red[lid] = value;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let h = wg.x;
  let t = wg.y;
  let kvh = h / (HEADS_Q / HEADS_KV);
  let slot = rows[t].slot;
  let pos = rows[t].pos;
  var first = 0u;
  if (layer.window > 0u && pos + 1u > layer.window) { first = pos + 1u - layer.window; }
  let last = pos;
  let scale = inverseSqrt(f32(HEAD_DIM));
  let q_base = (t * HEADS_Q + h) * HEAD_DIM;
  for (var d = lid; d < HEAD_DIM; d += 64u) { q_s[d] = q[q_base + d]; }
  workgroupBarrier();

  var m = bf16_at(h, sinks[h / 2u]);
  var l = 1.0;
  var acc: array<f32, 4>; // dims lid, lid + 64, lid + 128, lid + 192
  for (var j0 = first; j0 <= last; j0 += TILE) {
    let j = j0 + lid;
    var s = -3.0e38;
    if (j <= last) {
      let kb = (kv_row(layer, slot, j) * HEADS_KV + kvh) * HEAD_DIM;
      var dot_qk = 0.0;
      for (var d = 0u; d < HEAD_DIM; d++) { dot_qk += q_s[d] * k_cache[kb + d]; }
      s = dot_qk * scale;
    }
    let m_new = max(m, reduce_max(lid, s));
    var p = 0.0;
    if (j <= last) { p = exp(s - m_new); }
    p_s[lid] = p;
    let alpha = exp(m - m_new);
    l = l * alpha + reduce_sum(lid, p); // the barrier inside also publishes p_s
    let n = min(TILE, last + 1u - j0);
    for (var c = 0u; c < 4u; c++) {
      let d = lid + c * 64u;
      if (d < HEAD_DIM) {
        var a = acc[c] * alpha;
        for (var jj = 0u; jj < n; jj++) {
          a += p_s[jj] * v_cache[(kv_row(layer, slot, j0 + jj) * HEADS_KV + kvh) * HEAD_DIM + d];
        }
        acc[c] = a;
      }
    }
    m = m_new;
    workgroupBarrier();
  }
  for (var c = 0u; c < 4u; c++) {
    let d = lid + c * 64u;
    if (d < HEAD_DIM) { out[q_base + d] = acc[c] / l; }
  }
}
