// Batched-decode figures for the benchmark: aggregate decode tokens/s with N sequences at ~`prompt` context each,
// verdicts per minute for a list of items through continuous batching (a cached policy prefix, each item's content,
// a forced number of generated tokens), and the GPU memory a batch takes.
import { BatchedGenerator } from '../../engine/runtime/batched-generator';
import type { Model } from '../../engine/runtime/model';
import { PrefixCachedGenerator } from '../../engine/runtime/prefix-cached-generator';
import { batchBytes, SequenceBatch, type BatchOptions } from '../../engine/runtime/sequence-batch';

const round = (v: number, digits = 2) => +v.toFixed(digits);

/** Aggregate decode tokens/s of `slots` sequences, each after a prompt of `prompt` tokens, over `steps` passes. */
export async function batchedDecode(model: Model, ids: readonly number[], slots: number, prompt: number, steps: number, variant: Omit<BatchOptions, 'slots' | 'context'> = {}) {
  const batch = new SequenceBatch(model, { slots, context: prompt + steps + 8, ...variant });
  await batch.forwardSlot(0, ids.slice(0, prompt), { logits: 'none' });
  const shared = batch.snapshotSlot(0);
  for (let s = 1; s < slots; s++) batch.restoreSlot(s, shared);
  shared.release();
  // Each sequence continues from a token of its own.
  let feeds = Array.from({ length: slots }, (_, slot) => ({ slot, id: (slot * 131 + 7) % 200000 }));
  await batch.decodeGreedy(feeds); // warm-up pass of this size
  const profile = model.device.features.has('timestamp-query') ? await batch.profileDecode(feeds) : new Map<string, number>();
  // Each pass timed too: on the GPU machine a run now and then stalls for tens of ms per pass, and the median
  // says whether a mean is that or steady work. Passes are queued one ahead, fed on the GPU with the picks not yet
  // read, as the batched generator runs them (the host encodes pass n+1 while the GPU runs pass n).
  const passMs: number[] = [];
  const start = performance.now();
  batch.queueDecode(feeds);
  for (let i = 0; i < steps; i++) {
    const passStart = performance.now();
    if (i + 1 < steps) batch.queueDecode(feeds.map(({ slot }) => ({ slot })));
    await batch.takeDecode();
    passMs.push(performance.now() - passStart);
  }
  const ms = (performance.now() - start) / steps;
  // A few passes each waiting for the previous one's picks: the host's encoding is then on the critical path.
  const unpipelinedMs: number[] = [];
  for (let i = 0; i < 4; i++) {
    const passStart = performance.now();
    const { picks } = await batch.decodeGreedy(feeds);
    unpipelinedMs.push(performance.now() - passStart);
    feeds = feeds.map((f, r) => ({ slot: f.slot, id: picks[r].id }));
  }
  batch.destroy();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  return { sequences: slots, context: prompt, variant, ms_per_pass: round(ms, 3), median_ms_per_pass: round(median(passMs), 3), slowest_ms_per_pass: round(Math.max(...passMs), 3),
    unpipelined_median_ms_per_pass: round(median(unpipelinedMs), 3),
    aggregate_tokens_per_s: round((slots * 1000) / ms, 1), median_aggregate_tokens_per_s: round((slots * 1000) / median(passMs), 1), per_sequence_tokens_per_s: round(1000 / ms, 1),
    kernel_ms: Object.fromEntries([...profile].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v, 3)])) };
}

/** Item shape of the verdicts-per-minute figure. */
export interface VerdictWork {
  items: number;
  policyTokens: number;
  contentTokens: number;
  generatedTokens: number;
}

interface TokenSourceLike {
  start(key: string, prefix: readonly number[], sampling: object): Promise<number>;
  next(ids: readonly number[]): Promise<number>;
  settle(): Promise<void>;
}

/** One item as the classifier runs it (restore the policy, content, then generated tokens fed back). */
async function runItem(source: TokenSourceLike, policy: readonly number[], content: readonly number[], generated: number) {
  await source.start('policy', policy, {});
  let next = await source.next(content);
  for (let i = 1; i < generated; i++) next = await source.next([next]);
  await source.settle();
}

/** Verdicts per minute for `work`, `concurrency` items at once (1: the single-sequence path, queued steps). */
export async function verdictsPerMinute(model: Model, ids: readonly number[], work: VerdictWork, concurrency: number) {
  const policy = ids.slice(0, work.policyTokens);
  const content = (i: number) => ids.slice(work.policyTokens + i * 7, work.policyTokens + i * 7 + work.contentTokens);
  let done = 0;
  let start = 0;
  if (concurrency === 1) {
    const single = new PrefixCachedGenerator(model);
    await runItem(single, policy, content(0), 2); // policy prefilled and cached before the clock starts
    start = performance.now();
    for (; done < work.items; done++) await runItem(single, policy, content(done), work.generatedTokens);
    single.dispose();
  } else {
    const batch = new BatchedGenerator(model, { slots: concurrency, context: work.policyTokens + work.contentTokens + work.generatedTokens + 8 });
    const warm = batch.take();
    await runItem(warm, policy, content(0), 2);
    warm.dispose();
    start = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < work.items) {
        const i = next++;
        const source = batch.take();
        await runItem(source, policy, content(i), work.generatedTokens);
        source.dispose();
        done++;
      }
    }));
    batch.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  return { concurrency, items: done, seconds: round(seconds, 2), verdicts_per_min: round((done / seconds) * 60, 1) };
}

/**
 * GPU bytes while a batch of `slots` sequences of `context` tokens runs: the weights, the RoPE table and the batch
 * (the engine gives the one-item sequence back while a batch runs).
 */
export function batchMemory(model: Model, slots: number, context: number) {
  const plan = model.memoryPlan;
  const bytes = plan.weights + plan.ropeTable + batchBytes(model, slots, context);
  return { sequences: slots, context, total_bytes: bytes, total_gb: round(bytes / 1e9), fits_16_gb: bytes <= 16e9 };
}
