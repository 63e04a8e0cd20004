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

// The input row is staged in workgroup memory, each 32-value block's 8 vec4 permuted by its block index (XOR
// swizzle): lane l reads block l, so unswizzled the lanes of a quarter-warp would read addresses 128 bytes apart,
// all in the same banks (measured on an H200: 48 µs per gate/up dispatch unswizzled, 35 swizzled).
fn staged_index(i: u32) -> u32 { return (i & ~7u) | ((i ^ (i >> 3u)) & 7u); }

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

// acc[r] += block r · (the 32 inputs of block column g) for the rows that exist. Word by word: each word's 8
// inputs are read once for all R rows and only 8 are held at a time, not the block's 32 (fewer registers; an
// 8-row pass's expert kernels 7.76 → 7.63 ms on an H100, docs/engine.md).
fn accumulate_rows(acc: ptr<function, array<f32, R>>, rb: ptr<function, RowBlocks>, g: u32, row0: u32, row_end: u32) {
  var d = array<f32, R>();
  for (var w = 0u; w < 4u; w++) {
    let a = staged[staged_index(g * 8u + 2u * w)];
    let b = staged[staged_index(g * 8u + 2u * w + 1u)];
    for (var r = 0u; r < R; r++) {
      let v = fp4_pairs((*rb).block[r][w]);  // values k and k + 4: the word's first four go with a, the rest with b
      let s = v[0] * vec2<f32>(a.x, b.x) + v[1] * vec2<f32>(a.y, b.y) + v[2] * vec2<f32>(a.z, b.z) + v[3] * vec2<f32>(a.w, b.w);
      d[r] += s.x;
      d[r] += s.y;
    }
  }
  for (var r = 0u; r < R; r++) {
    (*acc)[r] += select(0.0, d[r] * fp4_scale((*rb).scale[r]), row0 + r < row_end);
  }
}

// This lane's share of rows row0 … row0 + R - 1 times the input staged by the including kernel (`staged`):
// block columns lane, lane + 32, …, each column's blocks loaded while the previous one is multiplied. `first`
// holds the first column's blocks (loaded before the staging, so their latency overlaps it).
fn multiply_staged(first: RowBlocks, row0: u32, row_end: u32, blocks_per_row: u32, lane: u32) -> array<f32, R> {
  var acc = array<f32, R>();
  var next = first;
  for (var g = lane; g < blocks_per_row; g += LANES) {
    var cur = next;
    next = load_rows(row0, row_end, blocks_per_row, min(g + LANES, blocks_per_row - 1u));
    accumulate_rows(&acc, &cur, g, row0, row_end);
  }
  return acc;
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
