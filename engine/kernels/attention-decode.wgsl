// Decode attention (few tokens, long context), split-K: one workgroup per (KV head, token, range of SPLIT_KEYS
// keys) serves all query heads of that KV head (attention-tiles.wgsl). Writes (m, l, acc) per head and range
// for attention-combine, which adds the sink.
override SPLIT_KEYS: u32;
override MAX_SPLITS: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;       // [T]
@group(0) @binding(3) var<storage, read> q: array<vec4<f32>>;     // [T, HEADS_Q, HEAD_DIM]
@group(0) @binding(4) var<storage, read> k_cache: array<vec4<f32>>; // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(5) var<storage, read> v_cache: array<vec4<f32>>; // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(6) var<storage, read_write> partials: array<f32>; // [T, HEADS_Q, MAX_SPLITS, HEAD_DIM + 2]

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let kvh = wg.x;
  let t = wg.y;
  let split = wg.z;
  let slot = rows[t].slot;
  let pos = rows[t].pos;
  var first = 0u;
  if (layer.window > 0u && pos + 1u > layer.window) { first = pos + 1u - layer.window; }
  first += split * SPLIT_KEYS;
  if (t >= step.tokens || first > pos) { return; }  // this token has fewer ranges (uniform per workgroup)
  let done = attend_range(t, kvh, slot, first, min(pos, first + SPLIT_KEYS - 1u), lid, -3.0e38, 0.0);
  let sums = gather_outputs(done, lid);

  let stride = HEAD_DIM + 2u;
  let head = t * HEADS_Q + kvh * GROUP;
  if (lid < GROUP) {
    let base = ((head + lid) * MAX_SPLITS + split) * stride;
    partials[base] = m_s[lid];
    partials[base + 1u] = done.l;
  }
  if (lid < COMBOS) {
    let at = ((head + lid / D4) * MAX_SPLITS + split) * stride + 2u + (lid % D4) * 4u;
    partials[at] = sums.x;
    partials[at + 1u] = sums.y;
    partials[at + 2u] = sums.z;
    partials[at + 3u] = sums.w;
  }
}
