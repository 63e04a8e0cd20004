// What the split-K decode kernels (attention-decode.wgsl, attention-decode-rope.wgsl) share: each row's key
// ranges, and the (m, l, acc) partials of one range for attention-combine. The including kernel declares
// SPLIT_KEYS, MAX_SPLITS, layer and `partials` ([T, HEADS_Q, MAX_SPLITS, HEAD_DIM + 2]).

// First key position of range `split` of a row at position pos (the window's start plus whole ranges).
fn range_first(pos: u32, split: u32) -> u32 {
  var first = 0u;
  if (layer.window > 0u && pos + 1u > layer.window) { first = pos + 1u - layer.window; }
  return first + split * SPLIT_KEYS;
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
