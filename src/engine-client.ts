// The page's handle on the worker. All GPU work and downloads happen there; the main thread only awaits results.
import * as Comlink from 'comlink';
import type { WorkerApi } from '../workers/engine.worker';

export type WorkerRemote = Comlink.Remote<WorkerApi>;

export function startEngineWorker(): WorkerRemote {
  const worker = new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  return Comlink.wrap<WorkerApi>(worker);
}
