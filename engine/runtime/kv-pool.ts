// The KV cache of several sequences: per layer one key and one value buffer holding `slots` slots of
// `capacity` rows each (a sequence's slot is its own cache; kernels find a row by slot and position). A prompt
// prefix computed in one slot is snapshotted once and restored into any slot (GPU copies, no read-back).
import { InvalidRequestError } from '../../common/errors';
import type { LayerCache } from '../graph/forward-plan';
import { kvCapacity, type RuntimeShape } from '../model/memory-plan';
import type { GptOssConfig } from '../model/config';

export interface Snapshot {
  readonly position: number;
  release(): void;
}

interface SnapshotData extends Snapshot {
  buffers: { k: GPUBuffer; v: GPUBuffer; bytes: number }[];
}

/** Bytes of KV cache one sequence of `shape.maxContext` positions takes (all layers, keys and values). */
export function kvBytesPerSequence(c: GptOssConfig, shape: RuntimeShape): number {
  let bytes = 0;
  for (let l = 0; l < c.numLayers; l++) bytes += 2 * kvCapacity(c, l, shape) * c.numKvHeads * c.headDim * 4;
  return bytes;
}

/** Refuses a slot that is not one of `slots` (a caller's mistake, named). */
export function checkSlot(slot: number, slots: number) {
  if (!Number.isInteger(slot) || slot < 0 || slot >= slots) throw new InvalidRequestError(`no sequence slot ${slot} (this batch has ${slots})`);
}

export class KvPool {
  readonly caches: LayerCache[];
  private readonly rowBytes: number;
  private readonly capacities: number[];

  constructor(
    private readonly device: GPUDevice,
    config: GptOssConfig,
    shape: RuntimeShape,
    readonly slots: number,
  ) {
    const c = config;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.rowBytes = c.numKvHeads * c.headDim * 4;
    this.capacities = c.slidingLayers.map((_, l) => kvCapacity(c, l, shape));
    this.caches = c.slidingLayers.map((sliding, l) => {
      const capacity = this.capacities[l];
      const buffer = (kind: string) => device.createBuffer({ label: `kv.${l}.${kind}`, size: slots * capacity * this.rowBytes, usage });
      const params = device.createBuffer({ label: `kv.${l}.params`, size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(params, 0, new Uint32Array([capacity, sliding ? c.slidingWindow : 0, 0, 0]));
      return { k: buffer('k'), v: buffer('v'), params };
    });
  }

  /** Copies slot `slot`'s cache up to `position` into buffers of its own (GPU to GPU). */
  snapshot(slot: number, position: number): Snapshot {
    checkSlot(slot, this.slots);
    const encoder = this.device.createCommandEncoder({ label: 'snapshot' });
    const buffers = this.caches.map((cache, l) => {
      const bytes = Math.max(4, Math.min(position, this.capacities[l]) * this.rowBytes);
      const from = slot * this.capacities[l] * this.rowBytes;
      const make = (kind: string) => this.device.createBuffer({ label: `snapshot.${l}.${kind}`, size: bytes, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      const k = make('k');
      const v = make('v');
      encoder.copyBufferToBuffer(cache.k, from, k, 0, bytes);
      encoder.copyBufferToBuffer(cache.v, from, v, 0, bytes);
      return { k, v, bytes };
    });
    this.device.queue.submit([encoder.finish()]);
    const snapshot: SnapshotData = {
      position,
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

  /** Writes a snapshot (from any slot of a pool of the same model and shape) into slot `slot`; returns its position. */
  restore(slot: number, snapshot: Snapshot): number {
    checkSlot(slot, this.slots);
    const data = snapshot as SnapshotData;
    const encoder = this.device.createCommandEncoder({ label: 'restore' });
    data.buffers.forEach((b, l) => {
      const to = slot * this.capacities[l] * this.rowBytes;
      encoder.copyBufferToBuffer(b.k, 0, this.caches[l].k, to, b.bytes);
      encoder.copyBufferToBuffer(b.v, 0, this.caches[l].v, to, b.bytes);
    });
    this.device.queue.submit([encoder.finish()]);
    return data.position;
  }

  destroy() {
    for (const c of this.caches) for (const b of [c.k, c.v, c.params]) b.destroy();
  }
}
