// The page's side of the benchmark worker: one worker per run, terminated to cancel (its GPU memory goes with it).
import type { BenchMessage, BenchRequest } from './bench-protocol';

export interface BenchRun {
  /** Ends the run now; no further messages arrive. */
  cancel(): void;
}

export function startBenchmark(request: BenchRequest, onMessage: (m: BenchMessage) => void): BenchRun {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'benchmark' });
  let open = true;
  const end = () => {
    open = false;
    worker.terminate();
  };
  worker.addEventListener('message', (e: MessageEvent<BenchMessage>) => {
    if (!open) return;
    if (e.data.kind === 'result' || e.data.kind === 'error') end();
    onMessage(e.data);
  });
  worker.addEventListener('error', (e) => {
    if (!open) return;
    end();
    onMessage({ kind: 'error', error: { name: 'WorkerError', message: e.message || 'the benchmark worker failed to start' } });
  });
  worker.postMessage(request);
  return { cancel: end };
}

export { BENCH_SHAPES, DEFAULT_BENCH } from '../../engine/bench/bench-shapes';
