// Runs a batch's items through a backend's classifyMany (the local GPU decodes the items it holds at once in
// shared passes; a server gets that many requests at once), skipping the rows already done, and hands each result
// over as it finishes so it can be saved. A row the model cannot take (empty, longer than the context) becomes an
// error result and the batch goes on; a stop (pause, cancel) ends it quietly; any other failure (the GPU was
// lost, the model unloaded) is thrown so the caller can pause the batch and resume it later without losing what
// finished. Every save has finished when it returns or throws.
import type { ClassifyManyFn, ManyOutcome } from '../classify-many';
import type { ClassifyEvent, ClassifyInput } from '../request';
import type { BatchSettings, ItemResult } from './batch-job';
import type { BatchItem } from './items';

export interface BatchHooks {
  /** Called when an item starts (e.g. to show it as running). */
  onStart?(item: BatchItem): void;
  /** Streamed reasoning and answer of a running item. */
  onEvent?: (item: BatchItem, event: ClassifyEvent) => void;
  /** How many items the backend holds at once. */
  onConcurrency?(concurrency: number): void;
  /** The item's result (save it here); saves run one after another, in the order results come. */
  onResult(result: ItemResult): Promise<void>;
}

export async function runBatch(
  items: readonly BatchItem[],
  settings: BatchSettings,
  done: ReadonlySet<number>,
  classifyMany: ClassifyManyFn,
  hooks: BatchHooks,
  signal: AbortSignal,
  /** Items classified at once; left out, the backend picks. */
  concurrency?: number,
): Promise<ManyOutcome> {
  const { policy, effort, format, maxTokens, date } = settings;
  const todo = items.filter((item) => !done.has(item.row));
  let saves = Promise.resolve();
  let saveFailure: unknown = null;
  // A result that cannot be saved (storage full) stops the run: classifying more would only lose more.
  const saveFailed = new AbortController();
  const save = (result: ItemResult) => {
    saves = saves.then(() => hooks.onResult(result)).catch((error) => {
      saveFailure ??= error;
      saveFailed.abort();
    });
  };
  // Rows with a problem found when the file was read are not sent to the model: each is recorded when the rows
  // before it have started, so a run of one item at a time writes its results in row order.
  const problems = todo.filter((item) => item.problem);
  const recordProblemsBefore = (row: number) => {
    while (problems.length && problems[0].row < row) save(errorResult(problems[0].row, problems.shift()!.problem!));
  };
  const runnable = todo.filter((item) => !item.problem);
  const inputs: ClassifyInput[] = runnable.map((item) => ({ policy: policy.text, content: item.text, effort, format, maxTokens, date }));
  let outcome: ManyOutcome = 'finished';
  try {
    if (inputs.length) {
      outcome = await classifyMany(inputs, {
        concurrency,
        signal: AbortSignal.any([signal, saveFailed.signal]),
        onConcurrency: (n) => hooks.onConcurrency?.(n),
        onStart: (i) => {
          recordProblemsBefore(runnable[i].row);
          hooks.onStart?.(runnable[i]);
        },
        onEvent: (i, event) => hooks.onEvent?.(runnable[i], event),
        onResult: (i, { result, error }) => {
          const row = runnable[i].row;
          save(result
            ? {
                row, status: 'done', verdict: result.verdict, probability: result.probability, reasoning: result.reasoning, error: null,
                generatedTokens: result.tokens.generated, totalMs: result.timings.totalMs, finishedAt: Date.now(), override: null, note: null,
              }
            : errorResult(row, error.message));
        },
      });
    }
    if (!signal.aborted) recordProblemsBefore(Infinity);
  } finally {
    await saves;
  }
  if (saveFailure) throw saveFailure;
  return outcome === 'stopped' || signal.aborted ? 'stopped' : 'finished';
}

export const errorResult = (row: number, error: string): ItemResult => ({
  row, status: 'error', verdict: null, probability: null, reasoning: '', error, generatedTokens: 0, totalMs: 0, finishedAt: Date.now(), override: null, note: null,
});
