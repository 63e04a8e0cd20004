import { describe, expect, it } from 'vitest';
import { AbortedError, EngineError, InvalidRequestError } from '../../common/errors';
import type { ClassifyInput, ClassifyResult } from '../request';
import { parseVerdict } from '../parse-verdict';
import type { BatchSettings, ItemResult } from './batch-job';
import type { BatchItem } from './items';
import { manyFromOne, type ClassifyOneFn } from '../classify-many';
import { runBatch } from './run-batch';

const settings: BatchSettings = {
  policy: { name: 'P', text: 'policy text', hash: 'h' }, effort: 'low', format: { kind: 'binary' }, maxTokens: 64, date: '2026-11-22',
  model: { id: 'm', revision: null },
};
const item = (row: number, text: string, problem: string | null = null): BatchItem => ({ row, id: `i${row}`, text, expected: null, problem });

/** A classify function that answers "1" for text containing "bad", "0" otherwise, and records its inputs. */
function fakeClassify(fail: (input: ClassifyInput) => Error | null = () => null) {
  const seen: ClassifyInput[] = [];
  const fn: ClassifyOneFn = async (input) => {
    seen.push(input);
    const error = fail(input);
    if (error) throw error;
    const answer = input.content.includes('bad') ? '1' : '0';
    return {
      verdict: parseVerdict(answer, input.format, []), probability: 0.9, reasoning: `why ${input.content}`, answer, raw: answer, stop: 'return',
      date: input.date!, tokens: { prompt: 10, policy: 5, policyPrefilled: 0, content: 5, generated: 3 },
      timings: { prefillMs: 1, decodeMs: 1, totalMs: 2, prefillTokensPerS: 1, decodeTokensPerS: 1 },
    } satisfies ClassifyResult;
  };
  return { fn, seen };
}

describe('runBatch', () => {
  it('classifies every item with the batch settings, skips rows already done and hands each result over in order', async () => {
    const { fn, seen } = fakeClassify();
    const results: ItemResult[] = [];
    const end = await runBatch([item(1, 'fine'), item(2, 'bad one'), item(3, 'bad two')], settings, new Set([2]), manyFromOne(fn, 1), { onResult: async (r) => void results.push(r) }, new AbortController().signal);
    expect(end).toBe('finished');
    expect(seen.map((s) => s.content)).toEqual(['fine', 'bad two']);
    expect(seen[0]).toMatchObject({ policy: 'policy text', effort: 'low', maxTokens: 64, date: '2026-11-22', format: { kind: 'binary' } });
    expect(results.map((r) => [r.row, r.status, r.verdict?.violation, r.reasoning])).toEqual([[1, 'done', 0, 'why fine'], [3, 'done', 1, 'why bad two']]);
  });

  it('records a bad row and an item the model refuses as errors and goes on', async () => {
    const { fn } = fakeClassify((i) => (i.content === 'huge' ? new InvalidRequestError('the prompt (9000 tokens) … exceeds the 8192-token context') : null));
    const results: ItemResult[] = [];
    await runBatch([item(1, '', 'the text is empty'), item(2, 'huge'), item(3, 'ok')], settings, new Set(), manyFromOne(fn, 1), { onResult: async (r) => void results.push(r) }, new AbortController().signal);
    expect(results.map((r) => [r.row, r.status, r.error])).toEqual([
      [1, 'error', 'the text is empty'], [2, 'error', 'the prompt (9000 tokens) … exceeds the 8192-token context'], [3, 'done', null],
    ]);
  });

  it('stops quietly on abort without recording the interrupted item', async () => {
    const controller = new AbortController();
    const { fn } = fakeClassify((i) => {
      if (i.content !== 'second') return null;
      controller.abort();
      return new AbortedError();
    });
    const results: ItemResult[] = [];
    const end = await runBatch([item(1, 'first'), item(2, 'second'), item(3, 'third')], settings, new Set(), manyFromOne(fn, 1), { onResult: async (r) => void results.push(r) }, controller.signal);
    expect(end).toBe('stopped');
    expect(results.map((r) => r.row)).toEqual([1]);
  });

  it('throws a backend failure (device lost) so the batch can be paused and resumed, keeping what finished', async () => {
    const { fn } = fakeClassify((i) => (i.content === 'second' ? new EngineError('DeviceLostError', 'The GPU device was lost') : null));
    const results: ItemResult[] = [];
    await expect(runBatch([item(1, 'first'), item(2, 'second')], settings, new Set(), manyFromOne(fn, 1), { onResult: async (r) => void results.push(r) }, new AbortController().signal)).rejects.toThrow('The GPU device was lost');
    expect(results.map((r) => r.row)).toEqual([1]);
  });

  it('a result that cannot be saved (storage full) stops the run and is thrown; no further item is classified', async () => {
    const { fn: instant, seen } = fakeClassify();
    // Each item takes a moment, as on a real backend, so the failed save is seen before the run ends.
    const fn: ClassifyOneFn = async (input, options) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return instant(input, options);
    };
    const full = Object.assign(new Error('The storage is full'), { name: 'StorageFullError' });
    const items = [item(1, 'one'), item(2, 'two'), item(3, 'three'), item(4, 'four')];
    await expect(runBatch(items, settings, new Set(), manyFromOne(fn, 1), { onResult: async (r) => { if (r.row === 2) throw full; } }, new AbortController().signal)).rejects.toThrow('The storage is full');
    expect(seen.length).toBeLessThanOrEqual(3); // the run stopped right after the failed save
  });

  it('keeps several items in flight with a concurrency, and a backend failure stops the others (to be redone on resume)', async () => {
    let inFlight = 0;
    let most = 0;
    const fn: ClassifyOneFn = async (input, { signal }) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (signal?.aborted) throw new AbortedError();
        return fakeClassify().fn(input, {});
      } finally {
        inFlight--;
      }
    };
    const items = Array.from({ length: 10 }, (_, i) => item(i + 1, i % 2 ? 'bad' : 'ok'));
    const results: ItemResult[] = [];
    expect(await runBatch(items, settings, new Set(), manyFromOne(fn, 1), { onResult: async (r) => void results.push(r) }, new AbortController().signal, 3)).toBe('finished');
    expect(most).toBe(3);
    expect(results.map((r) => r.row).sort((a, b) => a - b)).toEqual(items.map((i) => i.row));

    let calls = 0;
    const failing: ClassifyOneFn = async (input, { signal }) => {
      if (++calls === 4) throw new EngineError('ServerUnreachableError', 'gone');
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (signal?.aborted) throw new AbortedError();
      return fakeClassify().fn(input, {});
    };
    const kept: ItemResult[] = [];
    await expect(runBatch(items, settings, new Set(), manyFromOne(failing, 1), { onResult: async (r) => void kept.push(r) }, new AbortController().signal, 3)).rejects.toThrow('gone');
    expect(kept.length).toBeLessThan(4); // the items in flight when it failed were not recorded as done
  });
});
