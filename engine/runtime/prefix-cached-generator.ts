// Generic generation over one Sequence with the prompt prefix cached as a KV snapshot: the classifier's
// TokenSource (classify/token-source.ts), satisfied structurally so the engine imports nothing above it.
import { Sampler, softmax, type SamplerOptions } from './sampler';
import { Sequence, type Snapshot } from './sequence';
import type { Model } from './model';

export class PrefixCachedGenerator {
  private readonly sequence: Sequence;
  private prefix: { key: string; snapshot: Snapshot } | null = null;
  private sampler = new Sampler();

  constructor(model: Model) {
    this.sequence = new Sequence(model);
  }

  get capacity() {
    return this.sequence.capacity;
  }

  async start(key: string, prefix: readonly number[], sampling: SamplerOptions, signal?: AbortSignal): Promise<number> {
    this.sampler = new Sampler(sampling);
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
    if (this.sampler.greedy) return this.sequence.forwardGreedy(ids, signal);
    return this.sampler.sample((await this.sequence.forward(ids, { signal })).logits[0]);
  }

  async probability(id: number): Promise<number> {
    return softmax(await this.sequence.lastLogits())[id];
  }

  dispose() {
    this.prefix?.snapshot.release();
    this.prefix = null;
    this.sequence.destroy();
  }
}
