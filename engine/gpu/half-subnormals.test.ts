// FP4 decodes through f16 subnormals only where the device keeps them: the probe's verdict on made-up
// read-backs, its E2M1 definition against the reference's value list, and the device the tests run on
// (SwiftShader keeps f16 subnormals).
import { expect, test } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { FP4_VALUES } from '../reference/ops';
import { decodesExactly, e2m1, keepsHalfSubnormals } from './half-subnormals';

/** A probe read-back: word n's value p is the E2M1 value of nibble (n + p) % 16, through `decode`. */
const readBack = (decode: (nibble: number) => number) =>
  Float32Array.from({ length: 128 }, (_, i) => decode((Math.floor(i / 8) + (i % 8)) % 16));

test('E2M1 by its definition is the reference\'s list of FP4 values', () => {
  expect(Array.from({ length: 16 }, (_, n) => e2m1(n))).toEqual(FP4_VALUES);
});

test('a read-back of every value passes; flushed subnormals (±0.5 as 0) or a value out of place are refused', () => {
  expect(decodesExactly(readBack(e2m1))).toBe(true);
  expect(decodesExactly(readBack((n) => (Math.abs(e2m1(n)) === 0.5 ? 0 : e2m1(n))))).toBe(false);
  const swapped = readBack(e2m1);
  [swapped[8], swapped[12]] = [swapped[12], swapped[8]];
  expect(decodesExactly(swapped)).toBe(false);
});

test('the device the tests run on keeps f16 subnormals, so its expert kernels decode without the table', async () => {
  const gpu = await acquireNodeDevice();
  try {
    expect(await keepsHalfSubnormals(gpu.device)).toBe(true);
  } finally {
    gpu.device.destroy();
  }
});
