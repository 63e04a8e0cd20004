// Time to verdict through the real classifier path: tokenizer, harmony prompt, the policy prefix restored from
// its snapshot, streaming parser, verdict and label probability, on the benchmark's synthetic weights.
// Random weights write random tokens, so the classifier is shown a forced answer of the chosen length (an
// analysis message of `reasoningTokens`, then a JSON answer) while the GPU decodes one step per forced token,
// fed its own greedy picks: the GPU work per step is the same for any token, and the run-ahead queue stays
// exactly as in a real run (a forced token fed back would drop the queued step every time).
import { Classifier } from '../../classify/classifier';
import type { SamplingOptions, TokenSource } from '../../classify/token-source';
import { renderPolicyPrefix } from '../../harmony/render';
import type { HarmonyTokenizer } from '../../harmony/tokenizer';
import { PrefixCachedGenerator } from '../../engine/runtime/prefix-cached-generator';
import type { Model } from '../../engine/runtime/model';

export interface VerdictShape {
  /** Tokens of the rendered policy prefix (system + developer messages). */
  policyTokens: number;
  /** Tokens of the content (the user message's text). */
  contentTokens: number;
  reasoningTokens: number;
}

// The shortest JSON verdict: 6 tokens ({"|vi|olation|":|1|}), one more than the speed issue's 5.
const ANSWER = '{"violation":1}';
const FILLER = 'Spam is unsolicited bulk or deceptive promotion. The content repeats a link, offers prizes for clicks, and asks readers to forward it. ';
const DATE = '2026-11-23';

/** A TokenSource that runs the model step for step but hands the classifier a forced sequence of tokens. */
class ForcedAnswer implements TokenSource {
  private step = 0;
  private pick = 0;

  constructor(private readonly inner: PrefixCachedGenerator, private readonly forced: readonly number[]) {}

  get capacity() {
    return this.inner.capacity;
  }

  start(key: string, prefix: readonly number[], sampling: SamplingOptions, signal?: AbortSignal) {
    this.step = 0;
    return this.inner.start(key, prefix, sampling, signal);
  }

  async next(ids: readonly number[], signal?: AbortSignal) {
    // The content first, then the model's own pick fed back (what keeps the queued step valid).
    this.pick = await this.inner.next(this.step === 0 ? ids : [this.pick], signal);
    return this.forced[Math.min(this.step++, this.forced.length - 1)];
  }

  probability() {
    // The GPU returns the pick's probability with the pick (8 bytes per step): the cost is that of a real run.
    return this.inner.probability(this.pick);
  }

  settle() {
    return this.inner.settle();
  }

  dispose() {
    this.inner.dispose();
  }
}

/** Text whose encoding is exactly `tokens` long (cut from the filler, then checked). */
function textOfTokens(tokenizer: HarmonyTokenizer, tokens: number, salt = '') {
  let ids = tokenizer.encodeText((salt + FILLER.repeat(Math.ceil(tokens / 20) + 2))).slice(0, tokens);
  // Decoding and re-encoding a cut can merge across the cut: trim until it round-trips.
  while (tokenizer.encodeText(tokenizer.decode(ids)).length > tokens) ids = ids.slice(0, -1);
  return tokenizer.decode(ids);
}

/** Median time of `runs` verdicts with the policy cached (one uncounted run caches it first). */
export async function timeToVerdict(model: Model, tokenizer: HarmonyTokenizer, shape: VerdictShape, runs = 5) {
  const s = (name: Parameters<HarmonyTokenizer['special']>[0]) => tokenizer.special(name);
  const answer = tokenizer.encodeText(ANSWER);
  const forced = [
    s('<|channel|>'), ...tokenizer.encodeText('analysis'), s('<|message|>'), ...tokenizer.encodeText(textOfTokens(tokenizer, shape.reasoningTokens)),
    s('<|end|>'), s('<|start|>'), ...tokenizer.encodeText('assistant'), s('<|channel|>'), ...tokenizer.encodeText('final'), s('<|message|>'),
    ...answer, s('<|return|>'),
  ];
  const frame = renderPolicyPrefix(tokenizer, { policy: '', effort: 'low', date: DATE }).ids.length;
  const policy = textOfTokens(tokenizer, Math.max(1, shape.policyTokens - frame - 1));
  const classifier = new Classifier(new ForcedAnswer(new PrefixCachedGenerator(model), forced), tokenizer);
  const request = (i: number) => ({ policy, content: textOfTokens(tokenizer, shape.contentTokens, `Item ${i}. `), effort: 'low' as const, format: { kind: 'json' as const }, maxTokens: forced.length + 8, date: DATE });
  try {
    await classifier.classify(request(0));
    const results = [];
    for (let i = 1; i <= runs; i++) results.push(await classifier.classify(request(i)));
    const byTime = [...results].sort((a, b) => a.timings.totalMs - b.timings.totalMs);
    const median = byTime[byTime.length >> 1];
    if (median.verdict.violation !== 1 || !(median.probability! > 0)) throw new Error(`the forced answer did not parse: ${JSON.stringify(median.verdict)}`);
    const round = (v: number, d = 1) => +v.toFixed(d);
    return {
      seconds: round(median.timings.totalMs / 1000, 3),
      min_seconds: round(byTime[0].timings.totalMs / 1000, 3),
      content_prefill_ms: round(median.timings.prefillMs),
      decode_ms: round(median.timings.decodeMs),
      tokens: { policy_cached: median.tokens.policy, policy_prefilled: median.tokens.policyPrefilled, content: shape.contentTokens,
        content_message: median.tokens.content, generated: median.tokens.generated, reasoning: shape.reasoningTokens, answer: answer.length },
      verdict: median.verdict.label,
      label_probability: median.probability,
      runs,
    };
  } finally {
    classifier.dispose();
  }
}
