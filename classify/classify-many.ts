// classifyMany: a list of items through one classify function, at most `concurrency` at a time, with each
// item's events and outcome reported by index as they happen. Every backend offers it: the local engine runs
// the items it holds at once in shared decode passes (engine/runtime/batched-generator.ts); a server gets that
// many requests at once and batches them itself. An item the model cannot take (InvalidRequestError: empty, too
// long) gets an error outcome and the others go on; a stop (the signal) ends the run quietly; any other failure
// (the GPU was lost, the server went away) stops every item and is thrown.
import { describeError, type ErrorInfo } from '../common/errors';
import type { ClassifyEvent, ClassifyInput, ClassifyResult } from './request';

export type ItemOutcome = { result: ClassifyResult; error?: undefined } | { result?: undefined; error: ErrorInfo };

export interface ClassifyManyHandlers {
  /** The item started (it holds one of the `concurrency` places). */
  onStart?(index: number): void;
  /** Its streamed prompt size, reasoning and answer. */
  onEvent?(index: number, event: ClassifyEvent): void;
  /** Its verdict, or the error that belongs to it alone. */
  onResult?(index: number, outcome: ItemOutcome): void;
  /** How many items the backend holds at once (the local engine says what the GPU memory allowed). */
  onConcurrency?(concurrency: number): void;
}

export interface ClassifyManyOptions extends ClassifyManyHandlers {
  /** Items classified at once; left out, the backend picks (the local engine: what the GPU memory holds). */
  concurrency?: number;
  signal?: AbortSignal;
}

export type ManyOutcome = 'finished' | 'stopped';

/** What a backend offers: the list, then how it ended. */
export type ClassifyManyFn = (inputs: readonly ClassifyInput[], options: ClassifyManyOptions) => Promise<ManyOutcome>;

/** One item, as classifyMany hands it to the backend. */
export type ClassifyOneFn = (input: ClassifyInput, options: { signal?: AbortSignal; onEvent?: (event: ClassifyEvent) => void }) => Promise<ClassifyResult>;

/** Errors that belong to one item, not to the backend: the item records it and the others go on. */
const ITEM_ERRORS = new Set(['InvalidRequestError']);

export async function classifyMany(inputs: readonly ClassifyInput[], classify: ClassifyOneFn, options: ClassifyManyOptions & { concurrency: number }): Promise<ManyOutcome> {
  const { signal, concurrency } = options;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const failed = new AbortController();
  const stop = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
  let next = 0;
  let failure: { error: unknown } | null = null;
  let stopped = false;

  const places = Math.max(1, Math.min(concurrency, inputs.length));
  options.onConcurrency?.(places);
  const worker = async () => {
    while (next < inputs.length && !stop.aborted) {
      const index = next++;
      options.onStart?.(index);
      try {
        const result = await classify(inputs[index], { signal: stop, onEvent: (event) => options.onEvent?.(index, event) });
        options.onResult?.(index, { result });
      } catch (error) {
        if (stop.aborted || (error as Error).name === 'AbortedError') return void (stopped = true);
        if (!ITEM_ERRORS.has((error as Error).name)) {
          failure ??= { error };
          failed.abort();
          return;
        }
        options.onResult?.(index, { error: describeError(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: places }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  return stopped || next < inputs.length || signal?.aborted ? 'stopped' : 'finished';
}

/** A backend's classifyMany from its one-item classify (a server: each item is its own request). */
export const manyFromOne = (classify: ClassifyOneFn, defaultConcurrency: number): ClassifyManyFn => (inputs, options) =>
  classifyMany(inputs, classify, { ...options, concurrency: options.concurrency ?? defaultConcurrency });

/** classifyMany's reports as messages (they cross the worker boundary as these). */
export type ManyEvent =
  | { type: 'concurrency'; concurrency: number }
  | { type: 'start'; index: number }
  | { type: 'event'; index: number; event: ClassifyEvent }
  | { type: 'result'; index: number; outcome: ItemOutcome };

/** Handlers that post every report as a ManyEvent. */
export function manyEventPoster(post: (event: ManyEvent) => void): ClassifyManyHandlers {
  return {
    onConcurrency: (concurrency) => post({ type: 'concurrency', concurrency }),
    onStart: (index) => post({ type: 'start', index }),
    onEvent: (index, event) => post({ type: 'event', index, event }),
    onResult: (index, outcome) => post({ type: 'result', index, outcome }),
  };
}

/** Hands a posted ManyEvent to the caller's handlers. */
export function deliverManyEvent(event: ManyEvent, handlers: ClassifyManyHandlers) {
  if (event.type === 'concurrency') handlers.onConcurrency?.(event.concurrency);
  else if (event.type === 'start') handlers.onStart?.(event.index);
  else if (event.type === 'event') handlers.onEvent?.(event.index, event.event);
  else handlers.onResult?.(event.index, event.outcome);
}
