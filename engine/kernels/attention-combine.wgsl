// Merges the per-split (m, l, acc) of attention-decode, adding the sink to the denominator once:
// M = max(sink, m_s); out = Σ_s acc_s e^(m_s − M) / (e^(sink − M) + Σ_s l_s e^(m_s − M)).
// One workgroup per (query head, token). Its threads share out the ranges: a long context has hundreds (8,192
// keys in 32-key ranges: 256), and one thread walking them in turn waited on one load after another (profiled
// on an H200: 18 µs per layer at 1k context, 10.6 now). The accumulators are summed by `lanes` = 256 / HEAD_DIM
// threads per dimension, `lanes` ranges apart with four loads in flight each, then added up across the lanes.
override HEADS_Q: u32;
override HEAD_DIM: u32;       // ≤ 256
override SPLIT_KEYS: u32;
override MAX_SPLITS: u32;

const WG = 256u;              // also the ranges whose weights are in workgroup memory at once

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;         // [T]
@group(0) @binding(3) var<storage, read> partials: array<f32>;     // [T, HEADS_Q, MAX_SPLITS, HEAD_DIM + 2]
@group(0) @binding(4) var<storage, read> sinks: array<u32>;        // [HEADS_Q] bf16
@group(0) @binding(5) var<storage, read_write> out: array<f32>;    // [T, HEADS_Q, HEAD_DIM]

var<workgroup> red: array<f32, WG>;
var<workgroup> weight_s: array<f32, WG>;

// The workgroup's maximum (or sum) of one value per thread; every thread calls it and gets the result.
fn reduce(v: f32, lid: u32, is_max: bool) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half >>= 1u) {
    if (lid < half) { red[lid] = select(red[lid] + red[lid + half], max(red[lid], red[lid + half]), is_max); }
    workgroupBarrier();
  }
  let result = red[0];
  workgroupBarrier();
  return result;
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let h = wg.x;
  let t = wg.y;
  if (t >= step.tokens) { return; }  // uniform per workgroup
  let pos = rows[t].pos;
  var keys = pos + 1u;
  if (layer.window > 0u) { keys = min(keys, layer.window); }
  let splits = (keys + SPLIT_KEYS - 1u) / SPLIT_KEYS;
  let stride = HEAD_DIM + 2u;
  let base = (t * HEADS_Q + h) * MAX_SPLITS;
  let sink = bf16_at(h, sinks[h / 2u]);

  var m = sink;
  for (var s = lid; s < splits; s += WG) { m = max(m, partials[(base + s) * stride]); }
  let top = reduce(m, lid, true);
  var l = 0.0;
  for (var s = lid; s < splits; s += WG) {
    let p = (base + s) * stride;
    l += partials[p + 1u] * exp(partials[p] - top);
  }
  let denominator = reduce(l, lid, false) + exp(sink - top);

  let lanes = WG / HEAD_DIM;
  let d = lid % HEAD_DIM;
  let lane = lid / HEAD_DIM;   // lanes ≤ lane: idle in the sums
  var a = vec4<f32>(0.0);
  for (var c0 = 0u; c0 < splits; c0 += WG) {
    let n = min(WG, splits - c0);
    if (lid < n) { weight_s[lid] = exp(partials[(base + c0 + lid) * stride] - top); }
    workgroupBarrier();
    if (lane < lanes) {
      let at = (base + c0) * stride + 2u + d;
      var s = lane;
      for (; s + 3u * lanes < n; s += 4u * lanes) {
        a += vec4<f32>(partials[at + s * stride], partials[at + (s + lanes) * stride], partials[at + (s + 2u * lanes) * stride], partials[at + (s + 3u * lanes) * stride])
           * vec4<f32>(weight_s[s], weight_s[s + lanes], weight_s[s + 2u * lanes], weight_s[s + 3u * lanes]);
      }
      for (; s < n; s += lanes) { a.x += partials[at + s * stride] * weight_s[s]; }
    }
    workgroupBarrier();
  }
  red[lid] = a.x + a.y + a.z + a.w;
  workgroupBarrier();
  if (lid < HEAD_DIM) {
    var v = 0.0;
    for (var k = 0u; k < lanes; k++) { v += red[k * HEAD_DIM + lid]; }
    out[(t * HEADS_Q + h) * HEAD_DIM + lid] = v / denominator;
  }
}
