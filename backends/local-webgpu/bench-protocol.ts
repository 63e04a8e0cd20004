// Messages between the benchmark page and its worker (bench.worker.ts). One run per worker: the page terminates
// the worker to cancel, which also gives the GPU memory back at once.
import type { ErrorInfo } from '../../common/errors';
import type { AdapterDescription } from '../../engine/gpu/device';
import type { BenchProgress, DeviceBenchOptions, DeviceBenchResult } from '../../engine/bench/device-benchmark';

export type BenchRequest = Omit<DeviceBenchOptions, 'signal'>;

export type BenchMessage =
  | { kind: 'adapter'; adapter: AdapterDescription; features: string[] }
  | { kind: 'progress'; progress: BenchProgress }
  | { kind: 'result'; result: DeviceBenchResult }
  | { kind: 'error'; error: ErrorInfo };

export type { BenchProgress, DeviceBenchResult } from '../../engine/bench/device-benchmark';
export type { BenchShape } from '../../engine/bench/bench-shapes';
