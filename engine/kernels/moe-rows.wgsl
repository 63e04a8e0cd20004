// Warp-per-rows MXFP4 matrix-vector products for the per-token expert kernels. A workgroup is GROUPS_PER_WG
// groups of 32 lanes; each group computes R weight rows (a `const` of the including kernel) together: lane l
// takes the 32-value blocks l, l + 32, … of the input once and uses them for all R rows, so the input is read
// once per R rows, and each lane has R independent block loads in flight.
//
// FP4 values are decoded by fp4_pairs (mxfp4.ts: through f16 subnormals, or a table in workgroup memory), not by
// general arithmetic: measured on an H200, decoding with ~8 integer operations per value made these kernels
// compute-bound at a fraction of the memory bandwidth.
const LANES = 32u;
const GROUPS_PER_WG = 4u;
const WG_SIZE = LANES * GROUPS_PER_WG;
const RED_STRIDE = R + 1u;   // R row sums and one extra value (the norm's sum of squares)

// The R blocks (and scale bytes) of rows row0 … row0 + R - 1 at block column g; rows past row_end read the
// last row (their sums are dropped), so loads have no branches. Loaded one iteration ahead of their use.
struct RowBlocks { block: array<vec4<u32>, R>, scale: array<u32, R> }

fn load_rows(row0: u32, row_end: u32, blocks_per_row: u32, g: u32) -> RowBlocks {
  var rb: RowBlocks;
  for (var r = 0u; r < R; r++) {
    let index = min(row0 + r, row_end - 1u) * blocks_per_row + g;
    rb.block[r] = blocks[index];
    rb.scale[r] = byte_at(index, scales[index / 4u]);
  }
  return rb;
}

// share_sums(acc, extra, lid) (moe-sums-workgroup.wgsl or moe-sums-subgroup.wgsl, by device) fills `totals`:
// each group's sum of every acc[r] and of `extra`.
var<workgroup> totals: array<f32, GROUPS_PER_WG * RED_STRIDE>;

// Row r's sum over the 32 lanes of one group (r = R: the extra value's).
fn group_total(group: u32, r: u32) -> f32 { return totals[group * RED_STRIDE + r]; }

// Row r's sum over the whole workgroup.
fn workgroup_total(r: u32) -> f32 {
  var s = 0.0;
  for (var q = 0u; q < GROUPS_PER_WG; q++) { s += group_total(q, r); }
  return s;
}
