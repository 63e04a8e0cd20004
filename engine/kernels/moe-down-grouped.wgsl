// Expert down projection + bias for the slots grouped by expert: one workgroup per (256 output rows, expert,
// TILE_SLOTS-slot tile). Lane l owns rows l and l + 128 of the workgroup's range (moe-tiles.wgsl) for all the
// tile's slots. Writes each slot's expert output; moe-combine adds the routing-weighted sum to the residual.
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

fn input_at(i: u32) -> f32 { return act[i]; }

@compute @workgroup_size(128)  // TILE_LANES
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = part.first + wg.z;
  init_fp4(lid);
  let list = expert_list(e, lid);
  let tile = wg.x * TILE_SLOTS;  // tiles vary fastest: an expert's tiles read its rows together (L2)
  if (tile >= list.y) { return; }  // uniform per workgroup
  let bpr = INTERMEDIATE / 32u;
  let h0 = wg.y * 2u * TILE_LANES + lid;
  let h1 = h0 + TILE_LANES;
  // Rows past the end compute the last row again (not written), so loads need no branches.
  let row0 = ((e - part.first) * HIDDEN + min(h0, HIDDEN - 1u)) * bpr;
  let row1 = ((e - part.first) * HIDDEN + min(h1, HIDDEN - 1u)) * bpr;
  let mine = tile_slot(list, tile, lid);
  var sum0: array<vec4<f32>, SLOT_VECS>;
  var sum1: array<vec4<f32>, SLOT_VECS>;
  for (var k0 = 0u; k0 < INTERMEDIATE; k0 += CHUNK) {
    stage_chunk(k0, INTERMEDIATE, mine.x * INTERMEDIATE, mine.y != 0u, lid);
    tile_chunk(row0, row1, k0, INTERMEDIATE, &sum0, &sum1);
  }

  let b0 = e * HIDDEN + min(h0, HIDDEN - 1u);
  let b1 = e * HIDDEN + min(h1, HIDDEN - 1u);
  let bias0 = bf16_at(b0, bias[b0 / 2u]);
  let bias1 = bf16_at(b1, bias[b1 / 2u]);
  for (var q = 0u; q < SLOT_VECS; q++) {
    for (var r = 0u; r < 4u; r++) {
      let slot = slot_at(list, tile, 4u * q + r);
      if (slot == 0xffffffffu) { return; }
      if (h0 < HIDDEN) { expert_out[slot * HIDDEN + h0] = sum0[q][r] + bias0; }
      if (h1 < HIDDEN) { expert_out[slot * HIDDEN + h1] = sum1[q][r] + bias1; }
    }
  }
}
