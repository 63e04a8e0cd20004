// Register-tiled MXFP4 matrix products for the grouped expert kernels: each lane owns LANE_ROWS (2) weight rows and keeps
// LANE_ROWS × TILE_SLOTS sums in registers, so every FP4 value it decodes (fp4_pairs, mxfp4.ts) feeds TILE_SLOTS
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

// Weight rows per lane (moe-tiles.ts's LANE_ROWS). The per-row arrays below, each word's values decoded for
// all rows before the multiply-adds, compiled faster than the same work written for two named rows (H100, a
// 128-token prompt pass: grouped gate/up 25.6 → 23.3 ms, down 18.9 → 13.6; docs/engine.md). Four rows per lane
// were slower (16-slot tiles spill; 8-slot tiles of 4 rows: prefill 3,095 → 2,895 tokens/s).
const LANE_ROWS = 2u;
alias Sums = array<array<vec4<f32>, SLOT_VECS>, LANE_ROWS>;
alias RowIndex = array<u32, LANE_ROWS>;

// The rows' blocks (with their scales) times the staged inputs first .. first + 31, into the sums.
// 4-slot tiles add up each block's products unscaled and scale them once (a power of two: the same values as
// scaling each one): H100, 32-row batched pass, expert kernels 21.4 → 19.4 ms. 16-slot tiles scale every value:
// with 32 block sums more per lane they were slower (128-token prompt pass, expert kernels 53 → 68 ms).
fn tile_block(bl: array<vec4<u32>, LANE_ROWS>, sc: array<f32, LANE_ROWS>, first: u32, sums: ptr<function, Sums>) {
  if (SLOT_VECS > 1u) {
    block_products(bl, sc, first, sums);
    return;
  }
  var block = Sums();
  var ones: array<f32, LANE_ROWS>;
  for (var r = 0u; r < LANE_ROWS; r++) { ones[r] = 1.0; }
  block_products(bl, ones, first, &block);
  for (var r = 0u; r < LANE_ROWS; r++) {
    for (var q = 0u; q < SLOT_VECS; q++) { (*sums)[r][q] += block[r][q] * sc[r]; }
  }
}

// Adds each row's block values (times scale[r]) times the staged inputs into the sums.
fn block_products(bl: array<vec4<u32>, LANE_ROWS>, scale: array<f32, LANE_ROWS>, first: u32, sums: ptr<function, Sums>) {
  for (var w = 0u; w < 4u; w++) {
    var pairs: array<array<vec2<f32>, 4>, LANE_ROWS>;
    for (var r = 0u; r < LANE_ROWS; r++) { pairs[r] = fp4_pairs(bl[r][w]); }
    let at = first + 8u * w;
    // Values 0 … 7 of the word in order (pair k holds values k and k + 4).
    for (var k = 0u; k < 4u; k++) {
      let xs = staged[at + k];
      for (var r = 0u; r < LANE_ROWS; r++) {
        let v = pairs[r][k].x * scale[r];
        // A constant trip count: unrolled, so the sums stay in registers.
        for (var q = 0u; q < SLOT_VECS; q++) { (*sums)[r][q] += v * xs[q]; }
      }
    }
    for (var k = 0u; k < 4u; k++) {
      let xs = staged[at + 4u + k];
      for (var r = 0u; r < LANE_ROWS; r++) {
        let v = pairs[r][k].y * scale[r];
        for (var q = 0u; q < SLOT_VECS; q++) { (*sums)[r][q] += v * xs[q]; }
      }
    }
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

// The rows (block indices of their first block) times inputs k0 .. k0 + CHUNK - 1 (staged), into the sums;
// each column of blocks is loaded while the previous one is multiplied.
fn tile_chunk(rows: RowIndex, k0: u32, k_len: u32, sums: ptr<function, Sums>) {
  let g0 = k0 / 32u;
  let count = min(CHUNK, k_len - k0) / 32u;
  var bl: array<vec4<u32>, LANE_ROWS>;
  var sc: array<f32, LANE_ROWS>;
  for (var r = 0u; r < LANE_ROWS; r++) {
    bl[r] = blocks[rows[r] + g0];
    sc[r] = block_scale(rows[r] + g0);
  }
  for (var i = 0u; i < count; i++) {
    let g = g0 + min(i + 1u, count - 1u);
    var next_bl: array<vec4<u32>, LANE_ROWS>;
    var next_sc: array<f32, LANE_ROWS>;
    for (var r = 0u; r < LANE_ROWS; r++) {
      next_bl[r] = blocks[rows[r] + g];
      next_sc[r] = block_scale(rows[r] + g);
    }
    tile_block(bl, sc, 32u * i, sums);
    bl = next_bl;
    sc = next_sc;
  }
}

// Part `k_part` of K_PARTS (a constant of the including kernel) of `k_len` inputs, as [begin, end): whole blocks
// of 32, the last part shorter (or empty).
fn part_inputs(k_part: u32, k_len: u32) -> vec2<u32> {
  let span = (k_len / 32u + K_PARTS - 1u) / K_PARTS * 32u;
  return vec2<u32>(min(k_part * span, k_len), min((k_part + 1u) * span, k_len));
}

fn block_scale(index: u32) -> f32 { return fp4_scale(byte_at(index, scales[index / 4u])); }

override EXPERTS: u32;

// Tile `i` of the pass's list (moe-route.wgsl, after the experts' offsets): x = its expert (0xffffffff past the
// last tile), y = its first slot's place in `slots`, z = its slots (1 … TILE_SLOTS). One load, no chain through
// the expert's offsets. Read through workgroup memory, so the early exit that follows is provably uniform (the
// loops after it have barriers).
var<workgroup> tile_info: vec3<u32>;

fn tile_at(i: u32, lid: u32) -> vec3<u32> {
  if (lid == 0u) {
    var info = vec3<u32>(0xffffffffu, 0u, 0u);
    if (i < offsets[EXPERTS + 1u]) {
      let at = EXPERTS + 2u + 2u * i;
      info = vec3<u32>(offsets[at + 1u] & 0xffffu, offsets[at], offsets[at + 1u] >> 16u);
    }
    tile_info = info;
  }
  return workgroupUniformLoad(&tile_info);
}

// This lane's staging slot (lid % TILE_SLOTS) of `tile` (first place in `slots`, slots): x = its slot id
// (t * TOP_K + k), y = 1 where it exists (lanes past the tile's slots get its last slot, not used).
fn tile_slot(tile: vec2<u32>, lid: u32) -> vec2<u32> {
  let my_slot = lid % TILE_SLOTS;
  return vec2<u32>(slots[tile.x + min(my_slot, tile.y - 1u)], u32(my_slot < tile.y));
}

// The tile's slot at tile position s (s < TILE_SLOTS), if it exists: its slot id; else 0xffffffff.
fn slot_at(tile: vec2<u32>, s: u32) -> u32 {
  return select(0xffffffffu, slots[tile.x + s], s < tile.y);
}
