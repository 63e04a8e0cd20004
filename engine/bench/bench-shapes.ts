// Model shapes the benchmark can run with synthetic weights (gpt-oss-20b as published, and a tiny shape of the
// same architecture that any adapter, SwiftShader included, runs in seconds), its defaults and what a depth costs.
// No GPU code: the page reads it to fill its form, e2e tests to size a memory limit.
import { parseConfig } from '../model/config';
import { GPT_OSS_20B } from '../model/gpt-oss-20b';
import { DEFAULT_RUNTIME, planMemory, type RuntimeShape } from '../model/memory-plan';
import type { VerdictWork } from './measure-at';

export type RawConfig = typeof GPT_OSS_20B;

const TINY: RawConfig = {
  ...GPT_OSS_20B, hidden_size: 192, intermediate_size: 96, num_hidden_layers: 4, num_attention_heads: 8, num_key_value_heads: 2,
  num_local_experts: 8, vocab_size: 1024, eos_token_id: 1002, pad_token_id: 1001, sliding_window: 8, layer_types: ['sliding_attention', 'full_attention', 'sliding_attention', 'full_attention'],
};

export const BENCH_SHAPES = { 'gpt-oss-20b': GPT_OSS_20B, tiny: TINY } as const;
export type BenchShape = keyof typeof BENCH_SHAPES;

/** The same config with only its first `layers` layers (the layer types keep their sliding/full alternation). */
export function withLayers(raw: RawConfig, layers: number): RawConfig {
  return { ...raw, num_hidden_layers: layers, layer_types: raw.layer_types.slice(0, layers) };
}

/** What the benchmark page starts with: the verdict of the speed issue (600-token policy cached, 150-token
 *  content, 105 tokens of answer). */
export const DEFAULT_BENCH = {
  promptTokens: 1024,
  decodeTokens: 32,
  verdict: { policyTokens: 600, contentTokens: 150, generatedTokens: 105 },
};

export function benchRuntime(o: { promptTokens: number; decodeTokens: number; verdict: VerdictWork }): Partial<RuntimeShape> {
  const verdictTokens = o.verdict.policyTokens + o.verdict.contentTokens + o.verdict.generatedTokens;
  return { maxContext: Math.max(o.promptTokens + o.decodeTokens, verdictTokens) + 8, chunk: 128, logitRows: 1 };
}

/** GPU bytes the model takes with its first `layers` layers. */
export function layerBytes(raw: RawConfig, layers: number, runtime: Partial<RuntimeShape>): number {
  return planMemory(parseConfig(withLayers(raw, layers)), { ...DEFAULT_RUNTIME, ...runtime }).total;
}

/** Depths tried, deepest first: all layers, then halves kept even (sliding and full layers in equal numbers). */
export function depthCandidates(total: number): number[] {
  const out = [total];
  for (let l = total; l > 1; ) out.push((l = l > 2 ? Math.max(2, 2 * Math.floor(l / 4)) : l - 1));
  return out;
}
