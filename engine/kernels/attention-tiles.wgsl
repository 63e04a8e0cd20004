// Attention of one token row over a range of its sequence's keys for all GROUP = HEADS_Q / HEADS_KV query heads
// of one KV head, so each key and value row is read once (not once per query head). Keys and values are staged
// TILE at a time in workgroup memory with coalesced vec4 loads; scores are one (head, key) pair per thread; the
// online softmax keeps (m, l) per head. Values: each thread owns 4 dimensions of one head (a "combo") and every
// KEY_LANES-th key of the tile; the lanes' sums are added once at the end (gather_outputs). Everything is read
// from workgroup memory as vec4 (measured on an H200: scalar reads, one ring-row division per element and two
// outputs per thread took 15.8 ms per 128-row prefill chunk at 1k context).
// Used by attention.wgsl (a row's whole range, the sink folded in) and attention-decode.wgsl (split ranges,
// combined later), and attention-decode-rope.wgsl. The including kernel declares k_cache, v_cache (vec4 arrays)
// and layer, and fn load_q(t, kvh, i): vec4 i of the GROUP query heads of KV head kvh at row t.
override HEADS_Q: u32;
override HEADS_KV: u32;
override HEAD_DIM: u32;       // multiple of 4; GROUP · HEAD_DIM ≤ 4 · THREADS

const TILE = 32u;
const THREADS = 256u;
override D4: u32 = HEAD_DIM / 4u;
override GROUP: u32 = HEADS_Q / HEADS_KV;
override COMBOS: u32 = GROUP * D4;           // (head, 4 dimensions) outputs
override KEY_LANES: u32 = THREADS / COMBOS;  // threads per combo, each every KEY_LANES-th key
override ROW4: u32 = D4 + 1u;                // padded rows: lanes reading one column of 32 keys spread over the banks

var<workgroup> q_s: array<vec4<f32>, GROUP * D4>;
var<workgroup> kv_s: array<vec4<f32>, TILE * ROW4>;   // keys, then values, of one tile
var<workgroup> p_s: array<f32, GROUP * TILE>;        // scores, then probabilities
var<workgroup> m_s: array<f32, GROUP>;
var<workgroup> alpha_s: array<f32, GROUP>;

// What attend_range leaves per thread: l (the running denominator of head lid, for lid < GROUP; the running
// maxima are in m_s) and this thread's share of its combo's unnormalised output (see gather_outputs).
struct Attended { l: f32, acc: vec4<f32> }

// Index in k_cache / v_cache of vec4 i of the staged rows from key position j0 (row i / D4, column i % D4).
fn cache_at(j0: u32, i: u32, slot: u32, kvh: u32) -> u32 {
  return (kv_row(layer, slot, j0 + i / D4) * HEADS_KV + kvh) * D4 + i % D4;
}

// Where vec4 i of the staged rows goes in kv_s (padded rows).
fn staged_at(i: u32) -> u32 { return (i / D4) * ROW4 + i % D4; }

// Cache rows of key positions j0 … j0 + n - 1 staged from k_cache into kv_s.
fn stage_keys(j0: u32, n: u32, slot: u32, kvh: u32, lid: u32) {
  for (var i = lid; i < n * D4; i += THREADS) { kv_s[staged_at(i)] = k_cache[cache_at(j0, i, slot, kvh)]; }
}

// A thread's first VALUE_PREFETCH vec4 of a tile's values (the whole tile where HEAD_DIM ≤ 64, as in gpt-oss) are
// loaded with the keys and held in registers until the scores are done with kv_s, so the value rows' memory
// latency overlaps the keys' instead of following it.
const VALUE_PREFETCH = 2u;
fn prefetch_values(j0: u32, n: u32, slot: u32, kvh: u32, lid: u32) -> array<vec4<f32>, VALUE_PREFETCH> {
  var vals: array<vec4<f32>, VALUE_PREFETCH>;
  for (var k = 0u; k < VALUE_PREFETCH; k++) {
    let i = lid + k * THREADS;
    if (i < n * D4) { vals[k] = v_cache[cache_at(j0, i, slot, kvh)]; }
  }
  return vals;
}

// The values into kv_s: the prefetched ones, then (wider heads) the rest straight from v_cache.
fn stage_values(vals: array<vec4<f32>, VALUE_PREFETCH>, j0: u32, n: u32, slot: u32, kvh: u32, lid: u32) {
  for (var k = 0u; k < VALUE_PREFETCH; k++) {
    let i = lid + k * THREADS;
    if (i < n * D4) { kv_s[staged_at(i)] = vals[k]; }
  }
  for (var i = lid + VALUE_PREFETCH * THREADS; i < n * D4; i += THREADS) { kv_s[staged_at(i)] = v_cache[cache_at(j0, i, slot, kvh)]; }
}

// Keys first … last (inclusive) of row t in `slot`; head g starts from (m0[g], l0) given per thread lid = g.
fn attend_range(t: u32, kvh: u32, slot: u32, first: u32, last: u32, lid: u32, m0: f32, l0: f32) -> Attended {
  let scale = inverseSqrt(f32(HEAD_DIM));
  for (var i = lid; i < GROUP * D4; i += THREADS) { q_s[i] = load_q(t, kvh, i); }
  if (lid < GROUP) { m_s[lid] = m0; }
  var out = Attended(l0, vec4<f32>(0.0));
  let combo = lid % COMBOS;
  let key_lane = lid / COMBOS;   // KEY_LANES or more: idle in the values

  for (var j0 = first; j0 <= last; j0 += TILE) {
    let n = min(TILE, last + 1u - j0);
    stage_keys(j0, n, slot, kvh, lid);
    let vals = prefetch_values(j0, n, slot, kvh, lid);
    workgroupBarrier();
    for (var i = lid; i < GROUP * TILE; i += THREADS) {
      let g = i / TILE;
      let jj = i % TILE;
      var s = -3.0e38;
      if (jj < n) {
        var d = vec4<f32>(0.0);
        for (var c = 0u; c < D4; c++) { d += q_s[g * D4 + c] * kv_s[jj * ROW4 + c]; }
        s = (d.x + d.y + d.z + d.w) * scale;
      }
      p_s[i] = s;
    }
    workgroupBarrier();
    if (lid < GROUP) {
      var mx = m_s[lid];
      for (var jj = 0u; jj < n; jj++) { mx = max(mx, p_s[lid * TILE + jj]); }
      alpha_s[lid] = exp(m_s[lid] - mx);
      m_s[lid] = mx;
    }
    // Values replace keys in kv_s (the scores are done with them).
    stage_values(vals, j0, n, slot, kvh, lid);
    workgroupBarrier();
    for (var i = lid; i < GROUP * TILE; i += THREADS) {
      var p = 0.0;
      if (i % TILE < n) { p = exp(p_s[i] - m_s[i / TILE]); }
      p_s[i] = p;
    }
    workgroupBarrier();
    if (lid < GROUP) {
      var sum = 0.0;
      for (var jj = 0u; jj < n; jj++) { sum += p_s[lid * TILE + jj]; }
      out.l = out.l * alpha_s[lid] + sum;
    }
    if (key_lane < KEY_LANES) {
      let g = combo / D4;
      var a = out.acc * alpha_s[g];
      for (var jj = key_lane; jj < n; jj += KEY_LANES) { a += p_s[g * TILE + jj] * kv_s[jj * ROW4 + combo % D4]; }
      out.acc = a;
    }
    workgroupBarrier();
  }
  return out;
}

// Combo lid's output (lid < COMBOS): the sum of its key lanes' shares. Every thread calls it (it has a barrier).
fn gather_outputs(done: Attended, lid: u32) -> vec4<f32> {
  kv_s[lid] = done.acc;  // the tiles are done with kv_s (THREADS ≤ TILE · ROW4, checked in attention.ts)
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  if (lid < COMBOS) {
    for (var k = 0u; k < KEY_LANES; k++) { total += kv_s[k * COMBOS + lid]; }
  }
  return total;
}
