// Merges the per-split (m, l, acc) of attention.wgsl in split mode, adding the sink to the denominator once:
// M = max(sink, m_s); out = Σ_s acc_s e^(m_s − M) / (e^(sink − M) + Σ_s l_s e^(m_s − M)).
override HEADS_Q: u32;
override HEAD_DIM: u32;
override SPLIT_KEYS: u32;
override MAX_SPLITS: u32;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;         // [T]
@group(0) @binding(3) var<storage, read> partials: array<f32>;     // [T, HEADS_Q, MAX_SPLITS, HEAD_DIM + 2]
@group(0) @binding(4) var<storage, read> sinks: array<u32>;        // [HEADS_Q] bf16
@group(0) @binding(5) var<storage, read_write> out: array<f32>;    // [T, HEADS_Q, HEAD_DIM]

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let h = wg.x;
  let t = wg.y;
  let pos = rows[t].pos;
  var keys = pos + 1u;
  if (layer.window > 0u) { keys = min(keys, layer.window); }
  let splits = (keys + SPLIT_KEYS - 1u) / SPLIT_KEYS;
  let base = (t * HEADS_Q + h) * MAX_SPLITS;
  let sink = bf16_at(h, sinks[h / 2u]);
  var m = sink;
  for (var s = 0u; s < splits; s++) { m = max(m, partials[(base + s) * (HEAD_DIM + 2u)]); }
  var l = exp(sink - m);
  for (var s = 0u; s < splits; s++) {
    let p = (base + s) * (HEAD_DIM + 2u);
    l += partials[p + 1u] * exp(partials[p] - m);
  }
  for (var d = lid; d < HEAD_DIM; d += 64u) {
    var acc = 0.0;
    for (var s = 0u; s < splits; s++) {
      let p = (base + s) * (HEAD_DIM + 2u);
      acc += partials[p + 2u + d] * exp(partials[p] - m);
    }
    out[(t * HEADS_Q + h) * HEAD_DIM + d] = acc / l;
  }
}
