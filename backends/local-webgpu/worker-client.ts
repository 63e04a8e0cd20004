// The page's side of the worker protocol: typed calls with request ids, streamed events, pushed status.
// Errors come back as Error objects with the worker's stable `name`.
import type { EngineStatus } from './engine-service';
import { PROTOCOL_VERSION, type RequestMessage, type Requests, type RequestType, type WorkerEvent, type WorkerMessage } from './protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onEvent?: (event: WorkerEvent) => void;
}

export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly statusListeners = new Set<(status: EngineStatus) => void>();

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => this.receive(e.data));
  }

  static start(): WorkerClient {
    return new WorkerClient(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' }));
  }

  call<T extends RequestType>(type: T, params: Requests[T]['params'], onEvent?: (event: WorkerEvent) => void): Promise<Requests[T]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onEvent });
      this.worker.postMessage({ v: PROTOCOL_VERSION, id, type, params } as RequestMessage);
    });
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  terminate() {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(Object.assign(new Error('The engine worker was stopped.'), { name: 'AbortedError' }));
    this.pending.clear();
  }

  private receive(m: WorkerMessage) {
    if (m.kind === 'status') {
      for (const listener of this.statusListeners) listener(m.status);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'event') p.onEvent?.(m.event);
    else {
      this.pending.delete(m.id);
      if (m.kind === 'result') p.resolve(m.result);
      else p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
    }
  }
}
