// Which browsing context may write a cached model. Two tabs of the app (or the app and a widget on the same
// origin) share one IndexedDB cache: a download, import or delete holds the model's lock exclusively, a load holds
// it shared. Locks are never waited for silently: a caller that cannot have one at once is told, and can wait
// for it explicitly (waitUntilFree). The Web Locks API releases a lock when its tab closes or crashes, so a
// second tab can take over a download whose tab was killed.

/** Gives the lock back. */
export type Release = () => void;

export interface ModelLocks {
  /** The model's lock for writing, or null at once when another context holds it in any mode. */
  tryExclusive(modelId: string): Promise<Release | null>;
  /** The model's lock for reading, or null at once when another context is writing it. */
  tryShared(modelId: string): Promise<Release | null>;
  /** Resolves once nobody writes the model (the moment a writer finishes, closes or crashes). */
  waitUntilFree(modelId: string, signal?: AbortSignal): Promise<void>;
}

const lockName = (modelId: string) => `safeguard-model:${modelId}`;

/** Locks shared by every tab and worker of the origin (navigator.locks). */
export function webLocks(locks: LockManager): ModelLocks {
  const hold = (modelId: string, mode: LockMode) =>
    new Promise<Release | null>((resolve, reject) => {
      locks
        .request(lockName(modelId), { mode, ifAvailable: true }, (lock) => {
          if (!lock) return resolve(null);
          return new Promise<void>((release) => resolve(() => release()));
        })
        .catch(reject);
    });
  return {
    tryExclusive: (modelId) => hold(modelId, 'exclusive'),
    tryShared: (modelId) => hold(modelId, 'shared'),
    async waitUntilFree(modelId, signal) {
      await locks.request(lockName(modelId), { mode: 'shared', signal }, async () => {});
    },
  };
}

/** The same rules inside one JavaScript realm, where navigator.locks does not exist (Node tests). */
export function processLocks(): ModelLocks {
  const writers = new Set<string>();
  const readers = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  const wake = (modelId: string) => {
    for (const resume of waiting.get(modelId)?.splice(0) ?? []) resume();
  };
  return {
    async tryExclusive(modelId) {
      if (writers.has(modelId) || readers.get(modelId)) return null;
      writers.add(modelId);
      return () => {
        writers.delete(modelId);
        wake(modelId);
      };
    },
    async tryShared(modelId) {
      if (writers.has(modelId)) return null;
      readers.set(modelId, (readers.get(modelId) ?? 0) + 1);
      let held = true;
      return () => {
        if (held) readers.set(modelId, readers.get(modelId)! - 1);
        held = false;
      };
    },
    waitUntilFree(modelId, signal) {
      if (!writers.has(modelId)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiting.set(modelId, [...(waiting.get(modelId) ?? []), resolve]);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
  };
}

/** Web Locks where the context has them, else the in-realm version. */
export const defaultModelLocks = (): ModelLocks => {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? webLocks(locks) : processLocks();
};
