// Timings of one model (one depth) for the device benchmark: prefill, pipelined greedy decode, and one verdict
// as the classifier runs it (policy restored from its snapshot, content prefilled, the answer decoded).
import { keepAlive } from '../gpu/keep-alive';
import { GREEDY_RUN_AHEAD, PrefixCachedGenerator } from '../runtime/prefix-cached-generator';
import { Sequence } from '../runtime/sequence';
import type { Model } from '../runtime/model';

/** Token counts of the verdict timed: a cached policy prefix, the content, the tokens the answer takes. */
export interface VerdictWork {
  policyTokens: number;
  contentTokens: number;
  generatedTokens: number;
}

export interface LayerTimings {
  prefillMs: number;
  decodeMsPerToken: number;
  verdictMs: number;
}

export interface MeasureOptions {
  promptTokens: number;
  decodeTokens: number;
  verdict: VerdictWork;
}

/** Deterministic token ids spread over the vocabulary (weights are random, so any ids do). */
export const benchIds = (count: number, vocab: number, offset = 0) => Array.from({ length: count }, (_, i) => ((i + offset) * 7919 + 13) % vocab);

/**
 * Milliseconds per token of `tokens` greedy steps after `first`, decoded as the classifier does: `ahead` steps
 * queued (each fed on the GPU) beyond the one whose token is read; the steps left queued at the end are waited for.
 */
export async function pipelinedDecodeMs(seq: Sequence, first: number, tokens: number, ahead = GREEDY_RUN_AHEAD): Promise<number> {
  const start = performance.now();
  seq.queueGreedy(first);
  for (let i = 0; i < tokens; i++) {
    seq.runAhead(ahead);
    await seq.takeGreedy();
  }
  await seq.dropQueued();
  return (performance.now() - start) / tokens;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

export async function measureAt(model: Model, o: MeasureOptions, onPhase: (phase: 'prefill' | 'decode' | 'verdict') => void): Promise<LayerTimings> {
  const vocab = model.config.vocabSize;
  const prompt = benchIds(o.promptTokens, vocab);
  const seq = new Sequence(model);
  try {
    // Warm-up: the first dispatch of each pipeline (both prefill paths and a decode step).
    await seq.forward(prompt.slice(0, Math.min(130, o.promptTokens)), { logits: 'none' });
    await seq.forwardGreedy([1]);
    seq.reset();

    onPhase('prefill');
    let start = performance.now();
    if (o.promptTokens > 1) await seq.forward(prompt.slice(0, -1), { logits: 'none' });
    const next = await seq.forwardGreedy([prompt.at(-1)!]);
    await keepAlive(model.device.queue.onSubmittedWorkDone());
    const prefillMs = performance.now() - start;

    onPhase('decode');
    const decodeMsPerToken = await pipelinedDecodeMs(seq, next, o.decodeTokens);

    onPhase('verdict');
    const generator = new PrefixCachedGenerator(model);
    try {
      const policy = benchIds(o.verdict.policyTokens, vocab, 50_000);
      const times: number[] = [];
      for (let run = 0; run < 4; run++) {
        start = performance.now();
        await generator.start('policy', policy, {});
        let token = await generator.next(benchIds(o.verdict.contentTokens, vocab, 90_000 + run * 1000));
        for (let i = 1; i < o.verdict.generatedTokens; i++) token = await generator.next([token]);
        await generator.settle();
        // The first run prefills the policy (the figure is for a policy already cached).
        if (run > 0) times.push(performance.now() - start);
      }
      return { prefillMs, decodeMsPerToken, verdictMs: median(times) };
    } finally {
      generator.dispose();
    }
  } finally {
    seq.destroy();
  }
}
