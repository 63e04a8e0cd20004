// The per-token expert kernels' products with the input row staged in workgroup memory (moe-gate-up.wgsl,
// moe-down.wgsl declare `staged`); moe-rows.wgsl has the lane layout, the row loads and the sums.

// The input row is staged in workgroup memory, each 32-value block's 8 vec4 permuted by its block index (XOR
// swizzle): lane l reads block l, so unswizzled the lanes of a quarter-warp would read addresses 128 bytes apart,
// all in the same banks (measured on an H200: 48 µs per gate/up dispatch unswizzled, 35 swizzled).
fn staged_index(i: u32) -> u32 { return (i & ~7u) | ((i ^ (i >> 3u)) & 7u); }

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
