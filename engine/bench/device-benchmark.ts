// The benchmark a user runs on their own GPU before downloading a model (the app's benchmark page): synthetic
// weights in a model's exact layout, then prefill and decode tokens/s and the time one verdict takes. When the
// model does not fit, it measures fewer layers at two depths and extrapolates linearly to the full depth (every
// layer runs the same kernels; embedding, final norm and lm_head are the fixed part), and says so.
import { AbortedError } from '../../common/errors';
import { parseConfig } from '../model/config';
import { decodeTraffic } from '../model/decode-traffic';
import { canAllocate } from '../runtime/context-size';
import { BENCH_SHAPES, benchRuntime, depthCandidates, layerBytes, type BenchShape, type RawConfig } from './bench-shapes';
import { fitLayers, loadSyntheticModel } from './synthetic-model';
import { measureAt, type VerdictWork, type LayerTimings } from './measure-at';
import { readBandwidth } from './read-bandwidth';

export interface DeviceBenchOptions {
  shape: BenchShape;
  /** Prompt length for the prefill figure and the context of the decode figure. */
  promptTokens: number;
  decodeTokens: number;
  /** The verdict timed: a cached policy, the content prefilled, then the answer decoded token by token. */
  verdict: VerdictWork;
  /** GPU bytes the benchmark may use (fewer layers are measured above it); the adapter's own limit otherwise. */
  memoryBudget?: number;
  signal?: AbortSignal;
}

export type BenchPhase = 'weights' | 'bandwidth' | 'prefill' | 'decode' | 'verdict';
export interface BenchProgress {
  phase: BenchPhase;
  /** Layers of the model being measured in this round. */
  layers: number;
}

export interface DeviceBenchResult {
  shape: BenchShape;
  layersTotal: number;
  /** Depths measured: one (the whole model) or two (fewer layers, extrapolated). */
  layersMeasured: number[];
  extrapolated: boolean;
  /** GPU bytes the whole model takes in this benchmark's runtime shape. */
  modelBytes: number;
  readBandwidthBytesPerS: number;
  prefillTokensPerS: number;
  decodeTokensPerS: number;
  decodeMsPerToken: number;
  /** Bytes one decode token reads (weights + KV cache) over the measured time, against the read bandwidth. */
  bandwidthFraction: number;
  verdictMs: number;
  options: Omit<DeviceBenchOptions, 'signal'>;
}

/** Straight line through two depths' timings, read at `layers` (proportional scaling from a single depth). */
export function extrapolate(points: Array<[number, number]>, layers: number): number {
  if (points.length === 1) return (points[0][1] * layers) / points[0][0];
  const [[l1, t1], [l2, t2]] = points;
  const perLayer = (t2 - t1) / (l2 - l1);
  return t1 + perLayer * (layers - l1);
}

export async function runDeviceBenchmark(
  device: GPUDevice,
  options: DeviceBenchOptions,
  onProgress: (p: BenchProgress) => void = () => {},
  probe = canAllocate,
): Promise<DeviceBenchResult> {
  const raw: RawConfig = BENCH_SHAPES[options.shape];
  const layersTotal = raw.num_hidden_layers;
  const runtime = benchRuntime(options);
  const full = parseConfig(raw);
  const modelBytes = layerBytes(raw, layersTotal, runtime);
  const check = () => {
    if (options.signal?.aborted) throw new AbortedError('The benchmark was cancelled.');
  };

  // The deepest model that fits the budget and the GPU's free memory.
  const layers = await fitLayers(device, raw, runtime, options.memoryBudget ?? Infinity, probe);
  const rounds: Array<{ layers: number; t: LayerTimings }> = [];
  let bandwidth = 0;
  const measure = async (depth: number) => {
    check();
    onProgress({ phase: 'weights', layers: depth });
    const model = await loadSyntheticModel(device, raw, depth, runtime);
    try {
      if (!bandwidth) {
        onProgress({ phase: 'bandwidth', layers: depth });
        bandwidth = await readBandwidth(device, model.tensor('lm_head.weight').parts[0].buffer);
      }
      const t = await measureAt(model, options, (phase) => {
        check();
        onProgress({ phase, layers: depth });
      });
      rounds.push({ layers: depth, t });
    } finally {
      model.destroy();
    }
  };
  await measure(layers);
  // Fewer than all layers: a second, shallower depth gives the per-layer slope.
  if (layers < layersTotal && layers >= 2) await measure(depthCandidates(layersTotal).find((d) => d < layers)!);
  rounds.sort((a, b) => a.layers - b.layers);

  const at = (pick: (t: LayerTimings) => number) => extrapolate(rounds.map((r) => [r.layers, pick(r.t)]), layersTotal);
  const decodeMs = at((t) => t.decodeMsPerToken);
  const traffic = decodeTraffic(full, options.promptTokens + options.decodeTokens / 2).total;
  return {
    shape: options.shape,
    layersTotal,
    layersMeasured: rounds.map((r) => r.layers),
    extrapolated: layers < layersTotal,
    modelBytes,
    readBandwidthBytesPerS: bandwidth,
    prefillTokensPerS: options.promptTokens / (at((t) => t.prefillMs) / 1000),
    decodeTokensPerS: 1000 / decodeMs,
    decodeMsPerToken: decodeMs,
    bandwidthFraction: traffic / (decodeMs / 1000) / bandwidth,
    verdictMs: at((t) => t.verdictMs),
    options: { shape: options.shape, promptTokens: options.promptTokens, decodeTokens: options.decodeTokens, verdict: options.verdict, memoryBudget: options.memoryBudget },
  };
}
