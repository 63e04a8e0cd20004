// What the classifier needs from a model: generic generation, tokens in and tokens out, with the prompt prefix
// cached. The local engine implements it (engine/runtime/prefix-cached-generator.ts) without importing this file.

export interface SamplingOptions {
  /** 0 (default) = greedy. */
  temperature?: number;
  topP?: number;
  seed?: number;
}

export interface TokenSource {
  /** Most tokens one sequence can hold (prompt + output). */
  readonly capacity: number;
  /**
   * Starts a sequence whose first tokens are `prefix`: restored from a snapshot when `key` names the prefix of
   * the previous start, prefilled otherwise. Returns how many tokens were prefilled (0 when restored).
   */
  start(key: string, prefix: readonly number[], sampling: SamplingOptions, signal?: AbortSignal): Promise<number>;
  /** Feeds `ids` and returns the next token (greedy, or sampled as `start` said). */
  next(ids: readonly number[], signal?: AbortSignal): Promise<number>;
  /** Probability the model gave token `id` at the latest step. */
  probability(id: number): Promise<number>;
  /** Stops any generation run ahead of what was asked for and waits until it is discarded. */
  settle(): Promise<void>;
  dispose(): void;
}
