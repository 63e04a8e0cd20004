// Runs a batch's items one after another through a classify function (any backend), skipping the rows already
// done, and hands each result over as it finishes so it can be saved before the next starts. A row the model
// cannot take (empty, longer than the context) becomes an error result and the batch goes on; a stop (pause,
// cancel) ends it quietly; any other failure (the GPU was lost, the model unloaded) is thrown so the caller can
// pause the batch and resume it later without losing what finished.
import type { ClassifyEvent, ClassifyInput, ClassifyResult } from '../request';
import type { BatchSettings, ItemResult } from './batch-job';
import type { BatchItem } from './items';

export type ClassifyFn = (input: ClassifyInput, options: { signal?: AbortSignal; onEvent?: (event: ClassifyEvent) => void }) => Promise<ClassifyResult>;

export interface BatchHooks {
  /** Called when an item starts (e.g. to show it as running). */
  onStart?(item: BatchItem): void;
  /** Streamed reasoning and answer of the running item. */
  onEvent?: (event: ClassifyEvent) => void;
  /** The item's result; awaited before the next item starts (save it here). */
  onResult(result: ItemResult): Promise<void>;
}

/** Errors that belong to one item, not to the backend: the batch records them and goes on. */
const ITEM_ERRORS = new Set(['InvalidRequestError']);

export async function runBatch(
  items: readonly BatchItem[],
  settings: BatchSettings,
  done: ReadonlySet<number>,
  classify: ClassifyFn,
  hooks: BatchHooks,
  signal: AbortSignal,
): Promise<'finished' | 'stopped'> {
  const { policy, effort, format, maxTokens, date } = settings;
  for (const item of items) {
    if (done.has(item.row)) continue;
    if (signal.aborted) return 'stopped';
    if (item.problem) {
      await hooks.onResult(errorResult(item.row, item.problem));
      continue;
    }
    hooks.onStart?.(item);
    let result: ItemResult;
    try {
      const r = await classify({ policy: policy.text, content: item.text, effort, format, maxTokens, date }, { signal, onEvent: hooks.onEvent });
      result = {
        row: item.row, status: 'done', verdict: r.verdict, probability: r.probability, reasoning: r.reasoning, error: null,
        generatedTokens: r.tokens.generated, totalMs: r.timings.totalMs, finishedAt: Date.now(), override: null, note: null,
      };
    } catch (error) {
      if (signal.aborted || (error as Error).name === 'AbortedError') return 'stopped';
      if (!ITEM_ERRORS.has((error as Error).name)) throw error;
      result = errorResult(item.row, (error as Error).message);
    }
    await hooks.onResult(result);
  }
  return 'finished';
}

export const errorResult = (row: number, error: string): ItemResult => ({
  row, status: 'error', verdict: null, probability: null, reasoning: '', error, generatedTokens: 0, totalMs: 0, finishedAt: Date.now(), override: null, note: null,
});
