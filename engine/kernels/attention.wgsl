// Causal attention with per-head sinks, GQA and an optional sliding window, over the KV cache, for many rows
// (prefill): one workgroup per (KV head, token row) takes the row's whole key range for all query heads of the
// KV head (attention-tiles.wgsl). The online softmax starts from the sink (m = sink, l = 1: the sink has no
// value). The earlier form, one workgroup per (query head, row) with each thread reading a key row alone, took
// 43 ms per 128-row chunk at 1k context on an H200. Decode uses attention-decode.wgsl (split key ranges).
@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;       // [T]
@group(0) @binding(3) var<storage, read> q: array<vec4<f32>>;     // [T, HEADS_Q, HEAD_DIM]
@group(0) @binding(4) var<storage, read> k_cache: array<vec4<f32>>; // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(5) var<storage, read> v_cache: array<vec4<f32>>; // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(6) var<storage, read> sinks: array<u32>;       // [HEADS_Q] bf16
@group(0) @binding(7) var<storage, read_write> out: array<vec4<f32>>; // [T, HEADS_Q, HEAD_DIM]

// The query heads of KV head kvh at row t, after RoPE (rope-kv.wgsl wrote them).
fn load_q(t: u32, kvh: u32, i: u32) -> vec4<f32> { return q[(t * HEADS_Q + kvh * GROUP) * D4 + i]; }

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let kvh = wg.x;
  let t = wg.y;
  if (t >= step.tokens) { return; }  // uniform per workgroup
  let slot = rows[t].slot;
  let pos = rows[t].pos;
  var first = 0u;
  if (layer.window > 0u && pos + 1u > layer.window) { first = pos + 1u - layer.window; }
  let h = kvh * GROUP + min(lid, GROUP - 1u);
  let done = attend_range(t, kvh, slot, first, pos, lid, bf16_at(h, sinks[h / 2u]), 1.0);
  let sums = gather_outputs(done, lid);
  // Each head's denominator, from thread g to all.
  if (lid < GROUP) { alpha_s[lid] = done.l; }
  workgroupBarrier();
  if (lid < COMBOS) { out[(t * HEADS_Q + kvh * GROUP) * D4 + lid] = sums / alpha_s[lid / D4]; }
}
