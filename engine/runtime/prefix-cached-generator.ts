// Generic generation over one Sequence with the prompt prefix cached as a KV snapshot: the classifier's
// TokenSource (classify/token-source.ts), satisfied structurally so the engine imports nothing above it.
// Greedy generation runs ahead: while the caller handles token n, steps n+1 and n+2 (each fed on the GPU with
// the pick before it) are already queued, so the host's encoding of a step and its wait for a read-back overlap
// the GPU's work. A caller that feeds anything other than the token it was given discards the steps run ahead.
import { AbortedError } from '../../common/errors';
import { Sampler, softmax, type SamplerOptions } from './sampler';
import { Sequence, type GreedyPick, type Snapshot } from './sequence';
import type { Model } from './model';
import { MAX_QUEUED } from './queued-picks';

/**
 * Greedy steps kept queued beyond the one being read. One hides the host's encoding (~2-3.5 ms on Dawn) only
 * while encoding plus the read-back's latency stay under a step's GPU time (3.4 ms on an H100); two hide them
 * up to twice that. Ending an item then waits for two discarded steps instead of one.
 */
export const GREEDY_RUN_AHEAD = 2;
if (GREEDY_RUN_AHEAD >= MAX_QUEUED) throw new Error('GREEDY_RUN_AHEAD needs a read-back buffer per queued step');

export class PrefixCachedGenerator {
  private readonly sequence: Sequence;
  private prefix: { key: string; snapshot: Snapshot } | null = null;
  private sampler = new Sampler();
  /** The latest greedy pick; the queued step (if any) was fed with it. */
  private last: GreedyPick | null = null;

  constructor(model: Model) {
    this.sequence = new Sequence(model);
  }

  get capacity() {
    return this.sequence.capacity;
  }

  async start(key: string, prefix: readonly number[], sampling: SamplerOptions, signal?: AbortSignal): Promise<number> {
    this.sampler = new Sampler(sampling);
    await this.sequence.dropQueued();
    this.last = null;
    if (this.prefix?.key === key) {
      this.sequence.restore(this.prefix.snapshot);
      return 0;
    }
    this.prefix?.snapshot.release();
    this.prefix = null;
    this.sequence.reset();
    await this.sequence.forward(prefix, { logits: 'none', signal });
    this.prefix = { key, snapshot: this.sequence.snapshot() };
    return prefix.length;
  }

  async next(ids: readonly number[], signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) throw new AbortedError();
    if (!this.sampler.greedy) return this.sampler.sample((await this.sequence.forward(ids, { signal })).logits[0]);
    const continues = ids.length === 1 && this.last !== null && ids[0] === this.last.id && this.sequence.queuedSteps > 0;
    if (!continues) {
      await this.sequence.dropQueued();
      if (ids.length > 1) await this.sequence.forward(ids.slice(0, -1), { logits: 'none', signal });
      this.sequence.queueGreedy(ids[ids.length - 1]);
    }
    this.sequence.runAhead(GREEDY_RUN_AHEAD);
    this.last = await this.sequence.takeGreedy();
    return this.last.id;
  }

  async probability(id: number): Promise<number> {
    // Greedy: the pick's own probability came back with it. Otherwise the latest logits are still on the GPU.
    if (this.sampler.greedy && this.last) {
      if (id === this.last.id) return this.last.probability;
      throw new Error('greedy generation reports the probability of the picked token only');
    }
    return softmax(await this.sequence.lastLogits())[id];
  }

  /** Discards the steps run ahead (the caller is done with this item). */
  async settle(): Promise<void> {
    await this.sequence.dropQueued();
  }

  dispose() {
    this.prefix?.snapshot.release();
    this.prefix = null;
    this.sequence.destroy();
  }
}
