// Sequence: one run's GPU state (a SequenceBatch of one slot) with the single-sequence API: forward, greedy
// steps queued ahead of the host, snapshot/restore so a policy's prompt prefix is computed once and reused for
// every item classified under it, and the benchmark's profiling passes.
import { AbortedError, InvalidRequestError } from '../../common/errors';
import { readBack } from '../gpu/buffers';
import { keepAlive } from '../gpu/keep-alive';
import { countDispatches, encodeForward, type PassShape } from '../graph/encode';
import { SequenceBatch, type ForwardOptions, type ForwardResult, type GreedyPick, type Snapshot } from './sequence-batch';
import type { Model } from './model';
import type { KernelChoices } from '../graph/forward-plan';

export type { ForwardOptions, ForwardResult, GreedyPick, Snapshot } from './sequence-batch';

export class Sequence extends SequenceBatch {
  /** `choices`: kernels other than the engine's thresholds pick (tests, the benchmark). */
  constructor(model: Model, choices: KernelChoices = {}) {
    super(model, { ...choices, slots: 1 });
  }

  get position(): number {
    return this.positions[0];
  }

  set position(value: number) {
    this.positions[0] = value;
  }

  /** Runs `ids` through the model at the current position and advances it. */
  async forward(ids: readonly number[], options: ForwardOptions = {}): Promise<ForwardResult> {
    this.check(0, ids);
    await this.dropQueued();
    return this.forwardSlot(0, ids, options);
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
    this.check(0, ids);
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
    if (id === undefined && this.queuedDecodes === 0) throw new InvalidRequestError('no queued step to continue from');
    this.queueDecode([{ slot: 0, id }]);
  }

  /**
   * Queues greedy steps, each continuing from the one before, until `ahead` are queued beyond the oldest
   * (the one the caller takes next), room in the context permitting. Needs a queued step to continue from.
   */
  runAhead(ahead: number): void {
    while (this.queuedDecodes <= ahead && this.position < this.capacity) this.queueGreedy();
  }

  /** Steps queued and not yet taken. */
  get queuedSteps(): number {
    return this.queuedDecodes;
  }

  /** The oldest queued step's pick. */
  async takeGreedy(): Promise<GreedyPick> {
    return (await this.takeDecode())[0];
  }

  /** Discards queued steps nobody will take: their tokens were not wanted, so the position goes back. */
  dropQueued(): Promise<void> {
    return this.dropQueuedDecodes();
  }

  /**
   * Milliseconds of GPU time per kernel for one pass of `ids` (diagnostics; needs 'timestamp-query'). Every
   * dispatch gets its own timed pass (WebGPU only times passes). Writes the KV cache but keeps the position.
   */
  async profile(ids: readonly number[]): Promise<Map<string, number>> {
    this.check(0, ids);
    const pass = this.slotPass(0, ids.length, ids.length - 1);
    return this.timeKernels(ids, pass.rows, pass.shape, ids.length - 1);
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
    await this.dropQueued();
    const pass = this.slotPass(0, 1, 0);
    const encoder = this.begin([id], pass.rows, pass.shape, 0);
    encodeForward(encoder, this.plan, { ...pass.shape, after: [this.argmax(1)], wholeTiming: querySet });
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
    return countDispatches(this.plan, shape, [this.argmax(shape.logitRows)]);
  }

  /** The logits of the last token of the latest pass (still on the GPU). */
  async lastLogits(): Promise<Float32Array> {
    const { device, config: c } = this.model;
    return new Float32Array(await readBack(device, this.scratch.logits, c.vocabSize * 4));
  }

  /** Copies the KV cache up to the current position (GPU to GPU). */
  snapshot(): Snapshot {
    if (this.queuedDecodes) throw new InvalidRequestError('drop the queued steps before a snapshot');
    return this.snapshotSlot(0);
  }

  /** Call after dropQueued() (queued steps would move the position afterwards). */
  restore(snapshot: Snapshot) {
    if (this.queuedDecodes) throw new InvalidRequestError('drop the queued steps before restoring');
    this.restoreSlot(0, snapshot);
  }

  reset() {
    if (this.queuedDecodes) throw new InvalidRequestError('drop the queued steps before resetting');
    this.resetSlot(0);
  }
}
