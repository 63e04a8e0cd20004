// Embedding gather: x[t, :] = widen(table[ids[t], :]). Dispatched once per table part.
override HIDDEN: u32;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> ids: array<u32>;        // [T]
@group(0) @binding(3) var<storage, read> table: array<u32>;      // [count, HIDDEN] bf16 (this part)
@group(0) @binding(4) var<storage, read_write> x: array<f32>;    // [T, HIDDEN]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let pair = gid.x; // two hidden values per thread
  let t = gid.y;
  if (t >= step.tokens || pair * 2u >= HIDDEN) { return; }
  let id = ids[t];
  if (id < part.first || id >= part.first + part.count) { return; }
  let word = table[((id - part.first) * HIDDEN) / 2u + pair];
  x[t * HIDDEN + pair * 2u] = bf16_lo(word);
  x[t * HIDDEN + pair * 2u + 1u] = bf16_hi(word);
}
