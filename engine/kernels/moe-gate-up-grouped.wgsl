// Expert gate/up + clamped SwiGLU for the slots grouped by expert: one workgroup per (tile of TILE_SLOTS slots of an
// expert's list (moe-route lists them), 128 · LANE_ROWS / 2 output pairs, part of the inputs). A lane owns the
// gate and up rows of LANE_ROWS / 2 pairs (moe-tiles.wgsl) for all the tile's slots. Reads the separately normed
// rows `x` (RMSNorm ran before).
// With K_PARTS > 1 each workgroup takes one of K_PARTS runs of the inputs and writes its partial gate and up sums
// ([part][slot][2I], no bias) to `act`; moe-swiglu-parts adds them up (tile-k-parts.ts says why).
override HIDDEN: u32;        // multiple of 32
override INTERMEDIATE: u32;
override TOP_K: u32;
override LIMIT: f32;
override K_PARTS: u32 = 1u;   // runs of the inputs, one per workgroup (grid z)

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<f32>;               // [T, HIDDEN]
@group(0) @binding(3) var<storage, read> offsets: array<u32>;         // list starts, tile count, tiles (moe-route.wgsl)
@group(0) @binding(4) var<storage, read> slots: array<u32>;           // [T * TOP_K] grouped by expert
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, 2I, HIDDEN/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, 2I, HIDDEN/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, 2I] bf16
@group(0) @binding(8) var<storage, read_write> act: array<f32>;       // [T * TOP_K, INTERMEDIATE], or partial sums [K_PARTS, T * TOP_K, 2I]

fn input_at(i: u32) -> f32 { return x[i]; }

@compute @workgroup_size(128)  // TILE_LANES
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let inputs = part_inputs(wg.z, HIDDEN);
  init_fp4(lid);
  // Tiles vary fastest: an expert's tiles are listed together and read its rows together (L2).
  let listed = tile_at(wg.x, lid);
  let e = listed.x;
  if (e < part.first || e >= part.first + part.count) { return; }  // past the list, or another part's expert (uniform)
  let tile = listed.yz;
  let bpr = HIDDEN / 32u;
  // Lane `lid` owns pairs lid, lid + TILE_LANES, … (LANE_ROWS / 2 of them); pairs past the end compute the last
  // pair again (not written), so loads need no branches.
  var rows: RowIndex;
  for (var r = 0u; r < LANE_ROWS; r++) {
    let pair = min(pair_of(wg.y, lid, r / 2u), INTERMEDIATE - 1u);
    rows[r] = ((e - part.first) * 2u * INTERMEDIATE + 2u * pair + r % 2u) * bpr;   // gate row, then its up row
  }
  let mine = tile_slot(tile, lid);
  let source = mine.x / TOP_K * HIDDEN;  // the slot's token row
  var sums: Sums;
  for (var k0 = inputs.x; k0 < inputs.y; k0 += CHUNK) {
    stage_chunk(k0, inputs.y, source, mine.y != 0u, lid);
    tile_chunk(rows, k0, inputs.y, &sums);
  }

  for (var p = 0u; p < LANE_ROWS / 2u; p++) {
    let j = pair_of(wg.y, lid, p);
    if (j >= INTERMEDIATE) { return; }
    if (K_PARTS > 1u) {
      let first = wg.z * step.tokens * TOP_K;
      for (var q = 0u; q < SLOT_VECS; q++) {
        for (var r = 0u; r < 4u; r++) {
          let slot = slot_at(tile, 4u * q + r);
          if (slot != 0xffffffffu) {
            act[((first + slot) * INTERMEDIATE + j) * 2u] = sums[2u * p][q][r];
            act[((first + slot) * INTERMEDIATE + j) * 2u + 1u] = sums[2u * p + 1u][q][r];
          }
        }
      }
      continue;
    }
    let bi = e * 2u * INTERMEDIATE + 2u * j;
    let bg = bf16_at(bi, bias[bi / 2u]);
    let bu = bf16_at(bi + 1u, bias[(bi + 1u) / 2u]);
    for (var q = 0u; q < SLOT_VECS; q++) {
      for (var r = 0u; r < 4u; r++) {
        let slot = slot_at(tile, 4u * q + r);
        if (slot != 0xffffffffu) {
          act[slot * INTERMEDIATE + j] = clamped_swiglu(sums[2u * p][q][r] + bg, sums[2u * p + 1u][q][r] + bu, LIMIT);
        }
      }
    }
  }
}

// The workgroup's p-th pair of lane `lid`: workgroup `block` covers TILE_LANES · LANE_ROWS / 2 consecutive pairs.
fn pair_of(block: u32, lid: u32, p: u32) -> u32 { return (block * (LANE_ROWS / 2u) + p) * TILE_LANES + lid; }
