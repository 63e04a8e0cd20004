// Synthetic weights for the benchmark, generated on the GPU in the real layout: bf16 values uniform in
// [-scale, scale] (two per word) or random bytes in [lo, lo + span) (MXFP4 blocks and scales).
struct Fill { mode: u32, seed: u32, scale: f32, lo: u32, span: u32, words: u32, _a: u32, _b: u32 }

@group(0) @binding(0) var<uniform> fill: Fill;
@group(0) @binding(1) var<storage, read_write> data: array<u32>;

fn hash(x: u32) -> u32 {
  var h = x * 0x9e3779b1u;
  h ^= h >> 16u; h *= 0x85ebca6bu; h ^= h >> 13u; h *= 0xc2b2ae35u; h ^= h >> 16u;
  return h;
}

fn bf16_bits(v: f32) -> u32 { return bitcast<u32>(v) >> 16u; }

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * 256u;
  if (i >= fill.words) { return; }
  let r = hash(i ^ fill.seed);
  if (fill.mode == 0u) {
    let a = (f32(r & 0xffffu) / 32768.0 - 1.0) * fill.scale;
    let b = (f32(r >> 16u) / 32768.0 - 1.0) * fill.scale;
    data[i] = bf16_bits(a) | (bf16_bits(b) << 16u);
  } else {
    var word = 0u;
    for (var k = 0u; k < 4u; k++) {
      word |= (fill.lo + ((r >> (k * 8u)) & 0xffu) % fill.span) << (k * 8u);
    }
    data[i] = word;
  }
}
