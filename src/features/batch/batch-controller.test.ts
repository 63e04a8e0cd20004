// The controller against an in-memory IndexedDB (fake-indexeddb) and a classify function that answers from the
// text, so the saving, pausing, resuming and the pause on a backend failure can be checked step by step.
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { AbortedError, EngineError } from '../../../common/errors';
import type { BatchRun } from '../../../classify/batch/batch-job';
import { manyFromOne, type ClassifyOneFn } from '../../../classify/classify-many';
import { parseVerdict } from '../../../classify/parse-verdict';
import { BatchController } from './batch-controller';
import { BatchStore } from './batch-store';

let n = 0;
const freshStore = () => new BatchStore(createStore(`runs-${n}`, 'runs'), createStore(`results-${n++}`, 'results'));

const run = (id: string, texts: string[]): BatchRun => ({
  id, title: id, createdAt: Date.now(), state: 'ready', stoppedBy: null, source: { fileName: 'f.csv', columns: { text: 'text', id: null, label: null } },
  settings: { policy: { name: 'P', text: 'p', hash: 'h' }, effort: 'low', format: { kind: 'binary' }, maxTokens: 8, date: '2026-11-22', model: { id: 'm', revision: null } },
  items: texts.map((text, i) => ({ row: i + 1, id: String(i + 1), text, expected: null, problem: text ? null : 'the text is empty' })),
});

/** Answers "1" for "bad…" texts; `gate` lets a test hold an item until it says so; `fail` makes the backend fail. */
function backend(options: { gate?: (text: string) => Promise<void>; fail?: (text: string) => Error | null } = {}) {
  const calls: string[] = [];
  const one: ClassifyOneFn = async (input, { signal }) => {
    calls.push(input.content);
    await options.gate?.(input.content);
    if (signal?.aborted) throw new AbortedError();
    const error = options.fail?.(input.content);
    if (error) throw error;
    const answer = input.content.startsWith('bad') ? '1' : '0';
    return {
      verdict: parseVerdict(answer, input.format, []), probability: 0.7, reasoning: 'r', answer, raw: answer, stop: 'return', date: input.date!,
      tokens: { prompt: 1, policy: 1, policyPrefilled: 0, content: 1, generated: 1 }, timings: { prefillMs: 0, decodeMs: 0, totalMs: 1, prefillTokensPerS: 0, decodeTokensPerS: 0 },
    };
  };
  return { classify: manyFromOne(one, 1), calls };
}

describe('BatchController', () => {
  it('runs a batch to the end, saving every result and the final state', async () => {
    const store = freshStore();
    const { classify } = backend();
    const c = new BatchController(store, classify);
    await c.init();
    await c.create(run('a', ['bad x', '', 'fine']));
    expect(c.getView().current?.state).toBe('finished');
    const saved = await store.results('a');
    expect([...saved.values()].map((r) => [r.row, r.status, r.verdict?.violation ?? null])).toEqual([[1, 'done', 1], [2, 'error', null], [3, 'done', 0]]);
    expect((await store.getRun('a'))?.state).toBe('finished');
  });

  it('a run left "running" (the page closed) is found at init, and resuming skips the saved rows', async () => {
    const store = freshStore();
    const first = backend({ gate: (t) => (t === 'two' ? new Promise(() => {}) : Promise.resolve()) }); // hangs on row 2 like a closed page
    const c1 = new BatchController(store, first.classify);
    await c1.init();
    void c1.create(run('b', ['one', 'two', 'three']));
    await expect.poll(() => first.calls).toEqual(['one', 'two']);
    await expect.poll(async () => (await store.results('b')).size).toBe(1);

    const second = backend();
    const c2 = new BatchController(store, second.classify);
    await c2.init();
    expect(c2.getView().interruptedRunId).toBe('b');
    await c2.start('b');
    expect(second.calls).toEqual(['two', 'three']);
    expect(c2.getView().current?.state).toBe('finished');
    expect(c2.getView().interruptedRunId).toBeNull();
  });

  it('pause stops after the running item and resume goes on; a backend failure pauses with the reason', async () => {
    const store = freshStore();
    let release = () => {};
    let held = false; // only the first call for row 2 waits (like a long generation the user pauses)
    const gate = (t: string) => (t === 'two' && !held ? ((held = true), new Promise<void>((r) => (release = r))) : Promise.resolve());
    let lost = true;
    const b = backend({ gate, fail: (t) => (t === 'three' && lost ? new EngineError('DeviceLostError', 'The GPU device was lost') : null) });
    const c = new BatchController(store, b.classify);
    await c.init();
    const running = c.create(run('c', ['one', 'two', 'three']));
    await expect.poll(() => b.calls.length).toBe(2);
    c.pause();
    release();
    await running;
    expect(c.getView().current?.state).toBe('paused');
    expect((await store.results('c')).size).toBe(1); // the interrupted item is not recorded

    await c.start('c'); // row 2 again, then row 3 fails: the batch pauses with the reason, row 2 kept
    expect(c.getView().current).toMatchObject({ state: 'paused', stoppedBy: 'The GPU device was lost' });
    expect(c.getView().error?.name).toBe('DeviceLostError');
    expect(c.getView().interruptedRunId).toBe('c'); // resumes by itself once the model is ready again
    expect([...(await store.results('c')).keys()]).toEqual([1, 2]);
    lost = false;
    await c.start('c');
    expect(c.getView().current).toMatchObject({ state: 'finished', stoppedBy: null });
    expect(b.calls).toEqual(['one', 'two', 'two', 'three', 'three']);
  });

  it('review saves an override and a note; delete removes the run and its results', async () => {
    const store = freshStore();
    const c = new BatchController(store, backend().classify);
    await c.init();
    await c.create(run('d', ['bad one', 'fine']));
    await c.review(1, '0', 'satire');
    expect((await store.results('d')).get(1)).toMatchObject({ override: '0', note: 'satire' });
    await c.remove('d');
    expect(await store.getRun('d')).toBeUndefined();
    expect((await store.results('d')).size).toBe(0);
    expect(c.getView().runs).toEqual([]);
  });

  it('review of a run that is not shown saves to that run and leaves the shown one alone', async () => {
    const store = freshStore();
    const c = new BatchController(store, backend().classify);
    await c.init();
    await c.create(run('first', ['bad one', 'fine']));
    await c.create(run('second', ['bad one']));
    expect(c.getView().current?.id).toBe('second');
    await c.review(2, '1', 'missed it', 'first');
    expect((await store.results('first')).get(2)).toMatchObject({ override: '1', note: 'missed it' });
    expect((await store.results('second')).get(1)).toMatchObject({ override: null });
    expect(c.getView().results.get(1)?.override).toBeNull();
    await c.review(1, '0', null, 'deleted-run');
    expect((await store.results('first')).get(1)).toMatchObject({ override: null });
  });

  it('an A/B pair runs A, then B by itself, over the same items', async () => {
    const store = freshStore();
    const b = backend();
    const c = new BatchController(store, b.classify);
    await c.init();
    const a = { ...run('ab-a', ['bad one', 'fine']), pair: { id: 'p', role: 'A' as const } };
    const bRun = { ...run('ab-b', ['bad one', 'fine']), pair: { id: 'p', role: 'B' as const }, settings: { ...a.settings, policy: { name: 'Q', text: 'q', hash: 'q' } } };
    await c.create(a, bRun);
    expect(c.getView().runs.map((r) => [r.id, r.state])).toEqual([['ab-a', 'finished'], ['ab-b', 'finished']]);
    expect(b.calls).toEqual(['bad one', 'fine', 'bad one', 'fine']);
    expect((await c.resultsOf('ab-b')).size).toBe(2);
  });

  it('stops resuming by itself when the backend keeps failing without progress', async () => {
    const store = freshStore();
    const c = new BatchController(store, backend({ fail: () => new EngineError('ModelNotLoadedError', 'No model is loaded') }).classify);
    await c.init();
    await c.create(run('e', ['one']));
    expect(c.getView().interruptedRunId).toBe('e');
    await c.start('e');
    expect(c.getView().interruptedRunId).toBe('e');
    await c.start('e');
    expect(c.getView().interruptedRunId).toBeNull(); // third failure in a row: left paused for the user
    expect(c.getView().current).toMatchObject({ state: 'paused', stoppedBy: 'No model is loaded' });
  });
});
