import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../../testing/fixtures';
import { parseConfig } from './config';
import { DEFAULT_RUNTIME, planMemory } from './memory-plan';
import { yarnConcentration, yarnInverseFrequencies } from './rope';
import { GPT_OSS_20B } from './gpt-oss-20b';

describe('parseConfig', () => {
  it('reads gpt-oss-20b', () => {
    const c = parseConfig(GPT_OSS_20B);
    expect(c).toMatchObject({ hiddenSize: 2880, numLayers: 24, numHeads: 64, numKvHeads: 8, headDim: 64, numExperts: 32, expertsPerToken: 4, vocabSize: 201088, slidingWindow: 128 });
    expect(c.slidingLayers.filter(Boolean)).toHaveLength(12);
    expect(c.slidingLayers[0]).toBe(true);
    expect(c.rope).toEqual({ theta: 150000, factor: 32, betaFast: 32, betaSlow: 1, originalContext: 4096, truncate: false });
  });

  it('reads both fixtures (other shapes)', () => {
    for (const name of ['tiny-gpt-oss', 'gqa8-window16'] as const) {
      const raw = JSON.parse(readFileSync(path.join(fixtureDir(name), 'config.json'), 'utf8'));
      expect(parseConfig(raw).hiddenSize).toBe(raw.hidden_size);
    }
  });

  it.each([
    [{ model_type: 'llama' }, /"model_type" = "llama"/],
    [{ hidden_size: 2881 }, /"hidden_size" = 2881: must be a multiple of 32/],
    [{ num_key_value_heads: 7 }, /"num_attention_heads" = 64: must be a multiple of num_key_value_heads \(7\)/],
    [{ num_experts_per_tok: 40 }, /"num_experts_per_tok" = 40/],
    [{ layer_types: ['sliding_attention'] }, /"layer_types"/],
    [{ rope_scaling: { rope_type: 'linear', factor: 2 } }, /"rope_scaling.rope_type" = "linear"/],
    [{ head_dim: -1 }, /"head_dim" = -1: must be a positive integer/],
    [{ quantization_config: { quant_method: 'gptq' } }, /"quantization_config.quant_method" = "gptq"/],
    [{ eos_token_id: 999999 }, /"eos_token_id\[0\]" = 999999/],
  ])('refuses %j naming the field and value', (patch, message) => {
    expect(() => parseConfig({ ...GPT_OSS_20B, ...patch })).toThrow(message);
  });
});

describe('YaRN RoPE', () => {
  it('matches the reference inverse frequencies (no rounding of the correction range)', () => {
    const inv = yarnInverseFrequencies(parseConfig(GPT_OSS_20B).rope, 64);
    // Values from the gpt-oss reference formula (float64), see docs: dims 0, 9, 12, 17, 31.
    expect(inv[0]).toBeCloseTo(1.0, 12);
    expect(inv[9] / 3.170569618e-2).toBeCloseTo(1, 8);
    expect(inv[12] / 6.79495949e-3).toBeCloseTo(1, 8);
    expect(inv[17] / 1.293187012e-4).toBeCloseTo(1, 8);
    expect(inv[31] / 3.023511428e-7).toBeCloseTo(1, 8);
    expect(yarnConcentration(parseConfig(GPT_OSS_20B).rope)).toBeCloseTo(1.3465735902799727, 12);
  });
});

describe('memory plan', () => {
  it('gpt-oss-20b with 8,192 tokens of context fits in 14.5 GB', () => {
    const plan = planMemory(parseConfig(GPT_OSS_20B), { ...DEFAULT_RUNTIME, maxContext: 8192 });
    expect(plan.weights).toBe(13_761_264_768); // the published checkpoint size
    expect(plan.kvCache).toBeGreaterThan(12 * 2 * 8192 * 8 * 64 * 4 - 1); // full layers hold every position
    expect(plan.total).toBeLessThanOrEqual(14.5e9);
    console.log(`gpt-oss-20b memory plan @8192: ${JSON.stringify(plan)}`);
  });
});
