// Expert gate/up + clamped SwiGLU for many tokens: one workgroup per (32 output pairs, expert, 16-slot tile of
// that expert's list). The MXFP4 weight tile is decoded once into workgroup memory and used by all 16 slots.
override HIDDEN: u32;        // multiple of 32
override INTERMEDIATE: u32;
override TOP_K: u32;
override LIMIT: f32;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> x: array<f32>;               // [T, HIDDEN]
@group(0) @binding(3) var<storage, read> offsets: array<u32>;         // [E + 1]
@group(0) @binding(4) var<storage, read> slots: array<u32>;           // [T * TOP_K] grouped by expert
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, 2I, HIDDEN/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, 2I, HIDDEN/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, 2I] bf16
@group(0) @binding(8) var<storage, read_write> act: array<f32>;       // [T * TOP_K, INTERMEDIATE]

const PAIRS = 32u;  // output pairs (64 weight rows) per workgroup
const SLOTS = 16u;  // slots per workgroup
var<workgroup> list_info: vec2<u32>;
var<workgroup> w_s: array<array<f32, 33>, 64>;   // decoded weights [row][input]
var<workgroup> x_s: array<array<f32, 33>, 16>;   // activations [slot][input]

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = part.first + wg.y;
  // Read through workgroup memory so the early exit is provably uniform (the loop below has barriers).
  if (lid == 0u) { list_info = vec2<u32>(offsets[e], offsets[e + 1u] - offsets[e]); }
  let info = workgroupUniformLoad(&list_info);
  let list_start = info.x;
  let list_len = info.y;
  let tile = wg.z * SLOTS;
  if (tile >= list_len) { return; }  // uniform per workgroup
  let pair0 = wg.x * PAIRS;
  let groups = HIDDEN / 32u;
  // Thread → (pair, slot-pair): 32 pairs × 8 slot-pairs.
  let my_pair = lid % 32u;
  let my_slots = (lid / 32u) * 2u;
  var acc: array<vec2<f32>, 2>;  // [slot][gate, up]

  for (var g = 0u; g < groups; g++) {
    // Decode 64 rows × 32 inputs: 256 threads, 8 values each (one u32 word of a block).
    {
      let r = lid / 4u;          // 0..63: row within the tile (gate/up interleaved)
      let word_in_block = lid % 4u;
      let row = 2u * pair0 + r;
      var values = array<f32, 8>();
      if (row < 2u * INTERMEDIATE) {
        values = scaled_block_word(((e - part.first) * 2u * INTERMEDIATE + row) * groups + g, word_in_block);
      }
      for (var n = 0u; n < 8u; n++) { w_s[r][word_in_block * 8u + n] = values[n]; }
    }
    // Gather 16 slots × 32 inputs of x: 2 values per thread.
    for (var i = lid; i < SLOTS * 32u; i += 256u) {
      let s = i / 32u;
      let c = i % 32u;
      var v = 0.0;
      if (tile + s < list_len) {
        let t = slots[list_start + tile + s] / TOP_K;
        v = x[t * HIDDEN + g * 32u + c];
      }
      x_s[s][c] = v;
    }
    workgroupBarrier();
    for (var c = 0u; c < 32u; c++) {
      let wg_ = w_s[2u * my_pair][c];
      let wu = w_s[2u * my_pair + 1u][c];
      let x0 = x_s[my_slots][c];
      let x1 = x_s[my_slots + 1u][c];
      acc[0] += vec2<f32>(wg_ * x0, wu * x0);
      acc[1] += vec2<f32>(wg_ * x1, wu * x1);
    }
    workgroupBarrier();
  }

  let j = pair0 + my_pair;
  if (j >= INTERMEDIATE) { return; }
  let b = e * 2u * INTERMEDIATE + 2u * j;
  let bg = bf16_at(b, bias[b / 2u]);
  let bu = bf16_at(b + 1u, bias[(b + 1u) / 2u]);
  for (var i = 0u; i < 2u; i++) {
    if (tile + my_slots + i < list_len) {
      let slot = slots[list_start + tile + my_slots + i];
      let gate = min(acc[i].x + bg, LIMIT);
      let up = clamp(acc[i].y + bu, -LIMIT, LIMIT);
      act[slot * INTERMEDIATE + j] = gate / (1.0 + exp(-1.702 * gate)) * (up + 1.0);
    }
  }
}
