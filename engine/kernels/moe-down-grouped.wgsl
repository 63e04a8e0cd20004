// Expert down projection + bias for many tokens: one workgroup per (256 output rows, expert, 16-slot tile).
// Lane l owns rows l and l + 128 of the workgroup's range (moe-tiles.wgsl) for all 16 slots. Writes each
// slot's expert output; moe-combine adds the routing-weighted sum to the residual.
override HIDDEN: u32;
override INTERMEDIATE: u32;  // multiple of 32
override TOP_K: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> act: array<f32>;             // [T * TOP_K, INTERMEDIATE]
@group(0) @binding(3) var<storage, read> offsets: array<u32>;         // [E + 1]
@group(0) @binding(4) var<storage, read> slots: array<u32>;           // [T * TOP_K]
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, HIDDEN, I/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, HIDDEN, I/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, HIDDEN] bf16
@group(0) @binding(8) var<storage, read_write> expert_out: array<f32>; // [T * TOP_K, HIDDEN]

var<workgroup> list_info: vec2<u32>;

@compute @workgroup_size(128)  // TILE_LANES
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = part.first + wg.y;
  init_fp4(lid);
  if (lid == 0u) { list_info = vec2<u32>(offsets[e], offsets[e + 1u] - offsets[e]); }
  let info = workgroupUniformLoad(&list_info);
  let list_start = info.x;
  let list_len = info.y;
  let tile = wg.z * TILE_SLOTS;
  if (tile >= list_len) { return; }
  let bpr = INTERMEDIATE / 32u;
  let h0 = wg.x * 2u * TILE_LANES + lid;
  let h1 = h0 + TILE_LANES;
  // Rows past the end compute the last row again (not written), so loads need no branches.
  let row0 = ((e - part.first) * HIDDEN + min(h0, HIDDEN - 1u)) * bpr;
  let row1 = ((e - part.first) * HIDDEN + min(h1, HIDDEN - 1u)) * bpr;
  let my_slot = lid % TILE_SLOTS;
  let has_slot = tile + my_slot < list_len;
  let source = select(0u, slots[list_start + tile + min(my_slot, list_len - tile - 1u)] * INTERMEDIATE, has_slot);
  var sum0: array<vec4<f32>, 4>;
  var sum1: array<vec4<f32>, 4>;

  for (var k0 = 0u; k0 < INTERMEDIATE; k0 += CHUNK) {
    workgroupBarrier();
    for (var i = lid / TILE_SLOTS; i < CHUNK; i += TILE_LANES / TILE_SLOTS) {
      var v = 0.0;
      if (has_slot && k0 + i < INTERMEDIATE) { v = act[source + k0 + i]; }
      staged[i][my_slot / 4u][my_slot % 4u] = v;
    }
    workgroupBarrier();
    let g0 = k0 / 32u;
    let blocks_here = min(CHUNK, INTERMEDIATE - k0) / 32u;
    for (var b = 0u; b < blocks_here; b++) {
      let g = g0 + b;
      tile_block(blocks[row0 + g], block_scale(row0 + g), blocks[row1 + g], block_scale(row1 + g), 32u * b, &sum0, &sum1);
    }
  }

  // Constant indices into the sums (a dynamic index would move them out of registers for the whole kernel).
  let lists = vec3<u32>(list_start, list_len, tile);
  write_out(lists, e, h0, sum0[0], sum0[1], sum0[2], sum0[3]);
  write_out(lists, e, h1, sum1[0], sum1[1], sum1[2], sum1[3]);
}

// Row h's sums for the tile's 16 slots (`lists`: list start, list length, tile start), plus the bias.
fn write_out(lists: vec3<u32>, e: u32, h: u32, s0: vec4<f32>, s1: vec4<f32>, s2: vec4<f32>, s3: vec4<f32>) {
  if (h >= HIDDEN) { return; }
  let bias_h = bf16_at(e * HIDDEN + h, bias[(e * HIDDEN + h) / 2u]);
  for (var s = 0u; s < TILE_SLOTS; s++) {
    if (lists.z + s >= lists.y) { return; }
    let q = s % 4u;
    let v = select(select(select(s0[q], s1[q], s >= 4u), s2[q], s >= 8u), s3[q], s >= 12u);
    expert_out[slots[lists.x + lists.z + s] * HIDDEN + h] = v + bias_h;
  }
}
