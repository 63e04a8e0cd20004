// Continuous batching over a SequenceBatch: every item being generated holds a slot and a TokenSource of its own
// (classify/token-source.ts, satisfied structurally), and writes its generation as if it were alone. Underneath,
// the sources' single-token feeds are gathered: once every active slot has fed its next token, one decode pass
// runs them all, so the weights are read once per step for all items. Prompt passes (the shared prefix, each
// item's own suffix) run one at a time between decode passes. A slot whose item is done takes the next item.
// Greedy only: each row's token and probability come from the GPU (8 bytes per item per step).
// Each decode pass is followed at once by a pass run ahead, its rows fed on the GPU with the picks not yet read
// (SequenceBatch.queueDecode), so the host's encoding overlaps the GPU's work. When the items then feed exactly
// those picks (the usual case) that pass is already under way; when they do not (an item fed other tokens, a
// slot joined or prefilled) it is dropped, its positions given back. A slot that left just rides along.
import { AbortedError, InvalidRequestError } from '../../common/errors';
import type { SamplerOptions } from './sampler';
import { SequenceBatch, type BatchOptions, type GreedyPick, type Snapshot } from './sequence-batch';
import type { Model } from './model';

interface PendingFeed {
  id: number;
  resolve(pick: GreedyPick): void;
  reject(error: unknown): void;
}

export class BatchedGenerator {
  private readonly batch: SequenceBatch;
  private readonly free: number[];
  /** Slots between start() and settle(): a decode pass waits until each of them has fed its token. */
  private readonly active = new Set<number>();
  private readonly pending = new Map<number, PendingFeed>();
  private prefix: { key: string; snapshot: Snapshot } | null = null;
  /** GPU work runs one piece at a time, in order: prompt passes and decode passes. */
  private gpu: Promise<unknown> = Promise.resolve();
  private decoding = false;
  private failure: unknown = null;
  /** The pass queued ahead: its rows' slots and the token each continues with (the picks of the pass before). */
  private ahead: { slots: number[]; continues: Map<number, number> } | null = null;
  /** Rows of every decode pass so far (the benchmark and tests read how full the passes were). */
  readonly passRows: number[] = [];
  /** Decode passes whose picks came from the pass queued ahead (the rest waited for the host to encode them). */
  passesTakenAhead = 0;

  constructor(model: Model, options: BatchOptions) {
    this.batch = new SequenceBatch(model, options);
    this.free = Array.from({ length: this.batch.slots }, (_, i) => this.batch.slots - 1 - i);
  }

  get slots() {
    return this.batch.slots;
  }

  get capacity() {
    return this.batch.capacity;
  }

  /** A token source on a free slot; dispose() gives the slot back. */
  take(): SlotSource {
    const slot = this.free.pop();
    if (slot === undefined) throw new InvalidRequestError(`all ${this.batch.slots} sequence slots are in use`);
    return new SlotSource(this, slot);
  }

  /** @internal Runs `work` after all GPU work queued before it. */
  exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    const run = this.gpu.then(() => {
      if (this.failure) throw this.failure;
      return work();
    });
    this.gpu = run.catch(() => {});
    return run;
  }

  /** @internal Restores the cached prefix into `slot`, or prefills it there and caches it. Returns tokens prefilled. */
  startSlot(slot: number, key: string, prefix: readonly number[], signal?: AbortSignal): Promise<number> {
    this.active.add(slot);
    return this.exclusive(async () => {
      await this.dropAhead();
      if (this.prefix?.key === key) {
        this.batch.restoreSlot(slot, this.prefix.snapshot);
        return 0;
      }
      this.batch.resetSlot(slot);
      await this.batch.forwardSlot(slot, prefix, { logits: 'none', signal });
      // Slots restored from the previous snapshot copied it already (GPU copies run in submission order).
      this.prefix?.snapshot.release();
      this.prefix = { key, snapshot: this.batch.snapshotSlot(slot) };
      return prefix.length;
    }).catch((error) => {
      void this.settleSlot(slot);
      throw error;
    });
  }

  /** @internal Prompt tokens of one item (its own pass). */
  prefillSlot(slot: number, ids: readonly number[], signal?: AbortSignal): Promise<void> {
    return this.exclusive(async () => {
      await this.dropAhead();
      await this.batch.forwardSlot(slot, ids, { logits: 'none', signal });
    });
  }

  /** @internal Queues `slot`'s next token for the coming decode pass. */
  feed(slot: number, id: number): Promise<GreedyPick> {
    if (!this.active.has(slot)) return Promise.reject(new InvalidRequestError(`sequence slot ${slot} was not started`));
    if (this.pending.has(slot)) return Promise.reject(new InvalidRequestError(`sequence slot ${slot} already waits for its next token`));
    return new Promise((resolve, reject) => {
      this.pending.set(slot, { id, resolve, reject });
      this.maybeDecode();
    });
  }

  /**
   * @internal The slot's item stopped generating: passes no longer wait for it. When no item is generating, the
   * pass queued ahead is dropped (resolved once the GPU is done with it), so no work outlives the batch's items.
   */
  settleSlot(slot: number): Promise<void> {
    this.active.delete(slot);
    const waiting = this.pending.get(slot);
    if (waiting) {
      this.pending.delete(slot);
      waiting.reject(new AbortedError());
    }
    this.maybeDecode();
    // A failed pass has already failed every item; settling reports nothing more.
    return this.active.size === 0 ? this.exclusive(() => this.dropAhead()).catch(() => {}) : Promise.resolve();
  }

  /** @internal */
  releaseSlot(slot: number) {
    void this.settleSlot(slot);
    if (!this.free.includes(slot)) this.free.push(slot);
  }

  private maybeDecode() {
    if (this.decoding || this.pending.size === 0) return;
    for (const slot of this.active) if (!this.pending.has(slot)) return;
    const feeds = [...this.pending].map(([slot, f]) => ({ slot, ...f }));
    this.pending.clear();
    this.decoding = true;
    this.passRows.push(feeds.length);
    this.exclusive(() => this.decodePass(feeds)).then(
      (picks) => feeds.forEach((f) => f.resolve(picks.get(f.slot)!)),
      (error) => {
        this.failure ??= error; // a failed pass (device lost) fails every item of this batch
        feeds.forEach((f) => f.reject(error));
      },
    ).finally(() => {
      this.decoding = false;
      this.maybeDecode();
    });
  }

  /** One decode pass of `feeds` (the pass ahead where it fed the same tokens), with the next pass queued ahead: each slot's pick. */
  private async decodePass(feeds: readonly { slot: number; id: number }[]): Promise<Map<number, GreedyPick>> {
    const ahead = this.ahead;
    const taken = ahead !== null && this.batch.queuedDecodes > 0 && feeds.every((f) => ahead.continues.get(f.slot) === f.id);
    if (taken) this.passesTakenAhead += 1;
    else {
      await this.dropAhead();
      this.batch.queueDecode(feeds);
    }
    // The rows of the pass about to be taken; the next pass continues those still fed (room permitting).
    const rows = taken ? ahead.slots : feeds.map((f) => f.slot);
    const next = feeds.map((f) => f.slot).filter((slot) => this.batch.positions[slot] < this.batch.capacity);
    this.ahead = null;
    if (next.length) this.batch.queueDecode(next.map((slot) => ({ slot })));
    const picks = await this.batch.takeDecode();
    const bySlot = new Map(rows.map((slot, r) => [slot, picks[r]]));
    if (next.length) this.ahead = { slots: next, continues: new Map(next.map((slot) => [slot, bySlot.get(slot)!.id])) };
    return bySlot;
  }

  /** Drops the pass queued ahead (before a prompt pass, or when the items fed other tokens). */
  private async dropAhead() {
    this.ahead = null;
    await this.batch.dropQueuedDecodes();
  }

  /** Frees the batch after its GPU work; resolves when that is done. */
  dispose(): Promise<unknown> {
    for (const f of this.pending.values()) f.reject(new AbortedError());
    this.pending.clear();
    // After the GPU work queued so far, even when a pass failed (exclusive() would refuse to run then); the pass
    // queued ahead is waited for first, so the caller may destroy the model once this resolves.
    this.gpu = this.gpu.then(async () => {
      await this.batch.dropQueuedDecodes().catch(() => {}); // after a lost device there is nothing to wait for
      this.prefix?.snapshot.release();
      this.prefix = null;
      this.batch.destroy();
    });
    return this.gpu;
  }
}

/** One item's view of the batch: the classifier's TokenSource. */
export class SlotSource {
  private last: GreedyPick | null = null;
  private disposed = false;

  constructor(
    private readonly owner: BatchedGenerator,
    readonly slot: number,
  ) {}

  get capacity() {
    return this.owner.capacity;
  }

  start(key: string, prefix: readonly number[], sampling: SamplerOptions, signal?: AbortSignal): Promise<number> {
    if ((sampling.temperature ?? 0) > 0) return Promise.reject(new InvalidRequestError('items decoded together are decoded greedily: set the temperature to 0, or classify one item at a time'));
    this.last = null;
    return this.owner.startSlot(this.slot, key, prefix, signal);
  }

  async next(ids: readonly number[], signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) throw new AbortedError();
    if (ids.length === 0) throw new InvalidRequestError('no tokens to process');
    if (ids.length > 1) await this.owner.prefillSlot(this.slot, ids.slice(0, -1), signal);
    this.last = await this.owner.feed(this.slot, ids[ids.length - 1]);
    return this.last.id;
  }

  async probability(id: number): Promise<number> {
    if (this.last && id === this.last.id) return this.last.probability;
    throw new Error('greedy generation reports the probability of the picked token only');
  }

  settle(): Promise<void> {
    return this.owner.settleSlot(this.slot);
  }

  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.owner.releaseSlot(this.slot);
  }
}
