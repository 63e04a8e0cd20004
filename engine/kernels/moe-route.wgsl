// Routes a pass for the grouped expert kernels, in one workgroup: each token's top-k experts and their weights
// (top-k.wgsl, one thread per token), then the (token, expert) slots grouped by expert, so the grouped kernels
// read each expert's weights once per tile of slots instead of once per token. One dispatch instead of a top-k
// and a grouping one (a dispatch costs ~4 µs). Order inside an expert's list is not fixed (atomics), which does
// not matter: every slot's result is written to its own row.
// It also lists the pass's tiles of TILE_SLOTS slots, so the grouped kernels launch one workgroup per tile that
// exists instead of one per (expert, tile an expert could have): at 32 rows in 4-slot tiles, ~45 of 256.
override EXPERTS: u32;   // ≤ 1024
override TOP_K: u32;
override TILE_SLOTS: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> logits: array<f32>;          // [T, EXPERTS] router logits
@group(0) @binding(2) var<storage, read_write> chosen: array<u32>;    // [T, TOP_K] expert ids
@group(0) @binding(3) var<storage, read_write> weights: array<f32>;   // [T, TOP_K] routing weights
// [0 … EXPERTS]: where each expert's list starts (and where the last ends); [EXPERTS + 1]: the number of tiles;
// from EXPERTS + 2, each tile as two words: its first slot's place in `slots`, and (its slots << 16) | expert (an
// expert's tiles in order, experts in order).
@group(0) @binding(4) var<storage, read_write> offsets: array<u32>;
@group(0) @binding(5) var<storage, read_write> slots: array<u32>;     // [T * TOP_K] slot ids grouped by expert

var<workgroup> counts: array<atomic<u32>, 1024>;
var<workgroup> starts: array<u32, 1025>;
var<workgroup> first_tiles: array<u32, 1024>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
  let n = step.tokens * TOP_K;
  for (var t = lid; t < step.tokens; t += 256u) { token_top_k(t); }
  for (var e = lid; e < EXPERTS; e += 256u) { atomicStore(&counts[e], 0u); }
  storageBarrier();  // every token's picks are visible to the whole workgroup
  workgroupBarrier();
  for (var s = lid; s < n; s += 256u) {
    let e = chosen[s];
    if (e < EXPERTS) { atomicAdd(&counts[e], 1u); }
  }
  workgroupBarrier();
  if (lid == 0u) {
    var total = 0u;
    var tiles = 0u;
    for (var e = 0u; e < EXPERTS; e++) {
      starts[e] = total;
      offsets[e] = total;
      first_tiles[e] = tiles;
      let count = atomicLoad(&counts[e]);
      total += count;
      tiles += (count + TILE_SLOTS - 1u) / TILE_SLOTS;
      atomicStore(&counts[e], 0u);
    }
    starts[EXPERTS] = total;
    offsets[EXPERTS] = total;
    offsets[EXPERTS + 1u] = tiles;
  }
  workgroupBarrier();
  for (var e = lid; e < EXPERTS; e += 256u) {
    let count = starts[e + 1u] - starts[e];
    for (var j = 0u; j * TILE_SLOTS < count; j++) {
      let at = EXPERTS + 2u + 2u * (first_tiles[e] + j);
      offsets[at] = starts[e] + j * TILE_SLOTS;
      offsets[at + 1u] = (min(TILE_SLOTS, count - j * TILE_SLOTS) << 16u) | e;
    }
  }
  for (var s = lid; s < n; s += 256u) {
    let e = chosen[s];
    if (e < EXPERTS) { slots[starts[e] + atomicAdd(&counts[e], 1u)] = s; }
  }
}
