// The page's handle on the engine worker. All GPU work happens there; the main thread only awaits results.
import * as Comlink from 'comlink';
import type { EngineService } from '../workers/engine-service';

export function startEngineWorker(): Comlink.Remote<EngineService> {
  const worker = new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  return Comlink.wrap<EngineService>(worker);
}
