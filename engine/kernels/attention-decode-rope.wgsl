// Decode attention with RoPE and the KV store folded in, for passes whose rows are each the newest token of
// their own sequence (one token, or one token of each of several sequences): the same split-K attention as
// attention-decode.wgsl, but the query heads are rotated from the stacked q|k|v row as they are staged, and the
// workgroup whose key range holds the row's own position rotates its new key, stores key and value into the
// cache and then attends. That saves the rope-kv dispatch per layer (a dispatch costs ~4 µs on an H200 even
// when nearly empty). A pass with several rows of one sequence (a short prompt) cannot use it: a row attends
// to keys that other rows of the pass write, so those passes run rope-kv and attention-decode.
override SPLIT_KEYS: u32;
override MAX_SPLITS: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<uniform> layer: Layer;
@group(0) @binding(2) var<storage, read> rows: array<Row>;            // [T]
@group(0) @binding(3) var<storage, read> rope: array<vec2<f32>>;      // [positions, HEAD_DIM/2] (cos, sin)
@group(0) @binding(4) var<storage, read> qkv: array<vec4<f32>>;       // [T, (HEADS_Q + 2·HEADS_KV)·HEAD_DIM]
@group(0) @binding(5) var<storage, read_write> k_cache: array<vec4<f32>>; // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(6) var<storage, read_write> v_cache: array<vec4<f32>>; // [slots · capacity, HEADS_KV, HEAD_DIM]
@group(0) @binding(7) var<storage, read_write> partials: array<f32>;  // [T, HEADS_Q, MAX_SPLITS, HEAD_DIM + 2]

// vec4 of one stacked row: HEADS_Q query heads, then HEADS_KV keys, then HEADS_KV values.
fn qkv_index(t: u32, head: u32, c: u32) -> u32 { return (t * (HEADS_Q + 2u * HEADS_KV) + head) * D4 + c; }

// vec4 c of stacked head `head` of row t rotated for position pos (rotate-half, as rope-kv.wgsl: dimension i
// pairs with i + HEAD_DIM/2; the table holds cos/sin per pair).
fn rotated(t: u32, head: u32, c: u32, pos: u32) -> vec4<f32> {
  let half4 = D4 / 2u;
  let pair = c % half4;
  let x1 = qkv[qkv_index(t, head, pair)];
  let x2 = qkv[qkv_index(t, head, pair + half4)];
  let at = pos * (HEAD_DIM / 2u) + 4u * pair;
  let cs = array<vec2<f32>, 4>(rope[at], rope[at + 1u], rope[at + 2u], rope[at + 3u]);
  let cos4 = vec4<f32>(cs[0].x, cs[1].x, cs[2].x, cs[3].x);
  let sin4 = vec4<f32>(cs[0].y, cs[1].y, cs[2].y, cs[3].y);
  if (c < half4) { return x1 * cos4 - x2 * sin4; }
  return x2 * cos4 + x1 * sin4;
}

fn load_q(t: u32, kvh: u32, i: u32) -> vec4<f32> { return rotated(t, kvh * GROUP + i / D4, i % D4, rows[t].pos); }

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = key_range(wg);
  if (!r.live) { return; }  // uniform per workgroup
  if (r.last == r.pos) {
    // This range ends at the row's own position: its key and value go into the cache first (no other
    // workgroup of the pass reads that cache row: in a ring the slot held a key older than the window).
    let at = (kv_row(layer, r.slot, r.pos) * HEADS_KV + r.kvh) * D4;
    for (var c = lid; c < D4; c += THREADS) {
      k_cache[at + c] = rotated(r.t, HEADS_Q + r.kvh, c, r.pos);
      v_cache[at + c] = qkv[qkv_index(r.t, HEADS_Q + HEADS_KV + r.kvh, c)];
    }
    storageBarrier();
  }
  let done = attend_range(r.t, r.kvh, r.slot, r.first, r.last, lid, -3.0e38, 0.0);
  store_partials(r.t, r.kvh, r.split, done, gather_outputs(done, lid), lid);
}
