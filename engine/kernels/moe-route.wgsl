// Routes a pass for the grouped expert kernels, in one workgroup: each token's top-k experts and their weights
// (top-k.wgsl, one thread per token), then the (token, expert) slots grouped by expert, so the grouped kernels
// read each expert's weights once per tile of slots instead of once per token. One dispatch instead of a top-k
// and a grouping one (a dispatch costs ~4 µs). Order inside an expert's list is not fixed (atomics), which does
// not matter: every slot's result is written to its own row.
override EXPERTS: u32;   // ≤ 1024
override TOP_K: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> logits: array<f32>;          // [T, EXPERTS] router logits
@group(0) @binding(2) var<storage, read_write> chosen: array<u32>;    // [T, TOP_K] expert ids
@group(0) @binding(3) var<storage, read_write> weights: array<f32>;   // [T, TOP_K] routing weights
@group(0) @binding(4) var<storage, read_write> offsets: array<u32>;   // [EXPERTS + 1] start of each expert's list
@group(0) @binding(5) var<storage, read_write> slots: array<u32>;     // [T * TOP_K] slot ids grouped by expert

var<workgroup> counts: array<atomic<u32>, 1024>;
var<workgroup> starts: array<u32, 1025>;

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
    for (var e = 0u; e < EXPERTS; e++) {
      starts[e] = total;
      offsets[e] = total;
      total += atomicLoad(&counts[e]);
      atomicStore(&counts[e], 0u);
    }
    starts[EXPERTS] = total;
    offsets[EXPERTS] = total;
  }
  workgroupBarrier();
  for (var s = lid; s < n; s += 256u) {
    let e = chosen[s];
    if (e < EXPERTS) { slots[starts[e] + atomicAdd(&counts[e], 1u)] = s; }
  }
}
