// The page ↔ engine-worker protocol: an explicit, versioned list of messages. Requests carry an id; the worker
// answers each with one `result` or `error` (stable error names) and may stream `event`s for it before that.
// `status` messages are pushed whenever the engine's state changes, e.g. the moment the GPU device is lost.
import type { ErrorInfo } from '../../common/errors';
import type { ClassifyEvent, ClassifyInput, ClassifyRequest, ClassifyResult } from '../../classify/request';
import type { ManyEvent, ManyOutcome } from '../../classify/classify-many';
import type { DownloadProgress } from '../../delivery/download-manager';
import type { DownloadRequest } from '../../delivery/delivery-service';
import type { ImportReport, LocalFile } from '../../delivery/import-manager';
import type { CachedModelSummary } from '../../delivery/model-store';
import type { PinnedManifest } from '../../delivery/pinned-manifest';
import type { DeviceProbe, EngineStatus, LoadedModel, LoadProgress, PromptSize } from './engine-service';

export const PROTOCOL_VERSION = 3;

/** Every request, by type: its parameters and what its result is. */
export interface Requests {
  probe: { params: Record<string, never>; result: DeviceProbe };
  load: { params: { modelId: string; orgPin: PinnedManifest | null; context: number | 'auto' }; result: LoadedModel };
  unload: { params: Record<string, never>; result: void };
  classify: { params: { request: ClassifyRequest }; result: ClassifyResult };
  /** Items decoded together; streams ManyEvents (which item started, its events, its outcome). */
  classifyMany: { params: { inputs: ClassifyInput[]; concurrency: number | null }; result: ManyOutcome };
  countTokens: { params: { text: string }; result: number };
  /** The whole prompt's tokens for a request, and the loaded model's context. */
  measurePrompt: { params: { request: ClassifyRequest }; result: PromptSize };
  /** Stops the running classification or load and drops queued ones (answered at once, not queued). */
  cancel: { params: Record<string, never>; result: void };
  download: { params: { request: DownloadRequest }; result: CachedModelSummary };
  importFiles: { params: { request: DownloadRequest; files: LocalFile[] }; result: ImportReport };
  pauseDownload: { params: Record<string, never>; result: void };
  listCached: { params: Record<string, never>; result: CachedModelSummary[] };
  /** Resolves when no other tab writes the model (it finished, or that tab closed). */
  waitForModel: { params: { modelId: string }; result: void };
  /** Stops a load, run or download that uses the model, unloads it, then deletes its files. */
  deleteModel: { params: { modelId: string }; result: void };
  loaderMemory: { params: Record<string, never>; result: { peakBytes: number } };
  /** Destroys the GPU device as a driver reset would (tests and diagnostics). */
  simulateDeviceLoss: { params: Record<string, never>; result: void };
}
export type RequestType = keyof Requests;

/** Events streamed for a request before its result. */
export type WorkerEvent =
  | { type: 'classify'; event: ClassifyEvent }
  | { type: 'many'; event: ManyEvent }
  | { type: 'loadProgress'; progress: LoadProgress }
  | { type: 'downloadProgress'; progress: DownloadProgress };

export type RequestMessage = { [T in RequestType]: { v: typeof PROTOCOL_VERSION; id: number; type: T; params: Requests[T]['params'] } }[RequestType];

export type WorkerMessage =
  | { v: typeof PROTOCOL_VERSION; kind: 'result'; id: number; result: unknown }
  | { v: typeof PROTOCOL_VERSION; kind: 'error'; id: number; error: ErrorInfo }
  | { v: typeof PROTOCOL_VERSION; kind: 'event'; id: number; event: WorkerEvent }
  | { v: typeof PROTOCOL_VERSION; kind: 'status'; status: EngineStatus };
