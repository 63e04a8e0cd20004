// gpt-oss config.json (Hugging Face format) → a validated, normalised config. Every shape the engine uses
// comes from here; nothing is hard-coded to gpt-oss-20b. Unsupported values are refused by field name.
import { ModelConfigError } from '../../common/errors';

export interface YarnRope {
  theta: number;
  factor: number;
  betaFast: number;
  betaSlow: number;
  originalContext: number;
  truncate: boolean;
}

export interface GptOssConfig {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  numExperts: number;
  expertsPerToken: number;
  intermediateSize: number;
  vocabSize: number;
  slidingWindow: number;
  /** true where the layer uses the sliding window. */
  slidingLayers: boolean[];
  rope: YarnRope;
  rmsNormEps: number;
  swigluLimit: number;
  maxPositions: number;
  eosTokenIds: number[];
}

type Json = Record<string, unknown>;

function fail(field: string, value: unknown, why: string): never {
  throw new ModelConfigError(`config.json: "${field}" = ${JSON.stringify(value)}: ${why}`);
}

function positiveInt(raw: Json, field: string, max = 1 << 30): number {
  const v = raw[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > max) fail(field, v, `must be a positive integer ≤ ${max}`);
  return v;
}

function positiveNumber(raw: Json, field: string, fallback?: number): number {
  const v = raw[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(field, v, 'must be a positive number');
  return v;
}

export function parseConfig(raw: unknown): GptOssConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ModelConfigError('config.json must be a JSON object.');
  }
  const c = raw as Json;
  if (c.model_type !== 'gpt_oss') fail('model_type', c.model_type, 'only "gpt_oss" is supported');

  const hiddenSize = positiveInt(c, 'hidden_size');
  const numLayers = positiveInt(c, 'num_hidden_layers', 1024);
  const numHeads = positiveInt(c, 'num_attention_heads', 1024);
  const numKvHeads = positiveInt(c, 'num_key_value_heads', 1024);
  const headDim = positiveInt(c, 'head_dim', 256);
  const numExperts = positiveInt(c, 'num_local_experts', 1024);
  const expertsPerToken = positiveInt(c, c.num_experts_per_tok !== undefined ? 'num_experts_per_tok' : 'experts_per_token', 64);
  const intermediateSize = positiveInt(c, 'intermediate_size');
  const vocabSize = positiveInt(c, 'vocab_size');
  const slidingWindow = positiveInt(c, 'sliding_window', 1 << 20);

  // MXFP4 packs 32 inputs per scale; the bf16 kernels read 8 values per 16-byte load.
  if (hiddenSize % 32 !== 0) fail('hidden_size', hiddenSize, 'must be a multiple of 32 (MXFP4 block size)');
  if (intermediateSize % 32 !== 0) fail('intermediate_size', intermediateSize, 'must be a multiple of 32 (MXFP4 block size)');
  if (headDim % 8 !== 0) fail('head_dim', headDim, 'must be a multiple of 8');
  if (numHeads % numKvHeads !== 0) fail('num_attention_heads', numHeads, `must be a multiple of num_key_value_heads (${numKvHeads})`);
  if (expertsPerToken > numExperts) fail('num_experts_per_tok', expertsPerToken, `must be ≤ num_local_experts (${numExperts})`);
  if (c.attention_bias === false) fail('attention_bias', c.attention_bias, 'gpt-oss attention has biases');
  if (c.tie_word_embeddings === true) fail('tie_word_embeddings', true, 'gpt-oss has a separate lm_head');

  const layerTypes = c.layer_types ?? Array.from({ length: numLayers }, (_, i) => (i % 2 === 0 ? 'sliding_attention' : 'full_attention'));
  if (!Array.isArray(layerTypes) || layerTypes.length !== numLayers) {
    fail('layer_types', layerTypes, `must list one type per layer (${numLayers})`);
  }
  const slidingLayers = layerTypes.map((t, i) => {
    if (t !== 'sliding_attention' && t !== 'full_attention') fail(`layer_types[${i}]`, t, 'must be "sliding_attention" or "full_attention"');
    return t === 'sliding_attention';
  });

  const rs = (c.rope_scaling ?? null) as Json | null;
  if (!rs || typeof rs !== 'object') fail('rope_scaling', rs, 'gpt-oss needs YaRN rope_scaling');
  const ropeType = rs.rope_type ?? rs.type;
  if (ropeType !== 'yarn') fail('rope_scaling.rope_type', ropeType, 'only "yarn" is supported');
  const originalContext = rs.original_max_position_embeddings ?? c.initial_context_length;
  if (typeof originalContext !== 'number' || originalContext <= 0) fail('rope_scaling.original_max_position_embeddings', originalContext, 'must be a positive number');
  if (rs.attention_factor !== undefined && rs.attention_factor !== null) {
    fail('rope_scaling.attention_factor', rs.attention_factor, 'an explicit attention factor is not supported (gpt-oss derives it from factor)');
  }
  const rope: YarnRope = {
    theta: positiveNumber({ t: rs.rope_theta ?? c.rope_theta }, 't'),
    factor: positiveNumber(rs, 'factor'),
    betaFast: positiveNumber(rs, 'beta_fast', 32),
    betaSlow: positiveNumber(rs, 'beta_slow', 1),
    originalContext,
    truncate: rs.truncate === true,
  };

  const eos = c.eos_token_id;
  const eosTokenIds = (Array.isArray(eos) ? eos : eos === undefined ? [] : [eos]).map((id, i) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= vocabSize) fail(`eos_token_id[${i}]`, id, `must be a token id < vocab_size (${vocabSize})`);
    return id;
  });

  const quant = c.quantization_config as Json | undefined;
  if (quant && quant.quant_method !== 'mxfp4') fail('quantization_config.quant_method', quant.quant_method, 'only "mxfp4" experts are supported');

  return {
    hiddenSize,
    numLayers,
    numHeads,
    numKvHeads,
    headDim,
    numExperts,
    expertsPerToken,
    intermediateSize,
    vocabSize,
    slidingWindow,
    slidingLayers,
    rope,
    rmsNormEps: positiveNumber(c, 'rms_norm_eps', 1e-5),
    swigluLimit: positiveNumber(c, 'swiglu_limit', 7),
    maxPositions: positiveInt(c, 'max_position_embeddings', 1 << 24),
    eosTokenIds,
  };
}
