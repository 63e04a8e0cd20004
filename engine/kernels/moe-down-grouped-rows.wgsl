// Expert down projection + bias for the slots grouped by expert, a few per expert (batched decode): one
// workgroup per (WARPS · ROWS output rows, expert, tile of SLOTS of that expert's slots); each group of 32 lanes
// takes ROWS rows (moe-grouped-rows.wgsl). Writes each slot's expert output; moe-combine adds the
// routing-weighted sum to the residual.
override HIDDEN: u32;
override INTERMEDIATE: u32;  // multiple of 32
override TOP_K: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> act: array<vec4<f32>>;       // [T * TOP_K, INTERMEDIATE]
@group(0) @binding(3) var<storage, read> offsets: array<u32>;         // [E + 1]
@group(0) @binding(4) var<storage, read> slots: array<u32>;           // [T * TOP_K] grouped by expert
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, HIDDEN, I/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, HIDDEN, I/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, HIDDEN] bf16
@group(0) @binding(8) var<storage, read_write> expert_out: array<f32>; // [T * TOP_K, HIDDEN]

fn input4(i: u32) -> vec4<f32> { return act[i]; }

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
  for (var s = 0u; s < SLOTS; s++) { inputs[s] = ids[s] * (INTERMEDIATE / 4u); }
  let first = (wg.x * WARPS + lid / LANES) * ROWS;
  let expert_row = (e - part.first) * HIDDEN;
  multiply_slots(expert_row + first, expert_row + HIDDEN, INTERMEDIATE / 32u, inputs, live, lid);

  // Lane i < ROWS · SLOTS of each group: row i / SLOTS, slot i % SLOTS.
  let i = lid % LANES;
  let s = i % SLOTS;
  let h = first + i / SLOTS;
  if (i < SUMS && s < live && h < HIDDEN) {
    let b = e * HIDDEN + h;
    expert_out[ids[s] * HIDDEN + h] = group_sum(lid, i) + bf16_at(b, bias[b / 2u]);
  }
}
