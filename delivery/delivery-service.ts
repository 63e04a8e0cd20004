// The model-delivery half of the worker API: download into the IndexedDB cache (pause, resume, cancel), list and
// delete cached models, and open a complete cached model as a folder for the loader.
import { AbortedError, DownloadBusyError, ModelNotLoadedError } from '../common/errors';
import { cachedFolder, readerMemory, type CachedFolder } from './cached-folder';
import { downloadModel, type DownloadProgress } from './download-manager';
import { importModelFiles, type ImportReport, type LocalFile } from './import-manager';
import { ModelStore, summarize, type CachedModelSummary } from './model-store';
import { findModel } from './registry';

export interface DownloadRequest {
  modelId: string;
  baseUrl: string;
  /** Chunk size in bytes (≤ 64 MiB; smaller values are for tests and slow links). */
  chunkBytes?: number;
}

export interface DeliveryService {
  download(request: DownloadRequest, onProgress?: (p: DownloadProgress) => void): Promise<CachedModelSummary>;
  /** Copies model files from the user's disk into the cache (checked like a download); the rest can be downloaded. */
  importFiles(request: DownloadRequest, files: LocalFile[], onProgress?: (p: DownloadProgress) => void): Promise<ImportReport>;
  /** Stops the running download or import; what is stored stays and download() resumes it. */
  pause(): void;
  list(): Promise<CachedModelSummary[]>;
  /** Deletes a cached model; a running download of it is stopped first (this is also "Cancel download"). */
  remove(modelId: string): Promise<void>;
  /** Peak bytes of cached chunks held in JS memory while loading (bounded by 2 chunks). */
  loaderMemory(): { peakBytes: number };
}

export function createDeliveryService(store = new ModelStore()): DeliveryService & { openCached(modelId: string): Promise<CachedFolder> } {
  let running: { modelId: string; controller: AbortController; finished: Promise<unknown> } | null = null;
  /** One download or import at a time; pause() aborts it and remove() waits for its last write. */
  async function exclusive<T>(modelId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (running) throw new DownloadBusyError(`A download of ${running.modelId} is already running: pause or cancel it first.`);
    const controller = new AbortController();
    const task = work(controller.signal);
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
      return exclusive(request.modelId, (signal) => downloadModel(store, findModel(request.modelId), { ...request, signal, onProgress }));
    },
    importFiles(request, files, onProgress) {
      return exclusive(request.modelId, (signal) => importModelFiles(store, findModel(request.modelId), files, { ...request, signal, onProgress }));
    },
    pause() {
      running?.controller.abort();
    },
    list: () => store.list(),
    async remove(modelId) {
      if (running?.modelId === modelId) {
        running.controller.abort();
        await running.finished; // its last chunk/manifest write must not land after the delete
      }
      await store.deleteModel(modelId);
    },
    loaderMemory: () => ({ peakBytes: readerMemory.peak }),
    async openCached(modelId) {
      const manifest = await store.getManifest(modelId);
      if (!manifest) throw new ModelNotLoadedError(`${modelId} is not downloaded yet: press Download first.`);
      const summary = summarize(manifest);
      if (summary.state !== 'complete') {
        throw new ModelNotLoadedError(`${modelId} is ${summary.state} in the cache (${summary.storedBytes} of ${summary.totalBytes} bytes verified): press Download to finish it.`);
      }
      return cachedFolder(store, manifest);
    },
  };
}
