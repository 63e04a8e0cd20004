// Runs a batch's items through a classify function (any backend; one at a time, or several at once for a server),
// skipping the rows already done, and hands each result over as it finishes so it can be saved. A row the model
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
  /** Items classified at once (a server serves several; the local GPU takes one at a time). */
  concurrency = 1,
): Promise<'finished' | 'stopped'> {
  const { policy, effort, format, maxTokens, date } = settings;
  const todo = items.filter((item) => !done.has(item.row));
  // A failure that is not the item's stops the other workers too; what they had running is redone on resume.
  const failed = new AbortController();
  const stop = AbortSignal.any([signal, failed.signal]);
  let next = 0;
  let stopped = false;
  let failure: unknown = null;

  const worker = async () => {
    while (next < todo.length) {
      if (stop.aborted) return void (stopped = true);
      const item = todo[next++];
      if (item.problem) {
        await hooks.onResult(errorResult(item.row, item.problem));
        continue;
      }
      hooks.onStart?.(item);
      let result: ItemResult;
      try {
        const r = await classify({ policy: policy.text, content: item.text, effort, format, maxTokens, date }, { signal: stop, onEvent: hooks.onEvent });
        result = {
          row: item.row, status: 'done', verdict: r.verdict, probability: r.probability, reasoning: r.reasoning, error: null,
          generatedTokens: r.tokens.generated, totalMs: r.timings.totalMs, finishedAt: Date.now(), override: null, note: null,
        };
      } catch (error) {
        if (stop.aborted || (error as Error).name === 'AbortedError') return void (stopped = true);
        if (!ITEM_ERRORS.has((error as Error).name)) {
          failure ??= error;
          failed.abort();
          return;
        }
        result = errorResult(item.row, (error as Error).message);
      }
      await hooks.onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, todo.length)) }, worker));
  if (failure) throw failure;
  return stopped || signal.aborted ? 'stopped' : 'finished';
}

export const errorResult = (row: number, error: string): ItemResult => ({
  row, status: 'error', verdict: null, probability: null, reasoning: '', error, generatedTokens: 0, totalMs: 0, finishedAt: Date.now(), override: null, note: null,
});
