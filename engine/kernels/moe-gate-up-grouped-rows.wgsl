// Expert gate/up + clamped SwiGLU for the slots grouped by expert, a few per expert (batched decode): one
// workgroup per (WARPS · ROWS weight rows, expert, tile of SLOTS of that expert's slots); each group of 32 lanes
// takes ROWS rows, ROWS / 2 gate/up pairs (moe-grouped-rows.wgsl). Reads the separately normed rows `x`.
override HIDDEN: u32;        // multiple of 32
override INTERMEDIATE: u32;
override TOP_K: u32;
override LIMIT: f32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;         // [T, HIDDEN]
@group(0) @binding(3) var<storage, read> offsets: array<u32>;         // [E + 1]
@group(0) @binding(4) var<storage, read> slots: array<u32>;           // [T * TOP_K] grouped by expert
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, 2I, HIDDEN/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, 2I, HIDDEN/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, 2I] bf16
@group(0) @binding(8) var<storage, read_write> act: array<f32>;       // [T * TOP_K, INTERMEDIATE]

fn input4(i: u32) -> vec4<f32> { return x[i]; }

@compute @workgroup_size(128)  // WG_SIZE
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = part.first + wg.y;
  init_fp4(lid);
  let list = expert_list(e, lid);
  let tile = wg.z * SLOTS;
  if (tile >= list.y) { return; }  // uniform per workgroup
  let live = min(SLOTS, list.y - tile);
  let ids = tile_slots(list, tile, live);
  var inputs: array<u32, SLOTS>;
  for (var s = 0u; s < SLOTS; s++) { inputs[s] = ids[s] / TOP_K * (HIDDEN / 4u); }
  let first = (wg.x * WARPS + lid / LANES) * ROWS;  // the group's first row of the expert (gate/up interleaved)
  let expert_row = (e - part.first) * 2u * INTERMEDIATE;
  multiply_slots(expert_row + first, expert_row + 2u * INTERMEDIATE, HIDDEN / 32u, inputs, live, lid);

  // Lane i < ROWS / 2 · SLOTS of each group: pair p = i / SLOTS (rows 2p and 2p + 1), slot i % SLOTS.
  let i = lid % LANES;
  let p = i / SLOTS;
  let s = i % SLOTS;
  let j = first / 2u + p;
  if (p < ROWS / 2u && s < live && j < INTERMEDIATE) {
    let bi = e * 2u * INTERMEDIATE + 2u * j;
    let g = min(group_sum(lid, 2u * p * SLOTS + s) + bf16_at(bi, bias[bi / 2u]), LIMIT);
    let u = clamp(group_sum(lid, (2u * p + 1u) * SLOTS + s) + bf16_at(bi + 1u, bias[(bi + 1u) / 2u]), -LIMIT, LIMIT);
    act[ids[s] * INTERMEDIATE + j] = g / (1.0 + exp(-1.702 * g)) * (u + 1.0);
  }
}
