// The benchmark page's settings as the form holds them (text fields), and their check into a request.
import { BENCH_SHAPES, DEFAULT_BENCH } from '../../backends/local-webgpu/bench-client';
import type { BenchRequest, BenchShape } from '../../backends/local-webgpu/bench-protocol';

export interface BenchForm {
  shape: BenchShape;
  prompt: string;
  decode: string;
  policy: string;
  content: string;
  generated: string;
  /** GPU memory the benchmark may use, in GB; empty = whatever the GPU has. */
  budgetGb: string;
}

export const SHAPE_LABELS: Record<BenchShape, string> = {
  'gpt-oss-20b': 'gpt-oss-safeguard-20b (24 layers, 13.8 GB of weights)',
  tiny: 'Tiny test shape (4 layers, a few MB: checks the page works)',
};

export const initialForm = (): BenchForm => ({
  shape: 'gpt-oss-20b',
  prompt: String(DEFAULT_BENCH.promptTokens),
  decode: String(DEFAULT_BENCH.decodeTokens),
  policy: String(DEFAULT_BENCH.verdict.policyTokens),
  content: String(DEFAULT_BENCH.verdict.contentTokens),
  generated: String(DEFAULT_BENCH.verdict.generatedTokens),
  budgetGb: '',
});

/** The request, or what is wrong with the form (one sentence per field). */
export function checkForm(f: BenchForm): { request: BenchRequest } | { problems: string[] } {
  const problems: string[] = [];
  const count = (text: string, what: string, min: number, max: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${what} must be a whole number from ${min} to ${max.toLocaleString('en')} (got "${text}").`);
    return n;
  };
  const promptTokens = count(f.prompt, 'Prompt tokens', 2, 32_768);
  const decodeTokens = count(f.decode, 'Decode tokens', 1, 1024);
  const policyTokens = count(f.policy, 'Policy tokens', 1, 16_384);
  const contentTokens = count(f.content, 'Content tokens', 1, 16_384);
  const generatedTokens = count(f.generated, 'Answer tokens', 1, 4096);
  let memoryBudget: number | undefined;
  if (f.budgetGb.trim()) {
    const gb = Number(f.budgetGb);
    if (!(gb > 0)) problems.push(`The memory limit must be a number of GB above 0, or empty for no limit (got "${f.budgetGb}").`);
    memoryBudget = gb * 1e9;
  }
  if (!(f.shape in BENCH_SHAPES)) problems.push(`Unknown model shape "${f.shape}".`);
  if (problems.length) return { problems };
  return { request: { shape: f.shape, promptTokens, decodeTokens, verdict: { policyTokens, contentTokens, generatedTokens }, memoryBudget } };
}
