// YaRN RoPE (rotate-half: dim i pairs with i + D/2) on the q and k of the stacked projection output
// [T, q | k | v], q written to its own buffer for attention, then k and v stored into the layer's KV cache at
// its row of its sequence's slot, pos % capacity (a ring buffer for sliding layers; capacity ≥ context for full
// attention).
// cos/sin come from a table computed in f64 on the CPU, already multiplied by the YaRN concentration.
override HEADS_Q: u32;
override HEADS_KV: u32;
override HEAD_DIM: u32;


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;        // [T]
@group(0) @binding(3) var<storage, read> rope: array<vec2<f32>>;      // [positions, HEAD_DIM/2] (cos, sin)
@group(0) @binding(4) var<storage, read> qkv: array<f32>;             // [T, (HEADS_Q + 2·HEADS_KV)·HEAD_DIM]
@group(0) @binding(5) var<storage, read_write> q: array<f32>;         // [T, HEADS_Q, HEAD_DIM]
@group(0) @binding(6) var<storage, read_write> k_cache: array<f32>;   // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(7) var<storage, read_write> v_cache: array<f32>;   // [slots · capacity, HEADS_KV, HEAD_DIM]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let half = HEAD_DIM / 2u;
  let i = gid.x;                 // pair index
  let head = gid.y;              // 0..HEADS_Q-1: query heads, then key heads
  let t = gid.z;
  if (i >= half || t >= step.tokens) { return; }
  let pos = rows[t].pos;
  let cs = rope[pos * half + i];
  let row = t * (HEADS_Q + 2u * HEADS_KV) * HEAD_DIM;
  let src = row + head * HEAD_DIM;   // q heads then k heads, in the stacked order
  let x1 = qkv[src + i];
  let x2 = qkv[src + i + half];
  let r1 = x1 * cs.x - x2 * cs.y;
  let r2 = x2 * cs.x + x1 * cs.y;
  if (head < HEADS_Q) {
    let base = (t * HEADS_Q + head) * HEAD_DIM;
    q[base + i] = r1;
    q[base + i + half] = r2;
  } else {
    let h = head - HEADS_Q;
    let slot = (kv_row(layer, rows[t].slot, pos) * HEADS_KV + h) * HEAD_DIM;
    k_cache[slot + i] = r1;
    k_cache[slot + i + half] = r2;
    let v = row + (HEADS_Q + HEADS_KV + h) * HEAD_DIM;
    v_cache[slot + i] = qkv[v + i];
    v_cache[slot + i + half] = qkv[v + i + half];
  }
}
