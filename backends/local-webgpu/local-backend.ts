// The local WebGPU backend: the model's whole life cycle in the page, framework-free (React only subscribes):
// probe the GPU, download into the cache (pause/resume/cancel) or import a folder, load, switch models,
// and recover by itself from a lost device. All GPU work and downloads run in the engine worker.
import { describeError, type ErrorInfo } from '../../common/errors';
import { pinRequest, type ClassifyInput, type ClassifyResult } from '../../classify/request';
import { deliverManyEvent, type ClassifyManyOptions, type ManyOutcome } from '../../classify/classify-many';
import type { DownloadProgress } from '../../delivery/download-manager';
import type { DownloadRequest } from '../../delivery/delivery-service';
import type { LocalFile } from '../../delivery/import-manager';
import type { CachedModelSummary } from '../../delivery/model-store';
import type { PinnedManifest } from '../../delivery/pinned-manifest';
import type { BackendStatus, ClassifierBackend, ClassifyOptions } from '../classifier-backend';
import type { DeviceProbe, EngineStatus, LoadedModel, LoadProgress, PromptSize } from './engine-service';

export type { CachedModelSummary, DeviceProbe, DownloadProgress, LoadedModel, PromptSize };
import { requestPersistentStorage, storageFigures, type StorageFigures } from './storage';
import { DownloadRecord } from './download-record';
import { describeImport, stoppedOrFailed } from './status-text';
import { WorkerClient } from './worker-client';

export interface LocalSettings {
  modelId: string;
  baseUrl: string;
  /** Download chunk size; smaller is only useful for tests and very slow links. */
  chunkBytes: number | undefined;
  /** An organisation's pinned manifest for its mirror (used for models the app has no pin for). */
  orgPin: PinnedManifest | null;
  /** The longest context to allocate; 'auto' = the model's maximum, or what the GPU's memory holds. */
  context: number | 'auto';
}

export interface LocalStatus extends BackendStatus {
  probe: DeviceProbe | null;
  /** Why this machine cannot run the model (no WebGPU, no adapter, failed self-test). */
  gpuError: ErrorInfo | null;
  download: DownloadProgress | null;
  load: LoadProgress | null;
  loaded: LoadedModel | null;
  /** Most cached-chunk bytes the worker held in JS memory while loading. */
  loaderPeakBytes: number | null;
  cached: CachedModelSummary[];
  storage: StorageFigures | null;
}

const initial: LocalStatus = {
  phase: 'starting', model: null, error: null, notice: null, probe: null, gpuError: null, download: null, load: null, loaded: null,
  loaderPeakBytes: null, cached: [], storage: null,
};

export class LocalWebGpuBackend implements ClassifierBackend<LocalStatus> {
  readonly kind = 'local-webgpu';
  private status: LocalStatus = initial;
  private readonly listeners = new Set<(s: LocalStatus) => void>();
  private busy = false;
  /** Why the running download or load is being stopped: a pause or a delete is a state change, not an error. */
  private stopping: 'pause' | 'delete' | null = null;
  private readonly stopStatus: () => void;
  private readonly downloaded = new DownloadRecord();

  constructor(
    private settings: LocalSettings,
    private readonly worker: WorkerClient = WorkerClient.start(),
  ) {
    this.stopStatus = worker.onStatus((s) => this.onEngineStatus(s));
    void this.start();
  }

  getStatus = () => this.status;

  subscribe(listener: (s: LocalStatus) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private patch(p: Partial<LocalStatus>) {
    this.status = { ...this.status, ...p };
    const loaded = this.status.loaded;
    this.status.model = loaded && this.status.phase === 'ready' ? { id: loaded.modelId, name: loaded.name } : null;
    for (const l of this.listeners) l(this.status);
  }

  private async start() {
    try {
      const probe = await this.worker.call('probe', {});
      this.patch({ probe, phase: 'idle' });
    } catch (error) {
      this.patch({ phase: 'unavailable', gpuError: describeError(error) });
      return;
    }
    await this.loadIfCached();
  }

  /** Loads the chosen model when it is complete in the cache (an offline start: nothing to download). */
  private async loadIfCached() {
    const cached = await this.refresh();
    if (this.downloaded.evicted(cached.map((c) => c.modelId)).includes(this.settings.modelId)) {
      this.patch({
        notice: `The browser removed the cached ${this.settings.modelId} to free disk space (this site's storage is not persistent). Press Download model to fetch it again; "Keep stored data" below asks the browser not to do this again.`,
      });
    }
    if (cached.find((c) => c.modelId === this.settings.modelId)?.state === 'complete') await this.prepare();
  }

  async refresh(): Promise<CachedModelSummary[]> {
    const [cached, storage] = await Promise.all([this.worker.call('listCached', {}), storageFigures()]);
    this.patch({ cached, storage });
    return cached;
  }

  private deliveryRequest(): DownloadRequest {
    return { modelId: this.settings.modelId, baseUrl: this.settings.baseUrl, chunkBytes: this.settings.chunkBytes, orgPin: this.settings.orgPin };
  }

  private async loadFromCache(): Promise<void> {
    this.patch({ phase: 'loading', error: null, load: null });
    try {
      const loaded = await this.worker.call('load', { modelId: this.settings.modelId, orgPin: this.settings.orgPin, context: this.settings.context }, (e) => e.type === 'loadProgress' && this.patch({ load: e.progress }));
      const { peakBytes } = await this.worker.call('loaderMemory', {});
      this.patch({ phase: 'ready', loaded, loaderPeakBytes: peakBytes, notice: null });
      this.downloaded.add(loaded.modelId);
    } finally {
      await this.refresh();
    }
  }

  /** Downloads what is missing (nothing, when complete), verifies, loads; repairs a corrupted chunk once. */
  async prepare(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.stopping = null;
    try {
      for (let attempt = 1; ; attempt++) {
        this.patch({ phase: 'downloading', error: null });
        await requestPersistentStorage(); // main thread only; inside the user's click when they press Download
        try {
          await this.worker.call('download', { request: this.deliveryRequest() }, (e) => e.type === 'downloadProgress' && this.onDownloadProgress(e.progress));
          await this.loadFromCache();
          return;
        } catch (error) {
          const e = describeError(error);
          if (e.name === 'OtherTabBusyError') {
            await this.waitForOtherTab();
            attempt = 0; // the other tab's work is done (or it closed): start over, taking over what it left
            continue;
          }
          if (e.name !== 'IntegrityError' || attempt > 1) throw error;
          this.patch({ notice: `${e.message} Downloading it again…` });
        }
      }
    } catch (error) {
      this.patch({ phase: 'idle', load: null, ...this.stoppedOrFailed(error) });
      await this.refresh();
    } finally {
      this.busy = false;
    }
  }

  /** Another tab writes the model: show its progress (from the shared cache) until its lock is free. */
  private async waitForOtherTab() {
    const modelId = this.settings.modelId;
    this.patch({ notice: 'Another tab of Safeguard is downloading this model. This tab shows its progress and loads the model when it is done; if that tab closes, this one takes over.' });
    const showProgress = async () => {
      const mine = (await this.refresh()).find((c) => c.modelId === modelId);
      if (mine) this.patch({ download: { modelId, phase: 'other-tab', bytesDone: mine.storedBytes, bytesTotal: mine.totalBytes, bytesPerSecond: 0, etaSeconds: null, notice: null } });
    };
    await showProgress();
    const timer = setInterval(() => void showProgress(), 1500);
    try {
      await this.worker.call('waitForModel', { modelId });
    } finally {
      clearInterval(timer);
    }
    this.patch({ notice: null });
  }

  private onDownloadProgress(progress: DownloadProgress) {
    const listed = this.status.download?.phase === 'listing' && progress.phase !== 'listing';
    this.patch({ download: progress });
    if (listed) void this.refresh(); // the model now has a manifest: it shows under Cached models (with Delete)
  }

  /** A stop the user asked for (pause, delete) becomes a notice; anything else is an error to show. */
  private stoppedOrFailed(error: unknown): Partial<Pick<LocalStatus, 'error' | 'notice'>> {
    return stoppedOrFailed(error, this.stopping, this.status.download);
  }

  /** Copies a model folder from disk into the cache (checked like a download), then loads it when complete. */
  async importFolder(files: LocalFile[]): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.stopping = null;
    try {
      this.patch({ phase: 'downloading', error: null, notice: null });
      await requestPersistentStorage();
      const report = await this.worker.call('importFiles', { request: this.deliveryRequest(), files }, (e) => e.type === 'downloadProgress' && this.patch({ download: e.progress }));
      if (report.summary.state === 'complete') await this.loadFromCache();
      this.patch({ notice: describeImport(report), ...(report.summary.state === 'complete' ? {} : { phase: 'idle' as const }) });
    } catch (error) {
      this.patch({ phase: 'idle', ...this.stoppedOrFailed(error) });
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  /** New settings; choosing another model unloads the loaded one and loads the new one when it is cached. */
  async configure(settings: LocalSettings) {
    const switched = settings.modelId !== this.settings.modelId || (settings.context !== this.settings.context && this.status.loaded !== null);
    this.settings = settings;
    if (!switched || this.status.phase === 'starting' || this.status.phase === 'unavailable') return;
    if (this.status.loaded) {
      await this.worker.call('unload', {});
      this.patch({ loaded: null, phase: 'idle', load: null, notice: null, error: null });
    } else this.patch({ error: null, notice: null });
    await this.loadIfCached();
  }

  pause = async () => {
    this.stopping = 'pause';
    await this.worker.call('pauseDownload', {});
  };

  cancelDownload = () => this.remove(this.settings.modelId, 'cancel');

  /**
   * Deletes a cached model at any moment: the worker first stops its download, load or run and unloads it, then
   * removes its files (manifest first), so a reload finds it either complete or gone, never half-deleted.
   */
  async remove(modelId: string, why: 'delete' | 'cancel' = 'delete') {
    this.stopping = 'delete';
    try {
      await this.worker.call('deleteModel', { modelId });
      this.downloaded.remove(modelId); // deleted on purpose: not an eviction
      const wasLoaded = this.status.loaded?.modelId === modelId;
      this.patch({
        ...(wasLoaded || this.status.phase === 'loading' ? { loaded: null, phase: 'idle' as const, load: null } : {}),
        download: null, error: null,
        notice: why === 'cancel' ? 'Download cancelled; what was stored is deleted.' : `Deleted ${modelId} from this browser${wasLoaded ? ' (it was unloaded from the GPU first)' : ''}.`,
      });
    } catch (error) {
      this.patch({ error: describeError(error) });
    } finally {
      await this.refresh();
    }
  }

  classify(input: ClassifyInput, options: ClassifyOptions = {}): Promise<ClassifyResult> {
    const request = pinRequest(input);
    options.signal?.addEventListener('abort', () => this.cancel(), { once: true });
    return this.worker.call('classify', { request }, (e) => e.type === 'classify' && options.onEvent?.(e.event));
  }

  /** The items held at once share the GPU's decode passes; left to the engine, as many as its memory holds. */
  async classifyMany(inputs: readonly ClassifyInput[], options: ClassifyManyOptions): Promise<ManyOutcome> {
    const now = new Date();
    const { signal } = options;
    if (signal?.aborted) return 'stopped';
    signal?.addEventListener('abort', () => this.cancel(), { once: true });
    try {
      return await this.worker.call('classifyMany', { inputs: inputs.map((input) => pinRequest(input, now)), concurrency: options.concurrency ?? null }, (e) => e.type === 'many' && deliverManyEvent(e.event, options));
    } catch (error) {
      if (signal?.aborted && (error as Error).name === 'AbortedError') return 'stopped';
      throw error;
    }
  }

  cancel() {
    void this.worker.call('cancel', {});
  }

  countTokens(text: string) {
    return this.worker.call('countTokens', { text });
  }

  /** The whole prompt's tokens for this input and the loaded model's context. */
  measurePrompt(input: ClassifyInput) {
    return this.worker.call('measurePrompt', { request: pinRequest(input) });
  }

  /** Asks the browser to keep this site's data (call inside a click); the figures say whether it agreed. */
  async keepStorage(): Promise<boolean> {
    const granted = await requestPersistentStorage();
    await this.refresh();
    return granted;
  }

  /** Destroys the GPU device as a driver reset would; the backend then recovers by itself. */
  simulateDeviceLoss() {
    return this.worker.call('simulateDeviceLoss', {});
  }

  /** The engine's pushed state: a lost device is noticed at once, not at the next Run. */
  private onEngineStatus(s: EngineStatus) {
    if (s.state === 'lost' && this.status.phase !== 'recovering') void this.recover(s.lostReason);
  }

  /** After a lost GPU device: acquire a new one and load the model again from the cache. */
  private async recover(reason: string | null) {
    const hadModel = this.status.loaded !== null;
    this.patch({ phase: 'recovering', loaded: null, notice: `The GPU device was lost (${reason ?? 'no reason given'}). Restarting the engine…` });
    try {
      const probe = await this.worker.call('probe', {});
      this.patch({ probe, phase: 'idle' });
      if (hadModel) await this.loadFromCache();
      this.patch({ notice: `The GPU device was lost (${reason ?? 'no reason given'}); the engine was restarted${hadModel ? ' and the model reloaded' : ''}.` });
    } catch (error) {
      this.patch({ phase: 'idle', error: describeError(error) });
    }
  }

  dispose() {
    this.stopStatus();
    this.listeners.clear();
    this.worker.terminate();
  }
}
