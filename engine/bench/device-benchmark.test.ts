// The in-browser benchmark's core on SwiftShader with the tiny shape: the whole model when it fits, fewer layers
// at two depths (extrapolated, and said so) when the memory probe or the budget says it does not, and a clear
// error when not even one layer fits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import { BENCH_SHAPES, benchRuntime, depthCandidates, layerBytes } from './bench-shapes';
import { extrapolate, runDeviceBenchmark, type DeviceBenchOptions } from './device-benchmark';

const OPTIONS: DeviceBenchOptions = { shape: 'tiny', promptTokens: 40, decodeTokens: 4, verdict: { policyTokens: 24, contentTokens: 10, generatedTokens: 6 } };

describe('benchmark arithmetic', () => {
  it('extrapolates along the line through two depths, or in proportion from one', () => {
    expect(extrapolate([[2, 10], [6, 22]], 24)).toBeCloseTo(76);
    expect(extrapolate([[3, 9]], 24)).toBeCloseTo(72);
  });

  it('tries depths from all layers down, halving and keeping them even', () => {
    expect(depthCandidates(24)).toEqual([24, 12, 6, 2, 1]);
    expect(depthCandidates(4)).toEqual([4, 2, 1]);
    expect(depthCandidates(1)).toEqual([1]);
  });

  it('sizes a depth from the memory plan (each layer adds the same bytes)', () => {
    const runtime = benchRuntime(OPTIONS);
    const raw = BENCH_SHAPES['gpt-oss-20b'];
    const perLayer = layerBytes(raw, 2, runtime) - layerBytes(raw, 1, runtime);
    expect(layerBytes(raw, 24, runtime)).toBeGreaterThan(12e9);
    // Sliding and full layers differ only in KV capacity: 22 more layers add 22 layers' weights.
    expect(layerBytes(raw, 24, runtime) - layerBytes(raw, 2, runtime)).toBeCloseTo(11 * (layerBytes(raw, 4, runtime) - layerBytes(raw, 2, runtime)), -3);
    expect(perLayer).toBeGreaterThan(400e6);
  });
});

describe('device benchmark on the tiny shape', () => {
  let gpu: AcquiredDevice;
  beforeAll(async () => {
    gpu = await acquireNodeDevice();
  });
  afterAll(() => gpu?.device.destroy());

  const finitePositive = (v: number) => expect(Number.isFinite(v) && v > 0, String(v)).toBe(true);

  it('measures the whole model when it fits', async () => {
    const phases: string[] = [];
    const r = await runDeviceBenchmark(gpu.device, OPTIONS, (p) => phases.push(`${p.phase}@${p.layers}`));
    expect(r.layersMeasured).toEqual([4]);
    expect(r.extrapolated).toBe(false);
    for (const v of [r.prefillTokensPerS, r.decodeTokensPerS, r.verdictMs, r.readBandwidthBytesPerS, r.bandwidthFraction]) finitePositive(v);
    expect(r.decodeMsPerToken).toBeCloseTo(1000 / r.decodeTokensPerS);
    // A verdict decodes 6 tokens after prefilling its content: it takes longer than 5 decode steps.
    expect(r.verdictMs).toBeGreaterThan(5 * r.decodeMsPerToken * 0.5);
    expect(phases).toEqual(['weights@4', 'bandwidth@4', 'prefill@4', 'decode@4', 'verdict@4']);
  }, 300_000);

  it('measures two shallower depths and extrapolates when the GPU has room for fewer layers', async () => {
    const runtime = benchRuntime(OPTIONS);
    const room = layerBytes(BENCH_SHAPES.tiny, 2, runtime) * 1.2;
    const probe = async (_d: GPUDevice, bytes: number) => bytes <= room;
    const phases: string[] = [];
    const r = await runDeviceBenchmark(gpu.device, OPTIONS, (p) => phases.push(`${p.phase}@${p.layers}`), probe);
    expect(r.layersMeasured).toEqual([1, 2]);
    expect(r.extrapolated).toBe(true);
    expect(r.layersTotal).toBe(4);
    expect(phases.filter((p) => p.startsWith('weights'))).toEqual(['weights@2', 'weights@1']);
    for (const v of [r.prefillTokensPerS, r.decodeTokensPerS, r.verdictMs]) finitePositive(v);
  }, 300_000);

  it('says so when not even one layer fits the budget', async () => {
    await expect(runDeviceBenchmark(gpu.device, { ...OPTIONS, memoryBudget: 1000 })).rejects.toMatchObject({ name: 'OutOfGpuMemoryError', message: expect.stringContaining('memory budget') });
  });
});
