// SequenceBatch: the GPU state of several sequences decoded together: a KV cache slot and a position per
// sequence, activations for one pass, the step uniform and the rows buffer (each row's slot and position). A
// pass holds either the prompt tokens of one sequence (prefill) or one new token of each of several sequences:
// decodeGreedy() runs every sequence's next token in one pass, so the weights are read once for all of them.
// Sequences are independent: each has its own position, finishes when its caller stops feeding it, and its
// slot takes the next item (restore a prefix snapshot into it). `Sequence` is the one-slot form.
import { AbortedError, GpuLimitsError, InvalidRequestError } from '../../common/errors';
import { readBack } from '../gpu/buffers';
import { bindNamed } from '../gpu/kernel-spec';
import { countDispatches, encodeForward, kernelsRun, type PassShape } from '../graph/encode';
import { buildForwardPlan, type Dispatch, type ForwardPlan, type KernelChoices, type Scratch } from '../graph/forward-plan';
import { scratchSizes, type RuntimeShape } from '../model/memory-plan';
import { checkSlot, KvPool, kvBytesPerSequence, type Snapshot } from './kv-pool';
import { MAX_QUEUED, QueuedPicks } from './queued-picks';
import type { Model } from './model';

export type { Snapshot } from './kv-pool';

export interface ForwardOptions {
  /** Which logits to return: the last token's, every token's, or none (prefix prefill). */
  logits?: 'last' | 'all' | 'none';
  /**
   * Also return hidden states as transformers' output_hidden_states does (one chunk only; tests): the
   * residual stream entering each layer, then the final-normed output of the last layer.
   */
  hiddenStates?: boolean;
  signal?: AbortSignal;
}

export interface ForwardResult {
  /** One Float32Array of vocab logits per returned row. */
  logits: Float32Array[];
  /** [layers + 1][tokens × hidden] when requested. */
  hiddenStates?: Float32Array[];
}

/** A greedy step's result: the picked token and the probability the model gave it. */
export interface GreedyPick {
  id: number;
  probability: number;
}

/** One sequence's input to a batched decode pass. */
export interface DecodeFeed {
  slot: number;
  id: number;
}

/** One sequence's input to a queued decode pass: its token, or (`id` omitted) the token its sequence picked in the latest queued pass. */
export interface QueuedFeed {
  slot: number;
  id?: number;
}

export interface BatchOptions extends KernelChoices {
  /** Sequences decoded together (KV slots). */
  slots: number;
  /** Positions each sequence can hold (default and maximum: the model's context). */
  context?: number;
}

/** Most sequences one batch can hold: every layer's key cache for all slots must fit one binding. */
export function maxSlots(model: Model, context = model.shape.maxContext): number {
  const { config: c, device } = model;
  const rowBytes = c.numKvHeads * c.headDim * 4;
  return Math.floor(Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize) / (Math.min(context, model.shape.maxContext) * rowBytes));
}

/** GPU bytes a batch of `slots` sequences of `context` positions allocates (KV cache and activations). */
export function batchBytes(model: Model, slots: number, context = model.shape.maxContext): number {
  const scratch = Object.values(scratchSizes(model.config, model.shape, slots)).reduce((a, b) => a + b, 0);
  return slots * kvBytesPerSequence(model.config, { ...model.shape, maxContext: context }) + scratch;
}

export class SequenceBatch {
  readonly slots: number;
  /** Each slot's position: tokens its sequence holds. */
  readonly positions: number[];
  protected readonly shape: RuntimeShape;
  protected readonly pool: KvPool;
  protected readonly scratch: Scratch;
  protected readonly step: GPUBuffer;
  protected readonly plan: ForwardPlan;
  protected readonly picked: GPUBuffer;
  private readonly pickUniform: GPUBuffer;
  protected readonly argmax: (rows: number) => Dispatch;
  private readonly queued: QueuedPicks;

  constructor(
    protected readonly model: Model,
    options: BatchOptions = { slots: 1 },
  ) {
    if (model.isDestroyed) throw new Error('the model was unloaded');
    const { device, config: c } = model;
    const context = options.context ?? model.shape.maxContext;
    if (!(context >= 1 && context <= model.shape.maxContext)) throw new InvalidRequestError(`a sequence's context must be 1..${model.shape.maxContext}, got ${context}`);
    if (!(Number.isInteger(options.slots) && options.slots >= 1)) throw new InvalidRequestError(`a batch needs at least one sequence, got ${options.slots}`);
    if (options.slots > maxSlots(model, context)) {
      throw new GpuLimitsError(`${options.slots} sequences of ${context} tokens do not fit one GPU binding (at most ${maxSlots(model, context)} on this GPU)`);
    }
    this.slots = options.slots;
    this.shape = { ...model.shape, maxContext: context };
    this.positions = new Array<number>(this.slots).fill(0);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const uniform = (label: string) => device.createBuffer({ label, size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.pool = new KvPool(device, c, this.shape, this.slots);
    this.scratch = {} as Scratch;
    // Activations as the model's shape sizes them (the attention partials hold splits for its whole context).
    for (const [name, bytes] of Object.entries(scratchSizes(c, model.shape, this.slots))) {
      this.scratch[name as keyof Scratch] = device.createBuffer({ label: `scratch.${name}`, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
    }
    this.step = uniform('step');
    const { slots: _slots, context: _context, ...choices } = options;
    this.plan = buildForwardPlan(model, { ...choices, step: this.step, splitRows: this.slots, scratch: this.scratch, caches: this.pool.caches });
    this.pickUniform = uniform('pick');
    device.queue.writeBuffer(this.pickUniform, 0, new Uint32Array(4));
    this.picked = device.createBuffer({ label: 'picked', size: Math.max(16, 8 * this.slots), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const argmax = model.kernels.argmax;
    const argmaxBinding = bindNamed(device, argmax, { pick: this.pickUniform, logits: this.scratch.logits, result: this.picked });
    this.argmax = (rows) => ({ kernel: argmax, bindGroup: argmaxBinding, grid: () => argmax.spec.grid({ rows }) });
    this.queued = new QueuedPicks(device, this.slots);
  }

  /** Most positions one sequence can hold. */
  get capacity() {
    return this.shape.maxContext;
  }

  /**
   * Runs `ids` through slot `slot`'s sequence at its position and advances it, in passes of at most `chunk`
   * tokens (prompt prefill; single tokens for the logits of every step).
   */
  async forwardSlot(slot: number, ids: readonly number[], options: ForwardOptions = {}): Promise<ForwardResult> {
    const mode = options.logits ?? 'last';
    this.check(slot, ids);
    await this.dropQueuedDecodes();
    const { device, config: c, shape } = this.model;
    const chunk = mode === 'all' ? Math.min(shape.chunk, shape.logitRows) : shape.chunk;
    if (mode === 'all' && shape.logitRows < 1) throw new InvalidRequestError('this model was loaded without room for logits');
    if (options.hiddenStates && ids.length > shape.chunk) throw new InvalidRequestError(`hidden states are captured for at most ${shape.chunk} tokens`);
    const result: ForwardResult = { logits: [] };
    for (let start = 0; start < ids.length; start += chunk) {
      if (options.signal?.aborted) throw new AbortedError();
      const part = ids.slice(start, start + chunk);
      const T = part.length;
      const last = start + T === ids.length;
      const logitsFrom = mode === 'all' ? 0 : mode === 'last' && last ? T - 1 : T;
      const pass = this.slotPass(slot, T, logitsFrom);
      const capture = options.hiddenStates
        ? { buffer: device.createBuffer({ label: 'hidden-capture', size: (c.numLayers + 1) * T * c.hiddenSize * 4, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC }), x: this.scratch.x, h: this.scratch.h }
        : undefined;
      const encoder = this.begin(part, pass.rows, pass.shape, logitsFrom);
      encodeForward(encoder, this.plan, { ...pass.shape, capture });
      device.queue.submit([encoder.finish()]);
      this.positions[slot] += T;

      if (pass.shape.logitRows > 0) {
        const bytes = await readBack(device, this.scratch.logits, pass.shape.logitRows * c.vocabSize * 4);
        for (let r = 0; r < pass.shape.logitRows; r++) result.logits.push(new Float32Array(bytes, r * c.vocabSize * 4, c.vocabSize));
      }
      if (capture) {
        const bytes = await readBack(device, capture.buffer, capture.buffer.size);
        capture.buffer.destroy();
        result.hiddenStates = Array.from({ length: c.numLayers + 1 }, (_, l) => new Float32Array(bytes, l * T * c.hiddenSize * 4, T * c.hiddenSize));
      }
    }
    return result;
  }

  /**
   * One decode pass over several sequences: each feed's token goes in at its slot's position, and each gets its
   * greedy next token with its probability (one argmax per row on the GPU; 8 bytes per sequence read back).
   * With `logits`, every row's logits are read back too (tests compare them with the same sequence run alone).
   */
  async decodeGreedy(feeds: readonly DecodeFeed[], options: { logits?: boolean } = {}): Promise<{ picks: GreedyPick[]; logits?: Float32Array[] }> {
    await this.dropQueuedDecodes();
    this.queueDecode(feeds);
    const { device, config: c } = this.model;
    const [picks, logits] = await Promise.all([
      this.takeDecode(),
      options.logits ? readBack(device, this.scratch.logits, feeds.length * c.vocabSize * 4) : Promise.resolve(null),
    ]);
    return { picks, ...(logits && { logits: feeds.map((_, r) => new Float32Array(logits, r * c.vocabSize * 4, c.vocabSize)) }) };
  }

  /**
   * Queues a decode pass without waiting for it, as decodeGreedy runs it: a feed without `id` continues its
   * sequence with the token it picks in the latest queued pass, copied on the GPU (no round trip), so the host
   * encodes pass n+1 while the GPU runs pass n. Take results in order with takeDecode(); dropQueuedDecodes()
   * discards the untaken ones (their sequences' positions go back).
   */
  queueDecode(feeds: readonly QueuedFeed[]): void {
    const N = feeds.length;
    if (N === 0) throw new InvalidRequestError('no sequences to decode');
    if (N > this.slots) throw new InvalidRequestError(`${N} feeds for a batch of ${this.slots} sequences`);
    if (this.queued.full) throw new InvalidRequestError(`at most ${MAX_QUEUED} passes can be queued`);
    const latest = this.queued.latest;
    const seen = new Set<number>();
    for (const f of feeds) {
      checkSlot(f.slot, this.slots);
      if (f.id !== undefined) this.check(f.slot, [f.id]);
      else if (!latest?.includes(f.slot)) throw new InvalidRequestError(`sequence slot ${f.slot} has no queued pass to continue from`);
      if (this.positions[f.slot] + 1 > this.capacity) throw new InvalidRequestError(`the context of ${this.capacity} tokens is full`);
      if (seen.has(f.slot)) throw new InvalidRequestError(`sequence slot ${f.slot} is fed twice in one pass`);
      seen.add(f.slot);
    }
    const { device } = this.model;
    const { rows, shape } = this.feedPass(feeds);
    const given = feeds.every((f) => f.id !== undefined);
    const encoder = this.begin(given ? feeds.map((f) => f.id!) : null, rows, shape, 0);
    if (!given) {
      feeds.forEach((f, r) => {
        if (f.id !== undefined) device.queue.writeBuffer(this.scratch.ids, 4 * r, new Uint32Array([f.id]));
        else encoder.copyBufferToBuffer(this.picked, 8 * latest!.indexOf(f.slot), this.scratch.ids, 4 * r, 4);
      });
    }
    encodeForward(encoder, this.plan, { ...shape, after: [this.argmax(N)] });
    const reading = this.queued.record(encoder, this.picked, feeds.map((f) => f.slot));
    device.queue.submit([encoder.finish()]);
    reading.submitted();
    for (const f of feeds) this.positions[f.slot] += 1;
  }

  /** Queued passes not yet taken. */
  get queuedDecodes(): number {
    return this.queued.length;
  }

  /** The oldest queued pass's picks, one per feed in its order. */
  takeDecode(): Promise<GreedyPick[]> {
    return this.queued.take();
  }

  /** Discards the queued passes nobody will take: their tokens were not wanted, so their sequences' positions go back. */
  async dropQueuedDecodes(): Promise<void> {
    for (const slots of await this.queued.drop()) for (const slot of slots) this.positions[slot] -= 1;
  }

  /** The kernels (by name, in order) a pass of `shape` runs with this batch's choices: which form each size takes. */
  kernelsFor(shape: PassShape): string[] {
    return kernelsRun(this.plan, shape);
  }

  /** Milliseconds of GPU time per kernel of one decode pass over `feeds` (diagnostics); positions stay. */
  async profileDecode(feeds: readonly DecodeFeed[]): Promise<Map<string, number>> {
    for (const f of feeds) this.check(f.slot, [f.id]);
    const { rows, shape } = this.feedPass(feeds);
    return this.timeKernels(feeds.map((f) => f.id), rows, shape, 0);
  }

  /** One pass with every dispatch in its own timed compute pass (needs 'timestamp-query'): ms per kernel name. */
  protected async timeKernels(ids: readonly number[], rows: readonly number[], shape: PassShape, logitsFrom: number): Promise<Map<string, number>> {
    const { device } = this.model;
    const querySet = device.createQuerySet({ type: 'timestamp', count: countDispatches(this.plan, shape) * 2 });
    const names: string[] = [];
    const encoder = this.begin(ids, rows, shape, logitsFrom);
    encodeForward(encoder, this.plan, { ...shape, timing: { querySet, names } });
    const bytes = names.length * 16;
    const resolve = device.createBuffer({ size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    encoder.resolveQuerySet(querySet, 0, names.length * 2, resolve, 0);
    device.queue.submit([encoder.finish()]);
    const stamps = new BigUint64Array(await readBack(device, resolve, bytes));
    const totals = new Map<string, number>();
    names.forEach((name, i) => totals.set(name, (totals.get(name) ?? 0) + Number(stamps[2 * i + 1] - stamps[2 * i]) / 1e6));
    resolve.destroy();
    querySet.destroy();
    return totals;
  }

  /** Copies slot `slot`'s KV cache up to its position (GPU to GPU): restore it into any slot of this batch. */
  snapshotSlot(slot: number): Snapshot {
    return this.pool.snapshot(slot, this.positions[slot]);
  }

  /** Puts a snapshot's sequence into slot `slot` (its position becomes the snapshot's). */
  restoreSlot(slot: number, snapshot: Snapshot) {
    this.positions[slot] = this.pool.restore(slot, snapshot);
  }

  /** Empties slot `slot` (its sequence starts again at position 0). */
  resetSlot(slot: number) {
    checkSlot(slot, this.slots);
    this.positions[slot] = 0;
  }

  /** Rows and shape of a decode pass: one token of each fed sequence, at its position, each with logits. */
  private feedPass(feeds: readonly { slot: number }[]): { rows: number[]; shape: PassShape } {
    return {
      rows: feeds.flatMap((f) => [f.slot, this.positions[f.slot]]),
      shape: { tokens: feeds.length, logitRows: feeds.length, end: Math.max(...feeds.map((f) => this.positions[f.slot] + 1)), rowPerSequence: true },
    };
  }

  /** Rows and shape of a pass of `T` tokens of one sequence from its current position. */
  protected slotPass(slot: number, T: number, logitsFrom: number): { rows: number[]; shape: PassShape } {
    const pos0 = this.positions[slot];
    return {
      rows: Array.from({ length: T }, (_, t) => [slot, pos0 + t]).flat(),
      shape: { tokens: T, logitRows: T - logitsFrom, end: pos0 + T, rowPerSequence: T === 1 },
    };
  }

  /** Writes the pass's token ids, row slots and positions and step uniform, and opens its command encoder. */
  protected begin(ids: readonly number[] | null, rows: readonly number[], shape: PassShape, logitsFrom: number): GPUCommandEncoder {
    const { device } = this.model;
    if (ids) device.queue.writeBuffer(this.scratch.ids, 0, new Uint32Array(ids));
    device.queue.writeBuffer(this.scratch.rows, 0, new Uint32Array(rows));
    device.queue.writeBuffer(this.step, 0, new Uint32Array([shape.tokens, 0, logitsFrom, 0]));
    return device.createCommandEncoder({ label: 'forward' });
  }

  protected check(slot: number, ids: readonly number[]) {
    checkSlot(slot, this.slots);
    const { config: c } = this.model;
    if (ids.length === 0) throw new InvalidRequestError('no tokens to process');
    if (this.positions[slot] + ids.length > this.capacity) {
      throw new InvalidRequestError(`${this.positions[slot] + ids.length} tokens exceed the context of ${this.capacity} tokens`);
    }
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) throw new InvalidRequestError(`token id ${id} is outside the vocabulary (0..${c.vocabSize - 1})`);
    }
  }


  destroy() {
    this.pool.destroy();
    for (const b of [...Object.values(this.scratch), this.step, this.pickUniform, this.picked]) b.destroy();
    this.queued.destroy();
  }
}
