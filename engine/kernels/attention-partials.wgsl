// What the split-K decode kernels (attention-decode.wgsl, attention-decode-rope.wgsl) share: each row's key
// ranges, and the (m, l, acc) partials of one range for attention-combine. The including kernel declares
// SPLIT_KEYS, MAX_SPLITS, step, layer, rows and `partials` ([T, HEADS_Q, MAX_SPLITS, HEAD_DIM + 2]).

// The keys one workgroup attends: row wg.y's range wg.z (SPLIT_KEYS keys from the window's start) for KV head
// wg.x. Not live where the row has fewer ranges than the grid (it covers the row with the most keys).
struct KeyRange { kvh: u32, t: u32, split: u32, slot: u32, pos: u32, first: u32, last: u32, live: bool }

fn key_range(wg: vec3<u32>) -> KeyRange {
  let t = wg.y;
  let pos = rows[t].pos;
  var first = 0u;
  if (layer.window > 0u && pos + 1u > layer.window) { first = pos + 1u - layer.window; }
  first += wg.z * SPLIT_KEYS;
  let live = t < step.tokens && first <= pos;
  return KeyRange(wg.x, t, wg.z, rows[t].slot, pos, first, min(pos, first + SPLIT_KEYS - 1u), live);
}

// Stores this workgroup's range of row t: per head m and l, per combo its 4 output sums (gather_outputs).
fn store_partials(t: u32, kvh: u32, split: u32, done: Attended, sums: vec4<f32>, lid: u32) {
  let stride = HEAD_DIM + 2u;
  let head = t * HEADS_Q + kvh * GROUP;
  if (lid < GROUP) {
    let base = ((head + lid) * MAX_SPLITS + split) * stride;
    partials[base] = m_s[lid];
    partials[base + 1u] = done.l;
  }
  if (lid < COMBOS) {
    let at = ((head + lid / D4) * MAX_SPLITS + split) * stride + 2u + (lid % D4) * 4u;
    partials[at] = sums.x;
    partials[at + 1u] = sums.y;
    partials[at + 2u] = sums.z;
    partials[at + 3u] = sums.w;
  }
}
