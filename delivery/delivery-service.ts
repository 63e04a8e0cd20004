// The model-delivery half of the worker API: download into the IndexedDB cache (pause, resume, cancel), list and
// delete cached models, and open a complete cached model as a folder for the loader.
import { AbortedError, DownloadBusyError, MirrorMismatchError, ModelInUseError, ModelNotLoadedError, OtherTabBusyError } from '../common/errors';
import { cachedFolder, readerMemory, type CachedFolder } from './cached-folder';
import { downloadModel, type DownloadProgress } from './download-manager';
import { importModelFiles, type ImportReport, type LocalFile } from './import-manager';
import { defaultModelLocks, type ModelLocks } from './model-locks';
import { ModelStore, summarize, type CachedModelSummary } from './model-store';
import { storedFilesDiffer, type PinnedManifest } from './pinned-manifest';
import { findModel, type ModelEntry } from './registry';

export interface DownloadRequest {
  modelId: string;
  baseUrl: string;
  /** Chunk size in bytes (≤ 64 MiB; smaller values are for tests and slow links). */
  chunkBytes?: number;
  /** An organisation's pinned manifest, for a model the app has no pin for (a built-in pin always wins). */
  orgPin?: PinnedManifest | null;
}

/** The manifest a model's files must match: the app's own pin, else the organisation's, else none (first use). */
export const pinFor = (entry: ModelEntry, orgPin: PinnedManifest | null | undefined): PinnedManifest | null =>
  entry.pin ?? (orgPin && orgPin.repo === entry.repo && orgPin.revision === entry.revision ? orgPin : null);

export interface DeliveryService {
  download(request: DownloadRequest, onProgress?: (p: DownloadProgress) => void): Promise<CachedModelSummary>;
  /** Copies model files from the user's disk into the cache (checked like a download); the rest can be downloaded. */
  importFiles(request: DownloadRequest, files: LocalFile[], onProgress?: (p: DownloadProgress) => void): Promise<ImportReport>;
  /** Stops the running download or import; what is stored stays and download() resumes it. */
  pause(): void;
  list(): Promise<CachedModelSummary[]>;
  /** Deletes a cached model; a running download of it is stopped first (this is also "Cancel download"). Refused
   *  while a loader still reads it: the engine stops its load first. */
  remove(modelId: string): Promise<void>;
  /** Peak bytes of cached chunks held in JS memory while loading (bounded by 2 chunks). */
  loaderMemory(): { peakBytes: number };
  /** Resolves when no other tab writes the model any more (it finished, or its tab closed or crashed). */
  waitUntilFree(modelId: string): Promise<void>;
}

export function createDeliveryService(
  store = new ModelStore(),
  locks: ModelLocks = defaultModelLocks(),
): DeliveryService & { openCached(modelId: string, orgPin?: PinnedManifest | null): Promise<CachedFolder> } {
  let running: { modelId: string; controller: AbortController; finished: Promise<unknown> } | null = null;
  const readers = new Map<string, number>(); // open cached folders per model
  /** One download or import at a time; pause() aborts it and remove() waits for its last write. */
  async function exclusive<T>(modelId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (running) throw new DownloadBusyError(`A download of ${running.modelId} is already running: pause or cancel it first.`);
    const controller = new AbortController();
    const task = (async () => {
      const release = await locks.tryExclusive(modelId);
      if (!release) throw new OtherTabBusyError(`Another tab of Safeguard is downloading or deleting ${modelId}; this tab continues when that is done.`);
      try {
        return await work(controller.signal);
      } finally {
        release();
      }
    })();
    running = { modelId, controller, finished: task.catch(() => {}) };
    try {
      return await task;
    } catch (error) {
      if (controller.signal.aborted) throw new AbortedError('The download was paused; press Resume to continue from what is stored.');
      throw error;
    } finally {
      running = null;
    }
  }
  return {
    download(request, onProgress) {
      const entry = findModel(request.modelId);
      return exclusive(request.modelId, (signal) => downloadModel(store, entry, { ...request, pin: pinFor(entry, request.orgPin), signal, onProgress }));
    },
    importFiles(request, files, onProgress) {
      const entry = findModel(request.modelId);
      return exclusive(request.modelId, (signal) => importModelFiles(store, entry, files, { ...request, pin: pinFor(entry, request.orgPin), signal, onProgress }));
    },
    pause() {
      running?.controller.abort();
    },
    list: () => store.list(),
    async remove(modelId) {
      if (readers.get(modelId)) throw new ModelInUseError(`${modelId} is being loaded onto the GPU; stop the load before deleting it.`);
      if (running?.modelId === modelId) {
        running.controller.abort();
        await running.finished; // its last chunk/manifest write must not land after the delete
      }
      const release = await locks.tryExclusive(modelId);
      if (!release) throw new OtherTabBusyError(`${modelId} is being downloaded or loaded in another tab of Safeguard; close that tab or wait for it, then delete.`);
      try {
        await store.deleteModel(modelId);
      } finally {
        release();
      }
    },
    waitUntilFree: (modelId) => locks.waitUntilFree(modelId),
    loaderMemory: () => ({ peakBytes: readerMemory.peak }),
    async openCached(modelId, orgPin) {
      const manifest = await store.getManifest(modelId);
      if (!manifest) throw new ModelNotLoadedError(`${modelId} is not downloaded yet: press Download model first.`);
      const summary = summarize(manifest);
      if (summary.state !== 'complete') {
        throw new ModelNotLoadedError(`${modelId} is ${summary.state} in the cache (${summary.storedBytes} of ${summary.totalBytes} bytes verified): press Resume download to finish it.`);
      }
      const pin = pinFor(findModel(modelId), orgPin);
      const differs = pin && storedFilesDiffer(manifest.files, pin);
      if (differs) throw new MirrorMismatchError(`The cached copy of ${modelId} does not match the pinned manifest (${pin.source}): ${differs}. Delete it under Cached models and download it again.`);
      const release = await locks.tryShared(modelId);
      if (!release) throw new OtherTabBusyError(`Another tab of Safeguard is writing ${modelId} (repairing or deleting it); this tab loads it when that is done.`);
      readers.set(modelId, (readers.get(modelId) ?? 0) + 1);
      const folder = cachedFolder(store, manifest);
      let open = true;
      return {
        ...folder,
        close() {
          folder.close();
          if (open) {
            readers.set(modelId, readers.get(modelId)! - 1);
            release();
          }
          open = false;
        },
      };
    },
  };
}
