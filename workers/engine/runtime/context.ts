// Context: the mutable half of the engine: KV cache and position. snapshot()/restore() let a policy's
// prompt prefix be computed once and reused for every item classified under it.
import { AbortedError, InvalidRequestError } from '../errors';
import { buildForwardPlan, encodeDispatches, type ForwardPlan, type LayerCache } from '../model/forward';
import { kvCapacity } from '../model/memory-plan';
import { bindBuffers } from '../gpu/kernel';
import { keepAlive } from '../gpu/keep-alive';
import { readBack } from '../gpu/buffers';
import { profilePass } from './profile';
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

interface SnapshotData extends Snapshot {
  buffers: { k: GPUBuffer; v: GPUBuffer; bytes: number }[];
}

export class Context {
  position = 0;
  private readonly caches: LayerCache[];
  private readonly plan: ForwardPlan;
  private readonly pickUniform: GPUBuffer;
  private readonly picked: GPUBuffer;
  private readonly pickedRead: GPUBuffer;
  private readonly argmaxGroup: GPUBindGroup;
  private readonly rowBytes: number;

  constructor(private readonly model: Model) {
    const { device, config: c, shape } = model;
    this.rowBytes = c.numKvHeads * c.headDim * 4;
    this.caches = c.slidingLayers.map((sliding, l) => {
      const capacity = kvCapacity(c, l, shape);
      const buffer = (kind: string) =>
        device.createBuffer({ label: `kv.${l}.${kind}`, size: capacity * this.rowBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      const params = device.createBuffer({ label: `kv.${l}.params`, size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(params, 0, new Uint32Array([capacity, sliding ? c.slidingWindow : 0, 0, 0]));
      return { k: buffer('k'), v: buffer('v'), params, capacity };
    });
    this.plan = buildForwardPlan(model, this.caches);
    this.pickUniform = device.createBuffer({ label: 'pick', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(this.pickUniform, 0, new Uint32Array(4));
    this.picked = device.createBuffer({ label: 'picked', size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.pickedRead = device.createBuffer({ label: 'picked.read', size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.argmaxGroup = bindBuffers(device, model.kernels.argmax, [this.pickUniform, model.scratch.logits, this.picked]);
  }

  get capacity() {
    return this.model.shape.maxContext;
  }

  /** Runs `ids` through the model at the current position and advances it. */
  async forward(ids: readonly number[], options: ForwardOptions = {}): Promise<ForwardResult> {
    const mode = options.logits ?? 'last';
    this.check(ids);
    const { device, config: c, shape, scratch } = this.model;
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
      const logitRows = T - logitsFrom;
      device.queue.writeBuffer(scratch.ids, 0, new Uint32Array(part));
      const pos0 = this.position;
      device.queue.writeBuffer(this.model.step, 0, new Uint32Array([T, pos0, logitsFrom, 0]));

      const capture = options.hiddenStates ? this.createCapture(T) : null;
      const encoder = device.createCommandEncoder({ label: 'forward' });
      let pass = encoder.beginComputePass({ label: 'forward' });
      encodeDispatches(pass, this.plan.embed, T, logitRows, pos0);
      const rowBytes = T * c.hiddenSize * 4;
      const copyOut = (source: GPUBuffer, entry: number) => {
        pass.end();
        encoder.copyBufferToBuffer(source, 0, capture!, entry * rowBytes, rowBytes);
        pass = encoder.beginComputePass({ label: 'forward' });
      };
      for (let l = 0; l < c.numLayers; l++) {
        if (capture) copyOut(scratch.x, l);
        encodeDispatches(pass, this.plan.layers[l], T, logitRows, pos0);
      }
      if (logitRows > 0 || capture) encodeDispatches(pass, this.plan.finalNorm, T, logitRows, pos0);
      if (capture) copyOut(scratch.h, c.numLayers);
      if (logitRows > 0) encodeDispatches(pass, this.plan.lmHead, T, logitRows, pos0);
      pass.end();
      device.queue.submit([encoder.finish()]);
      this.position += T;

      if (logitRows > 0) {
        const bytes = await readBack(device, scratch.logits, logitRows * c.vocabSize * 4);
        for (let r = 0; r < logitRows; r++) result.logits.push(new Float32Array(bytes, r * c.vocabSize * 4, c.vocabSize));
      }
      if (capture) {
        const bytes = await readBack(device, capture, (c.numLayers + 1) * T * c.hiddenSize * 4);
        capture.destroy();
        result.hiddenStates = Array.from({ length: c.numLayers + 1 }, (_, l) => new Float32Array(bytes, l * T * c.hiddenSize * 4, T * c.hiddenSize));
      }
    }
    return result;
  }

  /**
   * Feeds `ids` and returns the greedy next token, reading back 4 bytes instead of the logits. The logits of
   * the last token stay on the GPU (`lastLogits()` reads them when a caller needs probabilities).
   */
  async forwardGreedy(ids: readonly number[], signal?: AbortSignal): Promise<number> {
    this.check(ids);
    const { device, scratch } = this.model;
    const prefix = ids.slice(0, Math.max(0, ids.length - 1));
    if (prefix.length) await this.forward(prefix, { logits: 'none', signal });
    if (signal?.aborted) throw new AbortedError();
    const id = ids[ids.length - 1];
    device.queue.writeBuffer(scratch.ids, 0, new Uint32Array([id]));
    const pos0 = this.position;
    device.queue.writeBuffer(this.model.step, 0, new Uint32Array([1, pos0, 0, 0]));
    const encoder = device.createCommandEncoder({ label: 'decode' });
    const pass = encoder.beginComputePass({ label: 'decode' });
    encodeDispatches(pass, this.plan.embed, 1, 1, pos0);
    for (const layer of this.plan.layers) encodeDispatches(pass, layer, 1, 1, pos0);
    encodeDispatches(pass, this.plan.finalNorm, 1, 1, pos0);
    encodeDispatches(pass, this.plan.lmHead, 1, 1, pos0);
    pass.setPipeline(this.model.kernels.argmax.pipeline);
    pass.setBindGroup(0, this.argmaxGroup);
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(this.picked, 0, this.pickedRead, 0, 4);
    device.queue.submit([encoder.finish()]);
    this.position += 1;
    await keepAlive(this.pickedRead.mapAsync(GPUMapMode.READ));
    const next = new Uint32Array(this.pickedRead.getMappedRange(0, 4))[0];
    this.pickedRead.unmap();
    return next;
  }

  /**
   * Milliseconds of GPU time per kernel for one pass of `ids` (diagnostics; needs 'timestamp-query').
   * Writes the KV cache like a normal pass but leaves the position unchanged.
   */
  async profile(ids: readonly number[]): Promise<Map<string, number>> {
    this.check(ids);
    const { device, scratch } = this.model;
    device.queue.writeBuffer(scratch.ids, 0, new Uint32Array(ids));
    device.queue.writeBuffer(this.model.step, 0, new Uint32Array([ids.length, this.position, ids.length - 1, 0]));
    return profilePass(device, this.plan, ids.length, 1, this.position);
  }

  /** The logits of the last token of the latest pass (still on the GPU). */
  async lastLogits(): Promise<Float32Array> {
    const { device, config: c, scratch } = this.model;
    return new Float32Array(await readBack(device, scratch.logits, c.vocabSize * 4));
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

  private createCapture(T: number): GPUBuffer {
    const { device, config: c } = this.model;
    return device.createBuffer({ label: 'hidden-capture', size: (c.numLayers + 1) * T * c.hiddenSize * 4, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  }

  /** Copies the KV cache up to the current position (GPU to GPU). */
  snapshot(): Snapshot {
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

  restore(snapshot: Snapshot) {
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
    this.position = 0;
  }

  destroy() {
    for (const c of this.caches) for (const b of [c.k, c.v, c.params]) b.destroy();
    for (const b of [this.pickUniform, this.picked, this.pickedRead]) b.destroy();
  }
}
