// Whether the expert kernels may decode FP4 through f16 subnormals (mxfp4-half.wgsl): WGSL lets an
// implementation flush subnormals, which would turn every ±0.5 weight into 0. A one-workgroup probe runs that
// file's own decoding on words holding all 16 E2M1 values in every position and compares them with E2M1's
// definition; the table form runs wherever the probe fails or cannot run.
import half from '../kernels/mxfp4-half.wgsl?raw';
import { runProbe } from './run-probe';

const WORDS = 16;

// Word n holds nibbles n, n + 1, …, n + 7 (mod 16), low nibble first; out[8n + p] = its value p.
const probeWgsl = `${half}
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(${WORDS})
fn main(@builtin(local_invocation_index) n: u32) {
  var word = 0u;
  for (var p = 0u; p < 8u; p++) { word |= ((n + p) % 16u) << (4u * p); }
  let v = fp4_pairs(word);
  for (var k = 0u; k < 4u; k++) {
    out[8u * n + k] = v[k].x * fp4_scale(127u);
    out[8u * n + k + 4u] = v[k].y * fp4_scale(127u);
  }
}`;

/** E2M1 nibble s e1 e0 m: ±(1 + m/2)·2^(e-1) for e > 0, ±m/2 for e = 0. */
export function e2m1(nibble: number): number {
  const [sign, e, m] = [nibble >> 3, (nibble >> 1) & 3, nibble & 1];
  const magnitude = e === 0 ? m / 2 : (1 + m / 2) * 2 ** (e - 1);
  return sign ? -magnitude : magnitude;
}

/** True when every probed value is E2M1's (−0 and +0 alike). */
export function decodesExactly(readBack: Float32Array): boolean {
  for (let n = 0; n < WORDS; n++) {
    for (let p = 0; p < 8; p++) if (readBack[8 * n + p] !== e2m1((n + p) % 16)) return false;
  }
  return true;
}

export async function keepsHalfSubnormals(device: GPUDevice): Promise<boolean> {
  const readBack = await runProbe(device, 'f16-subnormal-probe', probeWgsl, WORDS * 8 * 4).catch(() => undefined);
  return readBack !== undefined && decodesExactly(new Float32Array(readBack));
}
