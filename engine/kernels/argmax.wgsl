// Greedy pick: index of the largest logit in a row (ties → lower index), and the softmax denominator
// relative to that maximum, Σ exp(l − max), so the pick's probability (1 / that sum) needs no logits read back.
// One workgroup per row, from row pick.row on (a batched decode pass picks for every sequence at once).
override VOCAB: u32;

struct Pick { row: u32, _a: u32, _b: u32, _c: u32 }

@group(0) @binding(0) var<uniform> pick: Pick;
@group(0) @binding(1) var<storage, read> logits: array<f32>;        // [rows, VOCAB]
@group(0) @binding(2) var<storage, read_write> result: array<u32>;  // per row: [id, bits of Σ exp(l − max)]

var<workgroup> best_v: array<f32, 256>;
var<workgroup> best_i: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = (pick.row + wg.x) * VOCAB;
  var bv = -3.4e38;
  var bi = 0xffffffffu;
  for (var i = lid; i < VOCAB; i += 256u) {
    let v = logits[base + i];
    if (v > bv) { bv = v; bi = i; }
  }
  best_v[lid] = bv;
  best_i[lid] = bi;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (lid < s) {
      let ov = best_v[lid + s];
      let oi = best_i[lid + s];
      if (ov > best_v[lid] || (ov == best_v[lid] && oi < best_i[lid])) { best_v[lid] = ov; best_i[lid] = oi; }
    }
    workgroupBarrier();
  }
  let top = best_v[0];
  let top_i = best_i[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var i = lid; i < VOCAB; i += 256u) { sum += exp(logits[base + i] - top); }
  best_v[lid] = sum;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (lid < s) { best_v[lid] += best_v[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    result[2u * wg.x] = top_i;
    result[2u * wg.x + 1u] = bitcast<u32>(best_v[0]);
  }
}
