// The model-delivery half of the worker API: download into the IndexedDB cache (pause, resume, cancel), list and
// delete cached models, and open a complete cached model as a folder for the loader.
import { AbortedError, ModelNotLoadedError } from '../engine/errors';
import { cachedFolder, readerMemory, type CachedFolder } from './cached-folder';
import { downloadModel, type DownloadProgress } from './download-manager';
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
  /** Stops the running download; what is stored stays and download() resumes it. */
  pause(): void;
  list(): Promise<CachedModelSummary[]>;
  /** Deletes a cached model; a running download of it is stopped first (this is also "Cancel download"). */
  remove(modelId: string): Promise<void>;
  /** Peak bytes of cached chunks held in JS memory while loading (bounded by 2 chunks). */
  loaderMemory(): { peakBytes: number };
}

export function createDeliveryService(store = new ModelStore()): DeliveryService & { openCached(modelId: string): Promise<CachedFolder> } {
  let running: { modelId: string; controller: AbortController; finished: Promise<unknown> } | null = null;
  return {
    async download(request, onProgress) {
      if (running) throw new AbortedError(`A download of ${running.modelId} is already running; pause it first.`);
      const controller = new AbortController();
      const download = downloadModel(store, findModel(request.modelId), { ...request, signal: controller.signal, onProgress });
      running = { modelId: request.modelId, controller, finished: download.catch(() => {}) };
      try {
        return await download;
      } catch (error) {
        if (controller.signal.aborted) throw new AbortedError('The download was paused; press Resume to continue from what is stored.');
        throw error;
      } finally {
        running = null;
      }
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
