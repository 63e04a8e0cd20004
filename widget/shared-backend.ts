// One engine worker and one loaded model per page for each (model, mirror), however many elements or API handles
// use it: the GPU holds one copy of the weights, and classifications queue in the one worker.
import { LocalWebGpuBackend, type LocalStatus } from '../backends/local-webgpu/local-backend';

interface Shared {
  backend: LocalWebGpuBackend;
  users: number;
}

const shared = new Map<string, Shared>();

export interface BackendLease {
  backend: LocalWebGpuBackend;
  release(): void;
}

export function leaseBackend(modelId: string, mirror: string, context: number | 'auto' = 'auto'): BackendLease {
  const key = JSON.stringify([modelId, mirror, context]);
  let entry = shared.get(key);
  if (!entry) {
    entry = { backend: new LocalWebGpuBackend({ modelId, baseUrl: mirror, chunkBytes: undefined, orgPin: null, context }), users: 0 };
    shared.set(key, entry);
  }
  entry.users++;
  let released = false;
  const held = entry;
  return {
    backend: held.backend,
    release() {
      if (released) return;
      released = true;
      if (--held.users === 0) {
        shared.delete(key);
        held.backend.dispose();
      }
    },
  };
}

/** Resolves with the first status `pick` maps to a value (checked now and on every change). */
export function whenStatus<T>(backend: LocalWebGpuBackend, pick: (s: LocalStatus) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (s: LocalStatus) => {
      try {
        const value = pick(s);
        if (value === undefined) return false;
        resolve(value);
        return true;
      } catch (error) {
        reject(error);
        return true;
      }
    };
    if (check(backend.getStatus())) return;
    const stop = backend.subscribe((s) => check(s) && stop());
  });
}
