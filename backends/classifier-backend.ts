// The one interface the UI, the batch runner and the widget classify through. Today it is implemented by the
// local WebGPU worker (local-webgpu/); an OpenAI-compatible server backend implements the same interface.
import type { ErrorInfo } from '../common/errors';
import type { ClassifyEvent, ClassifyInput, ClassifyResult } from '../classify/request';
import type { ClassifyManyOptions, ManyOutcome } from '../classify/classify-many';

export type BackendPhase =
  /** Checking what this machine offers (the GPU, the cache). */
  | 'starting'
  /** This backend cannot run here (no usable GPU); `error` says why. */
  | 'unavailable'
  /** Usable, but no model is loaded yet. */
  | 'idle'
  | 'downloading'
  | 'loading'
  /** The device was lost; the backend is restarting the engine and reloading the model by itself. */
  | 'recovering'
  | 'ready';

export interface BackendStatus {
  phase: BackendPhase;
  /** The model classify() would use now (null before one is loaded). */
  model: { id: string; name: string } | null;
  /** The last failure that stopped preparing the model. */
  error: ErrorInfo | null;
  /** A one-line state change the user should see (e.g. a device loss and its recovery). */
  notice: string | null;
}

/** A prompt's size against the model's context: prompt plus answer limit must fit. */
export interface PromptSize {
  promptTokens: number;
  capacity: number;
}

export interface ClassifyOptions {
  signal?: AbortSignal;
  onEvent?: (event: ClassifyEvent) => void;
}

export interface ClassifierBackend<S extends BackendStatus = BackendStatus> {
  readonly kind: 'local-webgpu' | 'remote-openai';
  getStatus(): S;
  /** Called with the new status on every change; returns the unsubscribe function. */
  subscribe(listener: (status: S) => void): () => void;
  /** Makes the chosen model ready: downloads what is missing, then loads it. */
  prepare(): Promise<void>;
  /** Classifies one item; the date and output limit are pinned when the call is made. */
  classify(input: ClassifyInput, options?: ClassifyOptions): Promise<ClassifyResult>;
  /**
   * Several items, at most `concurrency` at once (left out: the backend picks; the local GPU decodes the items it
   * holds together, a server gets that many requests at once), each item's events and outcome reported by index.
   */
  classifyMany(inputs: readonly ClassifyInput[], options: ClassifyManyOptions): Promise<ManyOutcome>;
  /** Stops the running classification (it rejects with AbortedError). */
  cancel(): void;
  /** Tokens the text takes in a prompt. */
  countTokens(text: string): Promise<number>;
  /** The whole prompt's tokens for this input (policy, content, the harmony frame) and the model's context. */
  measurePrompt(input: ClassifyInput): Promise<PromptSize>;
  dispose(): void;
}
