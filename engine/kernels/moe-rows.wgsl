// Warp-per-rows MXFP4 matrix-vector products for the per-token expert kernels. A workgroup is two groups of 32
// lanes; each group computes R weight rows (a `const` of the including kernel) together: lane l takes the
// 32-value blocks l, l + 32, … of the input once and uses them for all R rows, so the input is read once per
// R rows instead of once per row, and each lane has R independent block loads in flight. Sums are reduced
// through workgroup memory (one barrier, each group's rows summed by R of its lanes).
const LANES = 32u;
const GROUPS_PER_WG = 2u;
const RED_STRIDE = R + 1u;   // R row sums and one extra value (the norm's sum of squares) per lane

var<workgroup> red: array<f32, LANES * GROUPS_PER_WG * RED_STRIDE>;

// acc[r] += scale · (block (row0 + r, g) · xs) for the rows that exist (row0 + r < row_end; others read the
// last row and add nothing, so the loops have no branches).
fn accumulate_rows(acc: ptr<function, array<f32, R>>, xs: ptr<function, array<vec4<f32>, 8>>,
                   row0: u32, row_end: u32, blocks_per_row: u32, g: u32, scale: f32) {
  var block: array<vec4<u32>, R>;
  var scale_byte: array<u32, R>;
  for (var r = 0u; r < R; r++) {
    let index = min(row0 + r, row_end - 1u) * blocks_per_row + g;
    block[r] = blocks[index];
    scale_byte[r] = byte_at(index, scales[index / 4u]);
  }
  for (var r = 0u; r < R; r++) {
    let d = block_dot(block[r], xs) * e8m0(scale_byte[r]) * scale;
    (*acc)[r] += select(0.0, d, row0 + r < row_end);
  }
}

// Sums acc (and `extra`) over the 32 lanes of each group. Every thread calls it; afterwards group_total(group,
// r) is row r's sum (r = R: the extra value's).
fn reduce_groups(acc: ptr<function, array<f32, R>>, extra: f32, lid: u32) {
  for (var r = 0u; r < R; r++) { red[lid * RED_STRIDE + r] = (*acc)[r]; }
  red[lid * RED_STRIDE + R] = extra;
  workgroupBarrier();
}

fn group_total(group: u32, r: u32) -> f32 {
  var s = 0.0;
  for (var l = 0u; l < LANES; l++) { s += red[(group * LANES + l) * RED_STRIDE + r]; }
  return s;
}
