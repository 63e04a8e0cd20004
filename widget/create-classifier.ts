// The JS API for pages that embed the classifier: createClassifier() → ready(), classify(), classifyMany(),
// status, dispose(). The same backend interface the app uses (the local WebGPU engine in a worker); every handle
// on the page with the same model and mirror shares one worker and one loaded model.
import type { ClassifyOptions } from '../backends/classifier-backend';
import type { LocalStatus } from '../backends/local-webgpu/local-backend';
import { outputFormatOf, parseFormatName, withOutputFormat, type OutputFormat } from '../classify/formats/output-format';
import type { ClassifyResult } from '../classify/request';
import { AbortedError, ModelNotLoadedError, type ErrorInfo } from '../common/errors';
import { findModel, HUGGING_FACE } from '../delivery/registry';
import type { ReasoningEffort } from '../harmony/render';
import { leaseBackend, whenStatus } from './shared-backend';

export const DEFAULT_MODEL = 'gpt-oss-safeguard-20b';

export interface ClassifierOptions {
  /** Registry id (default gpt-oss-safeguard-20b). */
  model?: string;
  /** Base URL of the model files (default the Hugging Face Hub). */
  mirror?: string;
  /** Longest context to allocate (default: what the GPU holds). */
  context?: number | 'auto';
  onProgress?: (progress: WidgetProgress) => void;
}

export type WidgetProgress =
  | { phase: 'download'; bytesDone: number; bytesTotal: number }
  | { phase: 'load'; bytesDone: number; bytesTotal: number }
  | { phase: 'classify'; tokens: number };

export interface EmbeddedRequest {
  policy: string;
  content: string;
  effort?: ReasoningEffort;
  /** binary | json | labels:A,B, or a format object; default: the policy's own OUTPUT FORMAT, else binary. */
  format?: string | OutputFormat;
  maxTokens?: number;
}

export interface EmbeddedClassifier {
  readonly model: { id: string; title: string; approxBytes: number };
  readonly status: LocalStatus;
  /** Called on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: LocalStatus) => void): () => void;
  /** Whether the model's files are complete in this browser (so ready() downloads nothing). */
  isStored(): Promise<boolean>;
  /** Downloads what is missing and loads the model onto the GPU. */
  ready(): Promise<void>;
  classify(request: EmbeddedRequest, options?: ClassifyOptions): Promise<ClassifyResult>;
  /**
   * Several items, those held at once decoded together on the GPU (`concurrency`: how many; left out, as many as
   * its memory holds, up to 8). Each result is handed over as it finishes. Resolves with every result in input
   * order; an item the model cannot take (e.g. too long) rejects the whole call once the others are done.
   */
  classifyMany(requests: EmbeddedRequest[], options?: { signal?: AbortSignal; concurrency?: number; onResult?: (index: number, result: ClassifyResult) => void }): Promise<ClassifyResult[]>;
  dispose(): void;
}

/** The policy as sent (with the asked format's OUTPUT FORMAT section) and the format its answer is read with. */
export function resolveFormat(policy: string, format: EmbeddedRequest['format']): { policy: string; format: OutputFormat } {
  const asked = typeof format === 'string' ? parseFormatName(format) : (format ?? null);
  if (typeof format === 'string' && !asked) throw new RangeError(`format must be binary, json or labels:A,B, got ${JSON.stringify(format)}`);
  const written = outputFormatOf(policy);
  if (!asked) return { policy, format: written ?? { kind: 'binary' } };
  const same = written && JSON.stringify(written) === JSON.stringify(asked);
  return { policy: same ? policy : withOutputFormat(policy, asked), format: asked };
}

export function createClassifier(options: ClassifierOptions = {}): EmbeddedClassifier {
  const entry = findModel(options.model ?? DEFAULT_MODEL);
  const lease = leaseBackend(entry.id, options.mirror ?? HUGGING_FACE, options.context);
  const { backend } = lease;
  const stopProgress = options.onProgress ? backend.subscribe((s) => reportProgress(s, options.onProgress!)) : () => {};
  const started = () => whenStatus(backend, (s) => (s.phase === 'starting' ? undefined : s));
  let disposed = false;

  const ready = async () => {
    const s = await started();
    if (s.gpuError) throw named(s.gpuError);
    if (s.phase === 'ready' && s.model?.id === entry.id) return;
    if (s.phase === 'idle') void backend.prepare();
    await whenStatus(backend, (now) => {
      if (now.phase === 'ready') return true;
      if (now.phase === 'unavailable' && now.gpuError) throw named(now.gpuError);
      if (now.phase === 'idle' && now.error) throw named(now.error);
      return undefined;
    });
  };

  const checkUsable = () => {
    if (disposed) throw new ModelNotLoadedError('This classifier was disposed.');
    if (backend.getStatus().phase !== 'ready') throw new ModelNotLoadedError('The model is not loaded: call ready() first (it downloads the model when it is not stored yet).');
  };

  const classify = async (request: EmbeddedRequest, opts: ClassifyOptions = {}) => {
    checkUsable();
    const { policy, format } = resolveFormat(request.policy, request.format);
    let tokens = 0;
    return backend.classify({ policy, content: request.content, effort: request.effort ?? 'low', format, maxTokens: request.maxTokens }, {
      signal: opts.signal,
      onEvent: (event) => {
        if (event.type !== 'prompt') options.onProgress?.({ phase: 'classify', tokens: ++tokens });
        opts.onEvent?.(event);
      },
    });
  };

  return {
    model: { id: entry.id, title: entry.title, approxBytes: entry.approxBytes },
    get status() {
      return backend.getStatus();
    },
    subscribe: (listener) => backend.subscribe(listener),
    async isStored() {
      const s = await started();
      return s.cached.some((c) => c.modelId === entry.id && c.state === 'complete');
    },
    ready,
    classify,
    async classifyMany(requests, opts = {}) {
      checkUsable();
      const inputs = requests.map((request) => {
        const { policy, format } = resolveFormat(request.policy, request.format);
        return { policy, content: request.content, effort: request.effort ?? 'low', format, maxTokens: request.maxTokens };
      });
      const results: ClassifyResult[] = new Array(requests.length);
      let firstError: { index: number; error: ErrorInfo } | null = null;
      const end = await backend.classifyMany(inputs, {
        signal: opts.signal,
        concurrency: opts.concurrency,
        onResult: (index, outcome) => {
          if (outcome.result) {
            results[index] = outcome.result;
            opts.onResult?.(index, outcome.result);
          } else firstError ??= { index, error: outcome.error };
        },
      });
      if (end === 'stopped') throw new AbortedError('Classification was cancelled.');
      if (firstError) {
        const { index, error } = firstError as { index: number; error: ErrorInfo };
        throw Object.assign(new Error(`item ${index}: ${error.message}`), { name: error.name });
      }
      return results;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      stopProgress();
      lease.release();
    },
  };
}

function reportProgress(s: LocalStatus, onProgress: (p: WidgetProgress) => void) {
  if (s.phase === 'downloading' && s.download) onProgress({ phase: 'download', bytesDone: s.download.bytesDone, bytesTotal: s.download.bytesTotal });
  if (s.phase === 'loading' && s.load) onProgress({ phase: 'load', bytesDone: s.load.bytesDone, bytesTotal: s.load.bytesTotal });
}

const named = (info: { name: string; message: string }) => Object.assign(new Error(info.message), { name: info.name });
