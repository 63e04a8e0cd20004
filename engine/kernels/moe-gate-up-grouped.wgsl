// Expert gate/up + clamped SwiGLU for many tokens: one workgroup per (128 output pairs, expert, 16-slot tile of
// that expert's list). Lane j owns the gate and up rows of pair j (moe-tiles.wgsl) for all 16 slots.
override HIDDEN: u32;        // multiple of 32
override INTERMEDIATE: u32;
override TOP_K: u32;
override LIMIT: f32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<f32>;               // [T, HIDDEN]
@group(0) @binding(3) var<storage, read> offsets: array<u32>;         // [E + 1]
@group(0) @binding(4) var<storage, read> slots: array<u32>;           // [T * TOP_K] grouped by expert
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, 2I, HIDDEN/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, 2I, HIDDEN/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, 2I] bf16
@group(0) @binding(8) var<storage, read_write> act: array<f32>;       // [T * TOP_K, INTERMEDIATE]

var<workgroup> list_info: vec2<u32>;

@compute @workgroup_size(128)  // TILE_LANES
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = part.first + wg.y;
  init_fp4(lid);
  // Read through workgroup memory so the early exit is provably uniform (the loop below has barriers).
  if (lid == 0u) { list_info = vec2<u32>(offsets[e], offsets[e + 1u] - offsets[e]); }
  let info = workgroupUniformLoad(&list_info);
  let list_start = info.x;
  let list_len = info.y;
  let tile = wg.z * TILE_SLOTS;
  if (tile >= list_len) { return; }  // uniform per workgroup
  let bpr = HIDDEN / 32u;
  let j = wg.x * TILE_LANES + lid;
  let pair = min(j, INTERMEDIATE - 1u);  // lanes past the end compute the last pair again (not written)
  let gate_row = ((e - part.first) * 2u * INTERMEDIATE + 2u * pair) * bpr;
  let up_row = gate_row + bpr;
  // Staging: lane → (slot lid % 16, inputs lid / 16 + 8i), so a warp writes 32 consecutive words.
  let my_slot = lid % TILE_SLOTS;
  let has_slot = tile + my_slot < list_len;
  let source = select(0u, slots[list_start + tile + min(my_slot, list_len - tile - 1u)] / TOP_K * HIDDEN, has_slot);
  var gate: array<vec4<f32>, 4>;
  var up: array<vec4<f32>, 4>;

  for (var k0 = 0u; k0 < HIDDEN; k0 += CHUNK) {
    workgroupBarrier();  // the previous round's inputs are used up
    for (var i = lid / TILE_SLOTS; i < CHUNK; i += TILE_LANES / TILE_SLOTS) {
      var v = 0.0;
      if (has_slot && k0 + i < HIDDEN) { v = x[source + k0 + i]; }
      staged[i][my_slot / 4u][my_slot % 4u] = v;
    }
    workgroupBarrier();
    let g0 = k0 / 32u;
    let blocks_here = min(CHUNK, HIDDEN - k0) / 32u;
    for (var b = 0u; b < blocks_here; b++) {
      let g = g0 + b;
      tile_block(blocks[gate_row + g], block_scale(gate_row + g), blocks[up_row + g], block_scale(up_row + g), 32u * b, &gate, &up);
    }
  }

  if (j >= INTERMEDIATE) { return; }
  let bi = e * 2u * INTERMEDIATE + 2u * j;
  let bg = bf16_at(bi, bias[bi / 2u]);
  let bu = bf16_at(bi + 1u, bias[(bi + 1u) / 2u]);
  // Constant indices into the sums (a dynamic index would move them out of registers for the whole kernel).
  write_act(list_start, list_len, tile, j, gate[0], up[0], bg, bu);
  write_act(list_start, list_len, tile + 4u, j, gate[1], up[1], bg, bu);
  write_act(list_start, list_len, tile + 8u, j, gate[2], up[2], bg, bu);
  write_act(list_start, list_len, tile + 12u, j, gate[3], up[3], bg, bu);
}

// SwiGLU of four slots' gate and up sums (list positions first .. first + 3) into act.
fn write_act(list_start: u32, list_len: u32, first: u32, j: u32, gate: vec4<f32>, up: vec4<f32>, bg: f32, bu: f32) {
  for (var q = 0u; q < 4u; q++) {
    if (first + q < list_len) {
      let slot = slots[list_start + first + q];
      let g = min(gate[q] + bg, LIMIT);
      let u = clamp(up[q] + bu, -LIMIT, LIMIT);
      act[slot * INTERMEDIATE + j] = g / (1.0 + exp(-1.702 * g)) * (u + 1.0);
    }
  }
}
