// The picks of decode passes submitted and not yet taken, oldest first: each pass's argmax result (token and
// softmax denominator per row, 8 bytes) is copied into one of a ring of map-read buffers, so the host can queue
// pass n+1 before reading pass n (SequenceBatch.queueDecode).
import { InvalidRequestError } from '../../common/errors';
import { keepAlive } from '../gpu/keep-alive';
import type { GreedyPick } from './sequence-batch';

/** At most this many passes are in flight (one read-back buffer each). */
export const MAX_QUEUED = 3;

interface QueuedPass {
  slots: number[];
  read: GPUBuffer;
  mapped: Promise<void>;
}

export class QueuedPicks {
  private readonly reads: GPUBuffer[];
  private readonly passes: QueuedPass[] = [];
  private count = 0;

  constructor(device: GPUDevice, maxRows: number) {
    this.reads = Array.from({ length: MAX_QUEUED }, (_, i) => device.createBuffer({ label: `picked.read.${i}`, size: Math.max(16, 8 * maxRows), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
  }

  get length(): number {
    return this.passes.length;
  }

  /** Whether MAX_QUEUED passes are in flight (no other can be queued until one is taken or dropped). */
  get full(): boolean {
    return this.passes.length >= MAX_QUEUED;
  }

  /** The row slots of the latest queued pass. */
  get latest(): readonly number[] | undefined {
    return this.passes.at(-1)?.slots;
  }

  /** Encodes the copy of a pass's picks (rows for `slots`, in order) from `picked`; call `submitted` after its submit. */
  record(encoder: GPUCommandEncoder, picked: GPUBuffer, slots: number[]): { submitted(): void } {
    if (this.full) throw new Error('every read-back buffer is in use'); // queueDecode refuses before this
    const read = this.reads[this.count++ % MAX_QUEUED];
    const bytes = 8 * slots.length;
    encoder.copyBufferToBuffer(picked, 0, read, 0, bytes);
    return {
      submitted: () => {
        const mapped = keepAlive(read.mapAsync(GPUMapMode.READ, 0, bytes));
        mapped.catch(() => {}); // a pass dropped by destroy() fails its map; nobody waits for it then
        this.passes.push({ slots, read, mapped });
      },
    };
  }

  /** The oldest pass's picks, one per row. */
  async take(): Promise<GreedyPick[]> {
    const pass = this.passes.shift();
    if (!pass) throw new InvalidRequestError('no queued pass');
    await pass.mapped;
    const bytes = pass.read.getMappedRange(0, 8 * pass.slots.length).slice(0);
    pass.read.unmap();
    const ids = new Uint32Array(bytes);
    const sums = new Float32Array(bytes);
    return pass.slots.map((_, r) => ({ id: ids[2 * r], probability: 1 / sums[2 * r + 1] }));
  }

  /** Discards every untaken pass, newest first, and returns their row slots. */
  async drop(): Promise<number[][]> {
    const dropped: number[][] = [];
    while (this.passes.length) {
      const pass = this.passes.pop()!;
      await pass.mapped;
      pass.read.unmap();
      dropped.push(pass.slots);
    }
    return dropped;
  }

  destroy() {
    for (const b of this.reads) b.destroy();
  }
}
