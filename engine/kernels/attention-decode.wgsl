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

// The query heads of KV head kvh at row t, after RoPE (rope-kv.wgsl wrote them).
fn load_q(t: u32, kvh: u32, i: u32) -> vec4<f32> { return q[(t * HEADS_Q + kvh * GROUP) * D4 + i]; }

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = key_range(wg);
  if (!r.live) { return; }  // uniform per workgroup
  let done = attend_range(r.t, r.kvh, r.slot, r.first, r.last, lid, -3.0e38, 0.0);
  store_partials(r.t, r.kvh, r.split, done, gather_outputs(done, lid), lid);
}
