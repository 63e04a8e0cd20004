// Sequence: one run's GPU state: KV cache, activations, the step uniform and the position. Made from a Model
// (`new Sequence(model)`); several can exist at once. snapshot()/restore() let a policy's prompt prefix be
// computed once and reused for every item classified under it.
import { AbortedError, InvalidRequestError } from '../../common/errors';
import { readBack } from '../gpu/buffers';
import { keepAlive } from '../gpu/keep-alive';
import { bindNamed } from '../gpu/kernel-spec';
import { countDispatches, encodeForward, type PassShape } from '../graph/encode';
import { buildForwardPlan, type Dispatch, type ForwardPlan, type LayerCache, type Scratch } from '../graph/forward-plan';
import { kvCapacity, scratchSizes } from '../model/memory-plan';
import type { Model } from './model';

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

export interface Snapshot {
  readonly position: number;
  release(): void;
}

/** A greedy step's result: the picked token and the probability the model gave it. */
export interface GreedyPick {
  id: number;
  probability: number;
}

interface QueuedStep {
  read: GPUBuffer;
  mapped: Promise<void>;
}

/** Read-back buffers for queued greedy steps: at most this many steps are in flight. */
const MAX_QUEUED = 3;

interface SnapshotData extends Snapshot {
  buffers: { k: GPUBuffer; v: GPUBuffer; bytes: number }[];
}

export class Sequence {
  position = 0;
  private readonly caches: LayerCache[];
  private readonly scratch: Scratch;
  private readonly step: GPUBuffer;
  private readonly plan: ForwardPlan;
  private readonly picked: GPUBuffer;
  private readonly pickedReads: GPUBuffer[];
  private readonly queued: QueuedStep[] = [];
  private queuedCount = 0;
  private readonly pickUniform: GPUBuffer;
  private readonly argmax: Dispatch;
  private readonly rowBytes: number;

  constructor(private readonly model: Model) {
    if (model.isDestroyed) throw new Error('the model was unloaded');
    const { device, config: c, shape } = model;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const uniform = (label: string) => device.createBuffer({ label, size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.rowBytes = c.numKvHeads * c.headDim * 4;
    this.caches = c.slidingLayers.map((sliding, l) => {
      const capacity = kvCapacity(c, l, shape);
      const buffer = (kind: string) => device.createBuffer({ label: `kv.${l}.${kind}`, size: capacity * this.rowBytes, usage });
      const params = uniform(`kv.${l}.params`);
      device.queue.writeBuffer(params, 0, new Uint32Array([capacity, sliding ? c.slidingWindow : 0, 0, 0]));
      return { k: buffer('k'), v: buffer('v'), params };
    });
    this.scratch = {} as Scratch;
    for (const [name, bytes] of Object.entries(scratchSizes(c, shape))) {
      this.scratch[name as keyof Scratch] = device.createBuffer({ label: `scratch.${name}`, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
    }
    this.step = uniform('step');
    this.plan = buildForwardPlan(model, { step: this.step, scratch: this.scratch, caches: this.caches });
    this.pickUniform = uniform('pick');
    device.queue.writeBuffer(this.pickUniform, 0, new Uint32Array(4));
    this.picked = device.createBuffer({ label: 'picked', size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.pickedReads = Array.from({ length: MAX_QUEUED }, (_, i) => device.createBuffer({ label: `picked.read.${i}`, size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
    const argmax = model.kernels.argmax;
    this.argmax = {
      kernel: argmax,
      bindGroup: bindNamed(device, argmax, { pick: this.pickUniform, logits: this.scratch.logits, result: this.picked }),
      grid: () => argmax.spec.grid(),
    };
  }

  get capacity() {
    return this.model.shape.maxContext;
  }

  /** Runs `ids` through the model at the current position and advances it. */
  async forward(ids: readonly number[], options: ForwardOptions = {}): Promise<ForwardResult> {
    const mode = options.logits ?? 'last';
    this.check(ids);
    await this.dropQueued();
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
      const shapeOfPass = { tokens: T, logitRows: T - logitsFrom, pos0: this.position };
      const capture = options.hiddenStates
        ? { buffer: device.createBuffer({ label: 'hidden-capture', size: (c.numLayers + 1) * T * c.hiddenSize * 4, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC }), x: this.scratch.x, h: this.scratch.h }
        : undefined;
      const encoder = this.begin(part, shapeOfPass, logitsFrom);
      encodeForward(encoder, this.plan, { ...shapeOfPass, capture });
      device.queue.submit([encoder.finish()]);
      this.position += T;

      if (shapeOfPass.logitRows > 0) {
        const bytes = await readBack(device, this.scratch.logits, shapeOfPass.logitRows * c.vocabSize * 4);
        for (let r = 0; r < shapeOfPass.logitRows; r++) result.logits.push(new Float32Array(bytes, r * c.vocabSize * 4, c.vocabSize));
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
   * Feeds `ids` and returns the greedy next token, reading back 8 bytes (token and softmax denominator) instead
   * of the logits. The logits of the last token stay on the GPU (`lastLogits()` reads them).
   */
  async forwardGreedy(ids: readonly number[], signal?: AbortSignal): Promise<number> {
    return (await this.greedyPick(ids, signal)).id;
  }

  /** As forwardGreedy, with the probability the model gave the picked token. */
  async greedyPick(ids: readonly number[], signal?: AbortSignal): Promise<GreedyPick> {
    this.check(ids);
    await this.dropQueued();
    const prefix = ids.slice(0, Math.max(0, ids.length - 1));
    if (prefix.length) await this.forward(prefix, { logits: 'none', signal });
    if (signal?.aborted) throw new AbortedError();
    this.queueGreedy(ids[ids.length - 1]);
    return this.takeGreedy();
  }

  /**
   * Queues one greedy step without waiting for it: its input is `id`, or, when omitted, the token the previous
   * queued step picks, copied on the GPU (no round trip). So the host encodes step n+1 while the GPU runs
   * step n. Take results in order with takeGreedy(); dropQueued() discards the untaken ones.
   */
  queueGreedy(id?: number): void {
    if (id !== undefined) this.check([id]);
    else if (this.queued.length === 0) throw new InvalidRequestError('no queued step to continue from');
    if (this.position + 1 > this.model.shape.maxContext) throw new InvalidRequestError(`the context of ${this.model.shape.maxContext} tokens is full`);
    if (this.queued.length >= MAX_QUEUED) throw new InvalidRequestError(`at most ${MAX_QUEUED} steps can be queued`);
    const { device } = this.model;
    const shape = { tokens: 1, logitRows: 1, pos0: this.position };
    const encoder = this.begin(id === undefined ? null : [id], shape, 0);
    if (id === undefined) encoder.copyBufferToBuffer(this.picked, 0, this.scratch.ids, 0, 4);
    encodeForward(encoder, this.plan, { ...shape, after: [this.argmax] });
    const read = this.pickedReads[this.queuedCount++ % MAX_QUEUED];
    encoder.copyBufferToBuffer(this.picked, 0, read, 0, 8);
    device.queue.submit([encoder.finish()]);
    this.position += 1;
    const mapped = keepAlive(read.mapAsync(GPUMapMode.READ));
    mapped.catch(() => {}); // a step dropped by destroy() fails its map; nobody waits for it then
    this.queued.push({ read, mapped });
  }

  /** Steps queued and not yet taken. */
  get queuedSteps(): number {
    return this.queued.length;
  }

  /** The oldest queued step's pick. */
  async takeGreedy(): Promise<GreedyPick> {
    const step = this.queued.shift();
    if (!step) throw new InvalidRequestError('no queued step');
    await step.mapped;
    const bytes = step.read.getMappedRange(0, 8);
    const id = new Uint32Array(bytes)[0];
    const denominator = new Float32Array(bytes)[1];
    step.read.unmap();
    return { id, probability: 1 / denominator };
  }

  /** Discards queued steps nobody will take: their tokens were not wanted, so the position goes back. */
  async dropQueued(): Promise<void> {
    while (this.queued.length) {
      const step = this.queued.pop()!;
      await step.mapped;
      step.read.unmap();
      this.position -= 1;
    }
  }

  /**
   * Milliseconds of GPU time per kernel for one pass of `ids` (diagnostics; needs 'timestamp-query'). Every
   * dispatch gets its own timed pass (WebGPU only times passes). Writes the KV cache but keeps the position.
   */
  async profile(ids: readonly number[]): Promise<Map<string, number>> {
    this.check(ids);
    const { device } = this.model;
    const shape = { tokens: ids.length, logitRows: 1, pos0: this.position };
    const querySet = device.createQuerySet({ type: 'timestamp', count: countDispatches(this.plan, shape) * 2 });
    const names: string[] = [];
    const encoder = this.begin(ids, shape, ids.length - 1);
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

  /**
   * GPU milliseconds of one greedy decode step of `id` as it really runs (one compute pass, no per-kernel
   * timestamps), and the wall-clock milliseconds of the same step; the difference is host cost. Advances.
   */
  async timeGreedyStep(id: number): Promise<{ gpuMs: number; wallMs: number }> {
    const { device } = this.model;
    const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
    const resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const start = performance.now();
    const shape = { tokens: 1, logitRows: 1, pos0: this.position };
    await this.dropQueued();
    const encoder = this.begin([id], shape, 0);
    encodeForward(encoder, this.plan, { ...shape, after: [this.argmax], wholeTiming: querySet });
    encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
    device.queue.submit([encoder.finish()]);
    this.position += 1;
    await keepAlive(device.queue.onSubmittedWorkDone());
    const wallMs = performance.now() - start;
    const stamps = new BigUint64Array(await readBack(device, resolve, 16));
    resolve.destroy();
    querySet.destroy();
    return { gpuMs: Number(stamps[1] - stamps[0]) / 1e6, wallMs };
  }

  /** Dispatches one greedy pass of `shape` encodes (the benchmark prints it per token). */
  dispatchCount(shape: PassShape): number {
    return countDispatches(this.plan, shape, [this.argmax]);
  }

  /** The logits of the last token of the latest pass (still on the GPU). */
  async lastLogits(): Promise<Float32Array> {
    const { device, config: c } = this.model;
    return new Float32Array(await readBack(device, this.scratch.logits, c.vocabSize * 4));
  }

  /** Writes the pass's token ids and step uniform, and opens its command encoder. */
  private begin(ids: readonly number[] | null, shape: PassShape, logitsFrom: number): GPUCommandEncoder {
    const { device } = this.model;
    if (ids) device.queue.writeBuffer(this.scratch.ids, 0, new Uint32Array(ids));
    device.queue.writeBuffer(this.step, 0, new Uint32Array([shape.tokens, shape.pos0, logitsFrom, 0]));
    return device.createCommandEncoder({ label: 'forward' });
  }

  private check(ids: readonly number[]) {
    const { config: c, shape } = this.model;
    if (ids.length === 0) throw new InvalidRequestError('no tokens to process');
    if (this.position + ids.length > shape.maxContext) {
      throw new InvalidRequestError(`${this.position + ids.length} tokens exceed the context of ${shape.maxContext} tokens`);
    }
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) throw new InvalidRequestError(`token id ${id} is outside the vocabulary (0..${c.vocabSize - 1})`);
    }
  }

  /** Copies the KV cache up to the current position (GPU to GPU). */
  snapshot(): Snapshot {
    if (this.queued.length) throw new InvalidRequestError('drop the queued steps before a snapshot');
    const { device } = this.model;
    const encoder = device.createCommandEncoder({ label: 'snapshot' });
    const buffers = this.caches.map((cache, l) => {
      const bytes = Math.max(4, Math.min(this.position, kvCapacity(this.model.config, l, this.model.shape)) * this.rowBytes);
      const make = (kind: string) => device.createBuffer({ label: `snapshot.${l}.${kind}`, size: bytes, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      const k = make('k');
      const v = make('v');
      encoder.copyBufferToBuffer(cache.k, 0, k, 0, bytes);
      encoder.copyBufferToBuffer(cache.v, 0, v, 0, bytes);
      return { k, v, bytes };
    });
    device.queue.submit([encoder.finish()]);
    const snapshot: SnapshotData = {
      position: this.position,
      buffers,
      release() {
        for (const b of buffers) {
          b.k.destroy();
          b.v.destroy();
        }
      },
    };
    return snapshot;
  }

  /** Call after dropQueued() (queued steps would move the position afterwards). */
  restore(snapshot: Snapshot) {
    if (this.queued.length) throw new InvalidRequestError('drop the queued steps before restoring');
    const data = snapshot as SnapshotData;
    const { device } = this.model;
    const encoder = device.createCommandEncoder({ label: 'restore' });
    data.buffers.forEach((b, l) => {
      encoder.copyBufferToBuffer(b.k, 0, this.caches[l].k, 0, b.bytes);
      encoder.copyBufferToBuffer(b.v, 0, this.caches[l].v, 0, b.bytes);
    });
    device.queue.submit([encoder.finish()]);
    this.position = data.position;
  }

  reset() {
    if (this.queued.length) throw new InvalidRequestError('drop the queued steps before resetting');
    this.position = 0;
  }

  destroy() {
    for (const c of this.caches) for (const b of [c.k, c.v, c.params]) b.destroy();
    for (const b of [...Object.values(this.scratch), this.step, this.pickUniform, this.picked, ...this.pickedReads]) b.destroy();
  }
}
