// Register-tiled MXFP4 matrix products for the grouped expert kernels: each lane owns two weight rows and keeps
// 2 × TILE_SLOTS sums in registers, so every FP4 value it decodes (fp4_pairs, mxfp4.ts) feeds TILE_SLOTS
// multiply-adds. TILE_SLOTS (a `const` put before this file by moe-tiles.ts) is 16 for
// prompts and 4 for batched decode, where an expert has a few of the pass's slots: a 16-slot tile would do 4×
// the multiply-adds for nothing. The tile's inputs are staged in workgroup memory, CHUNK values of all its slots
// at a time (8 KB whatever the tile), transposed so one input position is SLOT_VECS vec4 (a broadcast load:
// every lane reads the same address). The previous kernels decoded a tile of weights into workgroup memory and
// read one weight and one input per multiply-add: bound by workgroup-memory loads.
const SLOT_VECS = TILE_SLOTS / 4u;
const CHUNK = 2048u / TILE_SLOTS;   // inputs staged per round
const TILE_LANES = 128u;

var<workgroup> staged: array<array<vec4<f32>, SLOT_VECS>, CHUNK>;  // [input][slot / 4] (slot % 4 in the vec4)

// Row a's and row b's blocks (with their scales) times the staged inputs first .. first + 31, into the sums.
// 4-slot tiles add up each block's products unscaled and scale them once (a power of two: the same values as
// scaling each one): H100, 32-row batched pass, expert kernels 21.4 → 19.4 ms. 16-slot tiles scale every value:
// with 32 block sums more per lane they were slower (128-token prompt pass, expert kernels 53 → 68 ms).
fn tile_block(a: vec4<u32>, scale_a: f32, b: vec4<u32>, scale_b: f32, first: u32,
              sum_a: ptr<function, array<vec4<f32>, SLOT_VECS>>, sum_b: ptr<function, array<vec4<f32>, SLOT_VECS>>) {
  if (SLOT_VECS > 1u) {
    block_products(a, scale_a, b, scale_b, first, sum_a, sum_b);
    return;
  }
  var block_a = array<vec4<f32>, SLOT_VECS>();
  var block_b = array<vec4<f32>, SLOT_VECS>();
  block_products(a, 1.0, b, 1.0, first, &block_a, &block_b);
  for (var q = 0u; q < SLOT_VECS; q++) {
    (*sum_a)[q] += block_a[q] * scale_a;
    (*sum_b)[q] += block_b[q] * scale_b;
  }
}

// Adds row a's and row b's block values (times `va_scale`, `vb_scale`) times the staged inputs into the sums.
fn block_products(a: vec4<u32>, va_scale: f32, b: vec4<u32>, vb_scale: f32, first: u32,
                  sum_a: ptr<function, array<vec4<f32>, SLOT_VECS>>, sum_b: ptr<function, array<vec4<f32>, SLOT_VECS>>) {
  for (var w = 0u; w < 4u; w++) {
    let pa = fp4_pairs(a[w]);
    let pb = fp4_pairs(b[w]);
    let at = first + 8u * w;
    // Values 0 … 7 of the word in order (pair k holds values k and k + 4).
    value_products(pa[0].x * va_scale, pb[0].x * vb_scale, at, sum_a, sum_b);
    value_products(pa[1].x * va_scale, pb[1].x * vb_scale, at + 1u, sum_a, sum_b);
    value_products(pa[2].x * va_scale, pb[2].x * vb_scale, at + 2u, sum_a, sum_b);
    value_products(pa[3].x * va_scale, pb[3].x * vb_scale, at + 3u, sum_a, sum_b);
    value_products(pa[0].y * va_scale, pb[0].y * vb_scale, at + 4u, sum_a, sum_b);
    value_products(pa[1].y * va_scale, pb[1].y * vb_scale, at + 5u, sum_a, sum_b);
    value_products(pa[2].y * va_scale, pb[2].y * vb_scale, at + 6u, sum_a, sum_b);
    value_products(pa[3].y * va_scale, pb[3].y * vb_scale, at + 7u, sum_a, sum_b);
  }
}

// One value of row a and one of row b times staged input `at` of every slot.
fn value_products(va: f32, vb: f32, at: u32,
                  sum_a: ptr<function, array<vec4<f32>, SLOT_VECS>>, sum_b: ptr<function, array<vec4<f32>, SLOT_VECS>>) {
  let xs = staged[at];
  // A constant trip count: unrolled, so the sums stay in registers.
  for (var q = 0u; q < SLOT_VECS; q++) {
    (*sum_a)[q] += va * xs[q];
    (*sum_b)[q] += vb * xs[q];
  }
}

// Stages inputs k0 .. k0 + CHUNK - 1 of the tile's slots (`source`: this lane's input row start, `has_slot`:
// whether its slot exists; lane → slot lid % TILE_SLOTS, so a warp writes consecutive words) through the
// including kernel's `input_at` (its input binding; k_len values per row). Barriers on both sides.
fn stage_chunk(k0: u32, k_len: u32, source: u32, has_slot: bool, lid: u32) {
  workgroupBarrier();  // the previous round's inputs are used up
  let my_slot = lid % TILE_SLOTS;
  for (var i = lid / TILE_SLOTS; i < CHUNK; i += TILE_LANES / TILE_SLOTS) {
    var v = 0.0;
    if (has_slot && k0 + i < k_len) { v = input_at(source + k0 + i); }
    staged[i][my_slot / 4u][my_slot % 4u] = v;
  }
  workgroupBarrier();
}

// Rows row_a and row_b (block indices of their first block) times inputs k0 .. k0 + CHUNK - 1 (staged), into
// the sums; each block pair is loaded while the previous one is multiplied.
fn tile_chunk(row_a: u32, row_b: u32, k0: u32, k_len: u32,
              sum_a: ptr<function, array<vec4<f32>, SLOT_VECS>>, sum_b: ptr<function, array<vec4<f32>, SLOT_VECS>>) {
  let g0 = k0 / 32u;
  let count = min(CHUNK, k_len - k0) / 32u;
  var a = blocks[row_a + g0];
  var b = blocks[row_b + g0];
  var sa = block_scale(row_a + g0);
  var sb = block_scale(row_b + g0);
  for (var i = 0u; i < count; i++) {
    let g = g0 + min(i + 1u, count - 1u);
    let next_a = blocks[row_a + g];
    let next_b = blocks[row_b + g];
    let next_sa = block_scale(row_a + g);
    let next_sb = block_scale(row_b + g);
    tile_block(a, sa, b, sb, 32u * i, sum_a, sum_b);
    a = next_a;
    b = next_b;
    sa = next_sa;
    sb = next_sb;
  }
}

fn block_scale(index: u32) -> f32 { return fp4_scale(byte_at(index, scales[index / 4u])); }

// The list of the expert's slots this workgroup serves: x = start of the expert's list, y = its length.
var<workgroup> list_info: vec2<u32>;

// Reads the expert's list bounds through workgroup memory, so the early exit that follows is provably uniform
// (the loops after it have barriers).
fn expert_list(e: u32, lid: u32) -> vec2<u32> {
  if (lid == 0u) { list_info = vec2<u32>(offsets[e], offsets[e + 1u] - offsets[e]); }
  return workgroupUniformLoad(&list_info);
}

// This lane's staging slot (lid % TILE_SLOTS) of the tile starting at list position `tile`: x = its slot id
// (t * TOP_K + k), y = 1 where it exists (lanes past the list get the list's last slot, not used).
fn tile_slot(list: vec2<u32>, tile: u32, lid: u32) -> vec2<u32> {
  let my_slot = lid % TILE_SLOTS;
  return vec2<u32>(slots[list.x + tile + min(my_slot, list.y - tile - 1u)], u32(tile + my_slot < list.y));
}

// The tile's slot at tile position s (s < TILE_SLOTS), if it exists: its slot id; else 0xffffffff.
fn slot_at(list: vec2<u32>, tile: u32, s: u32) -> u32 {
  return select(0xffffffffu, slots[list.x + tile + s], tile + s < list.y);
}
