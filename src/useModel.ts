// The model's life cycle as the page sees it: probe the GPU, download into the cache (pause/resume/cancel),
// load from the cache, recover from a lost device or a corrupted chunk. All work runs in the worker.
import * as Comlink from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DownloadProgress } from '../workers/delivery/download-manager';
import type { ImportReport, LocalFile } from '../workers/delivery/import-manager';
import type { CachedModelSummary } from '../workers/delivery/model-store';
import type { DeviceProbe, LoadedModel, LoadProgress } from '../workers/engine-service';
import type { WorkerRemote } from './engine-client';
import { describeError } from './lib/format';
import type { Settings } from './lib/settings';
import { requestPersistentStorage, storageFigures, type StorageFigures } from './lib/storage';

export type Phase = 'probing' | 'no-gpu' | 'idle' | 'downloading' | 'loading' | 'ready';

export interface ModelState {
  phase: Phase;
  probe: DeviceProbe | null;
  gpuError: { name: string; message: string } | null;
  error: { name: string; message: string } | null;
  notice: string | null;
  download: DownloadProgress | null;
  load: LoadProgress | null;
  loaded: LoadedModel | null;
  /** Most cached-chunk bytes the worker held in JS memory while loading. */
  loaderPeakBytes: number | null;
  cached: CachedModelSummary[];
  storage: StorageFigures | null;
}

const initial: ModelState = {
  phase: 'probing', probe: null, gpuError: null, error: null, notice: null, download: null, load: null, loaded: null, loaderPeakBytes: null, cached: [], storage: null,
};

export function useModel(api: WorkerRemote, settings: Settings) {
  const [state, setState] = useState<ModelState>(initial);
  const patch = useCallback((p: Partial<ModelState>) => setState((s) => ({ ...s, ...p })), []);
  const busy = useRef(false);

  const refresh = useCallback(async () => {
    const [cached, storage] = await Promise.all([api.delivery.list(), storageFigures()]);
    patch({ cached, storage });
    return cached;
  }, [api, patch]);

  const loadFromCache = useCallback(async (): Promise<void> => {
    patch({ phase: 'loading', error: null, load: null });
    try {
      const loaded = await api.engine.load({ kind: 'cache', modelId: settings.modelId }, Comlink.proxy((load: LoadProgress) => patch({ load })));
      const { peakBytes } = await api.delivery.loaderMemory();
      patch({ phase: 'ready', loaded, loaderPeakBytes: peakBytes, notice: null });
    } finally {
      await refresh();
    }
  }, [api, patch, refresh, settings.modelId]);

  /** Downloads what is missing (nothing, when complete), verifies, loads; repairs a corrupted chunk once. */
  const prepare = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      for (let attempt = 1; ; attempt++) {
        patch({ phase: 'downloading', error: null });
        await requestPersistentStorage(); // main thread only; inside the user's click when they press Download
        await api.delivery.download(
          { modelId: settings.modelId, baseUrl: settings.baseUrl, chunkBytes: settings.chunkBytes },
          Comlink.proxy((download: DownloadProgress) => patch({ download })),
        );
        try {
          await loadFromCache();
          return;
        } catch (error) {
          const e = describeError(error);
          if (e.name !== 'IntegrityError' || attempt > 1) throw error;
          patch({ notice: `${e.message} Downloading it again…` });
        }
      }
    } catch (error) {
      patch({ phase: 'idle', error: describeError(error) });
      await refresh();
    } finally {
      busy.current = false;
    }
  }, [api, loadFromCache, patch, refresh, settings]);

  /** Copies a model folder from disk into the cache (checked like a download), then loads it when complete. */
  const importFolder = useCallback(
    async (files: LocalFile[]) => {
      if (busy.current) return;
      busy.current = true;
      try {
        patch({ phase: 'downloading', error: null, notice: null });
        await requestPersistentStorage();
        const report = await api.delivery.importFiles(
          { modelId: settings.modelId, baseUrl: settings.baseUrl, chunkBytes: settings.chunkBytes },
          files,
          Comlink.proxy((download: DownloadProgress) => patch({ download })),
        );
        if (report.summary.state === 'complete') await loadFromCache();
        patch({ notice: describeImport(report), ...(report.summary.state === 'complete' ? {} : { phase: 'idle' as const }) });
      } catch (error) {
        patch({ phase: 'idle', error: describeError(error) });
      } finally {
        busy.current = false;
        await refresh();
      }
    },
    [api, loadFromCache, patch, refresh, settings],
  );

  const pause = useCallback(() => api.delivery.pause(), [api]);
  const cancelDownload = useCallback(async () => {
    await api.delivery.remove(settings.modelId);
    patch({ download: null });
    await refresh();
  }, [api, patch, refresh, settings.modelId]);
  const remove = useCallback(
    async (modelId: string) => {
      if (modelId === settings.modelId && state.loaded) {
        await api.engine.unload();
        patch({ loaded: null, phase: 'idle' });
      }
      await api.delivery.remove(modelId);
      await refresh();
    },
    [api, patch, refresh, settings.modelId, state.loaded],
  );

  /** After a lost GPU device: acquire a new one and load the model again from the cache. */
  const recover = useCallback(async () => {
    patch({ loaded: null, notice: 'The GPU device was lost. Restarting the engine…' });
    try {
      await api.engine.probeDevice();
      await loadFromCache();
      patch({ notice: 'The GPU device was lost; the engine was restarted and the model reloaded.' });
    } catch (error) {
      patch({ phase: 'idle', error: describeError(error) });
    }
  }, [api, loadFromCache, patch]);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const probe = await api.engine.probeDevice();
        if (cancelled) return;
        patch({ probe, phase: 'idle' });
      } catch (error) {
        if (!cancelled) patch({ phase: 'no-gpu', gpuError: describeError(error) });
        return;
      }
      const cached = await refresh();
      const mine = cached.find((c) => c.modelId === settings.modelId);
      if (!cancelled && mine?.state === 'complete') await prepare(); // offline start: nothing to download
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  return { state, prepare, importFolder, pause, cancelDownload, remove, recover, refresh };
}

function describeImport(r: ImportReport): string {
  const parts = [`Imported from disk and verified: ${r.imported.length ? r.imported.join(', ') : 'nothing'}.`];
  for (const { path, reason } of r.rejected) parts.push(`Not imported: ${path} ${reason}.`);
  if (r.missing.length) parts.push(`Not in the folder: ${r.missing.join(', ')}.`);
  if (r.summary.state !== 'complete') parts.push('Press Resume download to fetch what is still missing.');
  return parts.join(' ');
}
