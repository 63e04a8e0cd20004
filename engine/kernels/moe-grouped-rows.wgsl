// MXFP4 products for the expert kernels grouped by expert with a few slots each (batched decode): the lanes split
// each weight row, as in moe-rows.wgsl, and every decoded block serves all SLOTS slots of the workgroup's tile, so
// an expert's weights are read once per tile. A workgroup is WARPS groups of 32 lanes, each taking ROWS weight
// rows (ROWS and SLOTS are `const`s put before this file by moe-grouped-rows.ts). Lane l reads the blocks l, l +
// 32, … of its group's rows (16-byte loads side by side in memory; moe-tiles.wgsl's lane-per-row loads touch a
// cache line per lane) and the same 32 inputs of each slot, from global memory (a slot's input row is small and
// shared by every workgroup of its expert). The ROWS × SLOTS sums then pass through workgroup memory transposed,
// so one lane adds up one sum over its group's 32 lanes: no reduction tree.
const LANES = 32u;
const WARPS = 4u;
const WG_SIZE = LANES * WARPS;
const SUMS = ROWS * SLOTS;
const STRIDE = SUMS + 1u;  // one word of padding: lane l's sums start in bank l, so neither pass conflicts

var<workgroup> partial: array<f32, WG_SIZE * STRIDE>;

// The tile of the expert's list starting at position `tile`: its slot ids (positions past the list repeat the
// last slot; the kernels use only the first `live`).
fn tile_slots(list: vec2<u32>, tile: u32, live: u32) -> array<u32, SLOTS> {
  var ids: array<u32, SLOTS>;
  for (var s = 0u; s < SLOTS; s++) { ids[s] = slots[list.x + tile + min(s, live - 1u)]; }
  return ids;
}

// Rows row0 … row0 + ROWS - 1 of this part (rows from row_end on read the last row; their sums are not used),
// times the first `live` slots' input rows (`inputs`: each row's first vec4, read through the including
// kernel's `input4`), left in `partial` for group_sum; ends with a barrier.
fn multiply_slots(row0: u32, row_end: u32, blocks_per_row: u32, inputs: array<u32, SLOTS>, live: u32, lid: u32) {
  let lane = lid % LANES;
  var acc: array<f32, SUMS>;  // [r * SLOTS + s]
  for (var i = 0u; i < SUMS; i++) { acc[i] = 0.0; }
  for (var g = lane; g < blocks_per_row; g += LANES) {
    var block: array<vec4<u32>, ROWS>;
    var scale: array<f32, ROWS>;
    for (var r = 0u; r < ROWS; r++) {
      let index = min(row0 + r, row_end - 1u) * blocks_per_row + g;
      block[r] = blocks[index];
      scale[r] = e8m0(byte_at(index, scales[index / 4u]));
    }
    // A word (8 values) of every row at a time, each decoded once (through the table) for all the slots.
    for (var w = 0u; w < 4u; w++) {
      var lo: array<vec4<f32>, ROWS>;
      var hi: array<vec4<f32>, ROWS>;
      for (var r = 0u; r < ROWS; r++) {
        let q = block[r][w];
        lo[r] = vec4<f32>(fp4[q & 15u], fp4[(q >> 4u) & 15u], fp4[(q >> 8u) & 15u], fp4[(q >> 12u) & 15u]);
        hi[r] = vec4<f32>(fp4[(q >> 16u) & 15u], fp4[(q >> 20u) & 15u], fp4[(q >> 24u) & 15u], fp4[q >> 28u]);
      }
      for (var s = 0u; s < SLOTS; s++) {
        if (s < live) {  // uniform: the tile's slot count
          let at = inputs[s] + g * 8u + 2u * w;
          let a = input4(at);
          let b = input4(at + 1u);
          for (var r = 0u; r < ROWS; r++) { acc[r * SLOTS + s] += scale[r] * (dot(lo[r], a) + dot(hi[r], b)); }
        }
      }
    }
  }
  for (var i = 0u; i < SUMS; i++) { partial[lid * STRIDE + i] = acc[i]; }
  workgroupBarrier();
}

// Sum i (row r, slot s: r * SLOTS + s) over the 32 lanes of the calling lane's group, after multiply_slots.
fn group_sum(lid: u32, i: u32) -> f32 {
  let first = lid - lid % LANES;
  var total = 0.0;
  for (var l = 0u; l < LANES; l++) { total += partial[(first + l) * STRIDE + i]; }
  return total;
}
