// Expert down projection + bias for many tokens: one workgroup per (64 output rows, expert, 16-slot tile).
// Writes each slot's expert output; moe-combine adds the routing-weighted sum to the residual.
override HIDDEN: u32;
override INTERMEDIATE: u32;  // multiple of 32
override TOP_K: u32;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> part: Part;
@group(0) @binding(2) var<storage, read> act: array<f32>;             // [T * TOP_K, INTERMEDIATE]
@group(0) @binding(3) var<storage, read> offsets: array<u32>;         // [E + 1]
@group(0) @binding(4) var<storage, read> slots: array<u32>;           // [T * TOP_K]
@group(0) @binding(5) var<storage, read> blocks: array<vec4<u32>>;    // [count, HIDDEN, I/32]
@group(0) @binding(6) var<storage, read> scales: array<u32>;          // [count, HIDDEN, I/32] bytes
@group(0) @binding(7) var<storage, read> bias: array<u32>;            // [E, HIDDEN] bf16
@group(0) @binding(8) var<storage, read_write> expert_out: array<f32>; // [T * TOP_K, HIDDEN]

const ROWS = 64u;
const SLOTS = 16u;
var<workgroup> list_info: vec2<u32>;
var<workgroup> w_s: array<array<f32, 33>, 64>;
var<workgroup> a_s: array<array<f32, 33>, 16>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = part.first + wg.y;
  // Read through workgroup memory so the early exit is provably uniform (the loop below has barriers).
  if (lid == 0u) { list_info = vec2<u32>(offsets[e], offsets[e + 1u] - offsets[e]); }
  let info = workgroupUniformLoad(&list_info);
  let list_start = info.x;
  let list_len = info.y;
  let tile = wg.z * SLOTS;
  if (tile >= list_len) { return; }
  let row0 = wg.x * ROWS;
  let groups = INTERMEDIATE / 32u;
  let my_row = lid % 64u;
  let my_slots = (lid / 64u) * 4u;  // 4 slots per thread
  var acc = vec4<f32>(0.0);

  for (var g = 0u; g < groups; g++) {
    {
      let r = lid / 4u;
      let word_in_block = lid % 4u;
      let row = row0 + r;
      var values = array<f32, 8>();
      if (row < HIDDEN) {
        values = scaled_block_word(((e - part.first) * HIDDEN + row) * groups + g, word_in_block);
      }
      for (var n = 0u; n < 8u; n++) { w_s[r][word_in_block * 8u + n] = values[n]; }
    }
    for (var i = lid; i < SLOTS * 32u; i += 256u) {
      let s = i / 32u;
      let c = i % 32u;
      var v = 0.0;
      if (tile + s < list_len) { v = act[slots[list_start + tile + s] * INTERMEDIATE + g * 32u + c]; }
      a_s[s][c] = v;
    }
    workgroupBarrier();
    for (var c = 0u; c < 32u; c++) {
      let w = w_s[my_row][c];
      acc += w * vec4<f32>(a_s[my_slots][c], a_s[my_slots + 1u][c], a_s[my_slots + 2u][c], a_s[my_slots + 3u][c]);
    }
    workgroupBarrier();
  }
  let h = row0 + my_row;
  if (h >= HIDDEN) { return; }
  let b = e * HIDDEN + h;
  let bias_h = bf16_at(b, bias[b / 2u]);
  for (var i = 0u; i < 4u; i++) {
    if (tile + my_slots + i < list_len) {
      expert_out[slots[list_start + tile + my_slots + i] * HIDDEN + h] = acc[i] + bias_h;
    }
  }
}
