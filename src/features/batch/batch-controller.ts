// The batches of this browser and the one that is running, without React: runs one batch at a time through a
// backend's classifyMany, saves every result as it finishes, pauses, resumes and cancels, and brings
// back a batch that was running when the page went away (it resumes once the model is ready again).
import { describeError, type ErrorInfo } from '../../../common/errors';
import type { BatchRun, BatchState, ItemResult } from '../../../classify/batch/batch-job';
import { runBatch } from '../../../classify/batch/run-batch';
import type { ClassifyManyFn } from '../../../classify/classify-many';
import type { BatchStore } from './batch-store';

export interface BatchView {
  runs: BatchRun[];
  current: BatchRun | null;
  /** Results of the current run, by row. */
  results: ReadonlyMap<number, ItemResult>;
  /** The run being classified now (it may not be the one shown). */
  activeRunId: string | null;
  /** Rows of the active run being classified now (several when the backend holds several at once). */
  activeRows: readonly number[];
  /** Items the backend holds at once for the active run (the GPU says what its memory allowed). */
  atOnce: number | null;
  /** Items finished since the active run (re)started, and when it did: for items/min and the ETA. */
  pace: { since: number; doneAtStart: number } | null;
  /** A run that was running when the page closed, waiting for the model to resume. */
  interruptedRunId: string | null;
  error: ErrorInfo | null;
  loaded: boolean;
}

const MAX_AUTO_RESUMES = 2;

export class BatchController {
  private view: BatchView = { runs: [], current: null, results: new Map(), activeRunId: null, activeRows: [], atOnce: null, pace: null, interruptedRunId: null, error: null, loaded: false };
  private listeners = new Set<() => void>();
  private abort: AbortController | null = null;
  private stopAs: BatchState = 'paused';
  /** Backend failures of a run in a row with no item finished between them: it resumes by itself up to a limit. */
  private failures = new Map<string, number>();

  constructor(
    private readonly store: BatchStore,
    private readonly classifyMany: ClassifyManyFn,
    /** Items in flight at once, asked when a run starts (undefined: the backend picks). */
    private readonly concurrency: () => number | undefined = () => undefined,
  ) {}

  getView = () => this.view;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  private patch(change: Partial<BatchView>) {
    this.view = { ...this.view, ...change };
    for (const l of this.listeners) l();
  }

  private report = (e: unknown) => this.patch({ error: describeError(e) });

  async init(): Promise<void> {
    try {
      const runs = await this.store.listRuns();
      const interrupted = runs.find((r) => r.state === 'running') ?? null;
      this.patch({ runs, interruptedRunId: interrupted?.id ?? null, loaded: true });
      const first = interrupted ?? runs[0];
      if (first) await this.open(first.id);
    } catch (e) {
      this.report(e);
    }
  }

  async open(id: string | null): Promise<void> {
    if (id === null) return this.patch({ current: null, results: new Map() });
    const run = this.view.runs.find((r) => r.id === id) ?? (await this.store.getRun(id));
    if (!run) return this.patch({ error: { name: 'BatchMissingError', message: 'That batch no longer exists (deleted in another tab?).' } });
    const results = await this.store.results(id);
    this.patch({ current: run, results });
  }

  /** Saves a new batch (or the two runs of an A/B pair, which then run one after the other) and starts it. */
  async create(run: BatchRun, partner?: BatchRun): Promise<void> {
    for (const r of partner ? [partner, run] : [run]) await this.store.saveRun(r);
    this.patch({ runs: [run, ...(partner ? [partner] : []), ...this.view.runs], current: run, results: new Map(), error: null });
    await this.start(run.id);
  }

  /** Starts or resumes a run: the rows already done are skipped. */
  async start(id: string): Promise<void> {
    if (this.abort) return; // one batch at a time (its items share the GPU, several at once)
    const run = this.view.runs.find((r) => r.id === id);
    if (!run || run.state === 'finished' || run.state === 'cancelled') return;
    const abort = (this.abort = new AbortController());
    this.stopAs = 'paused';
    const done = this.view.current?.id === id ? this.view.results : await this.store.results(id);
    await this.setState(run, 'running', null);
    this.patch({ activeRunId: id, interruptedRunId: null, error: null, pace: { since: Date.now(), doneAtStart: done.size } });
    try {
      const end = await runBatch(run.items, run.settings, new Set(done.keys()), this.classifyMany, {
        onConcurrency: (atOnce) => this.patch({ atOnce }),
        onStart: (item) => this.patch({ activeRows: [...this.view.activeRows, item.row] }),
        onResult: async (result) => {
          this.patch({ activeRows: this.view.activeRows.filter((row) => row !== result.row) });
          if (!this.exists(id)) return;
          await this.store.saveResult(id, result);
          this.failures.delete(id);
          if (this.view.current?.id === id) this.patch({ results: new Map(this.view.results).set(result.row, result) });
        },
      }, abort.signal, this.concurrency());
      await this.setState(run, end === 'finished' ? 'finished' : this.stopAs, null);
    } catch (e) {
      // The backend failed (GPU lost, model unloaded): pause, keeping what finished. The run resumes by itself
      // once the model is ready again (the backend recovers from a lost device), unless it keeps failing.
      const error = describeError(e);
      const streak = (this.failures.get(id) ?? 0) + 1;
      this.failures.set(id, streak);
      await this.setState(run, 'paused', error.message);
      this.patch({ error, interruptedRunId: streak <= MAX_AUTO_RESUMES ? id : null });
    } finally {
      this.abort = null;
      this.patch({ activeRunId: null, activeRows: [], atOnce: null, pace: null });
    }
    // The other half of an A/B pair starts when this one has finished.
    const finished = this.view.runs.find((r) => r.id === id);
    const partner = finished?.state === 'finished' && finished.pair ? this.view.runs.find((r) => r.pair?.id === finished.pair!.id && r.id !== id && r.state === 'ready') : undefined;
    if (partner) await this.start(partner.id);
  }

  /** The saved results of any run (e.g. the other side of a comparison). */
  resultsOf = (id: string): Promise<Map<number, ItemResult>> =>
    this.view.current?.id === id ? Promise.resolve(new Map(this.view.results)) : this.store.results(id);

  pause() {
    this.stopAs = 'paused';
    this.abort?.abort();
  }

  async cancel(id: string) {
    if (this.view.activeRunId === id) {
      this.stopAs = 'cancelled';
      this.abort?.abort();
      return;
    }
    const run = this.view.runs.find((r) => r.id === id);
    if (run) await this.setState(run, 'cancelled', null);
  }

  async remove(id: string) {
    // Off the list first: a result or state change of the stopping run is then no longer saved.
    this.patch({ runs: this.view.runs.filter((r) => r.id !== id), ...(this.view.current?.id === id ? { current: null, results: new Map() } : {}) });
    if (this.view.activeRunId === id) this.abort?.abort();
    await this.store.deleteRun(id);
  }

  /** A reviewer's label (or null to clear it) and note for one row of a run (the one shown unless named). */
  async review(row: number, override: string | null, note: string | null, runId = this.view.current?.id) {
    if (!runId || !this.exists(runId)) return;
    const shown = this.view.current?.id === runId;
    const result = shown ? this.view.results.get(row) : await this.store.result(runId, row);
    if (!result) return;
    const next = { ...result, override, note };
    await this.store.saveResult(runId, next);
    if (this.view.current?.id === runId) this.patch({ results: new Map(this.view.results).set(row, next) });
  }

  dismissError = () => this.patch({ error: null });

  private exists = (id: string) => this.view.runs.some((r) => r.id === id);

  private async setState(run: BatchRun, state: BatchState, stoppedBy: string | null) {
    const latest = this.view.runs.find((r) => r.id === run.id);
    if (!latest) return; // deleted meanwhile
    const next = { ...latest, state, stoppedBy };
    await this.store.saveRun(next).catch(this.report);
    this.patch({ runs: this.view.runs.map((r) => (r.id === run.id ? next : r)), ...(this.view.current?.id === run.id ? { current: next } : {}) });
  }
}
