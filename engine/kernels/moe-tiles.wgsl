// Register-tiled MXFP4 matrix products for the grouped expert kernels (many tokens): each lane owns two weight
// rows and keeps 2 × TILE_SLOTS sums in registers, so every FP4 value it decodes (one table load, one multiply
// by the block's scale) feeds TILE_SLOTS multiply-adds. The tile's inputs are staged in workgroup memory,
// CHUNK values of all TILE_SLOTS slots at a time, transposed so one input position is four vec4 (a broadcast
// load: every lane reads the same address). The previous kernels decoded a tile of weights into workgroup
// memory and read one weight and one input per multiply-add: bound by workgroup-memory loads.
const TILE_SLOTS = 16u;
const CHUNK = 128u;          // inputs staged per round (4 blocks)
const TILE_LANES = 128u;

var<workgroup> staged: array<array<vec4<f32>, 4>, CHUNK>;  // [input][slot / 4] (slot % 4 in the vec4)

// Row a's and row b's blocks (with their scales) times the staged inputs first .. first + 31, into the sums.
fn tile_block(a: vec4<u32>, scale_a: f32, b: vec4<u32>, scale_b: f32, first: u32,
              sum_a: ptr<function, array<vec4<f32>, 4>>, sum_b: ptr<function, array<vec4<f32>, 4>>) {
  for (var w = 0u; w < 4u; w++) {
    for (var n = 0u; n < 8u; n++) {
      let shift = 4u * n;
      let va = fp4[(a[w] >> shift) & 15u] * scale_a;
      let vb = fp4[(b[w] >> shift) & 15u] * scale_b;
      let xs = staged[first + 8u * w + n];
      // Written out (not a loop over q) so the sums stay in registers whatever the compiler unrolls.
      (*sum_a)[0] += va * xs[0];
      (*sum_a)[1] += va * xs[1];
      (*sum_a)[2] += va * xs[2];
      (*sum_a)[3] += va * xs[3];
      (*sum_b)[0] += vb * xs[0];
      (*sum_b)[1] += vb * xs[1];
      (*sum_b)[2] += vb * xs[2];
      (*sum_b)[3] += vb * xs[3];
    }
  }
}

fn block_scale(index: u32) -> f32 { return e8m0(byte_at(index, scales[index / 4u])); }
