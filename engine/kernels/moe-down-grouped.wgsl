// Expert down projection + bias for the slots grouped by expert: one workgroup per (tile of TILE_SLOTS slots of an
// expert's list (moe-route lists them), 128 · LANE_ROWS output rows, part of the inputs). Lane l owns rows l,
// l + 128, … of the workgroup's range (moe-tiles.wgsl) for all the tile's slots. Writes each slot's expert
// output; moe-combine adds the routing-weighted sum to the residual.
// With K_PARTS > 1 each workgroup takes one of K_PARTS runs of the inputs and writes its partial sums
// ([part][slot][HIDDEN], the bias in part 0's); moe-combine adds the parts up.
override HIDDEN: u32;
override INTERMEDIATE: u32;  // multiple of 32
override TOP_K: u32;
override K_PARTS: u32 = 1u;   // runs of the inputs, one per workgroup (grid z)

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> act: array<f32>;             // [T * TOP_K, INTERMEDIATE]
@group(0) @binding(3) var<storage, read> offsets: array<u32>;         // list starts, tile count, tiles (moe-route.wgsl)
@group(0) @binding(4) var<storage, read> slots: array<u32>;           // [T * TOP_K]
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, HIDDEN, I/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, HIDDEN, I/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, HIDDEN] bf16
@group(0) @binding(8) var<storage, read_write> expert_out: array<f32>; // [K_PARTS, T * TOP_K, HIDDEN]

fn input_at(i: u32) -> f32 { return act[i]; }

@compute @workgroup_size(128)  // TILE_LANES
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let k_part = wg.z;
  let inputs = part_inputs(k_part, INTERMEDIATE);
  init_fp4(lid);
  // Tiles vary fastest: an expert's tiles are listed together and read its rows together (L2).
  let listed = tile_at(wg.x, lid);
  let e = listed.x;
  if (e < part.first || e >= part.first + part.count) { return; }  // past the list, or another part's expert (uniform)
  let tile = listed.yz;
  let bpr = INTERMEDIATE / 32u;
  // Lane `lid` owns rows lid, lid + TILE_LANES, … of the workgroup's range (LANE_ROWS of them). Rows past the
  // end compute the last row again (not written), so loads need no branches.
  var rows: RowIndex;
  for (var r = 0u; r < LANE_ROWS; r++) { rows[r] = ((e - part.first) * HIDDEN + min(row_of(wg.y, lid, r), HIDDEN - 1u)) * bpr; }
  let mine = tile_slot(tile, lid);
  var sums: Sums;
  for (var k0 = inputs.x; k0 < inputs.y; k0 += CHUNK) {
    stage_chunk(k0, inputs.y, mine.x * INTERMEDIATE, mine.y != 0u, lid);
    tile_chunk(rows, k0, inputs.y, &sums);
  }
  let first = k_part * step.tokens * TOP_K;

  for (var m = 0u; m < LANE_ROWS; m++) {
    let h = row_of(wg.y, lid, m);
    if (h >= HIDDEN) { return; }
    let bh = select(0.0, bf16_at(e * HIDDEN + h, bias[(e * HIDDEN + h) / 2u]), k_part == 0u);
    for (var q = 0u; q < SLOT_VECS; q++) {
      for (var r = 0u; r < 4u; r++) {
        let slot = slot_at(tile, 4u * q + r);
        if (slot != 0xffffffffu) { expert_out[(first + slot) * HIDDEN + h] = sums[m][q][r] + bh; }
      }
    }
  }
}

// The workgroup's m-th row of lane `lid`: workgroup `block` covers TILE_LANES · LANE_ROWS consecutive rows.
fn row_of(block: u32, lid: u32, m: u32) -> u32 { return (block * LANE_ROWS + m) * TILE_LANES + lid; }
