// The checkpoint tensors a gpt-oss model needs, with the shapes and dtypes config.json implies
// (Hugging Face names; Linear weights are [out, in]; MXFP4 blocks are [experts, rows, in/32, 16]).
import type { GptOssConfig } from './config';

export type TensorDtype = 'BF16' | 'U8';

export interface TensorSpec {
  name: string;
  dtype: TensorDtype;
  shape: number[];
}

export const layerPrefix = (layer: number) => `model.layers.${layer}.`;

export function layerTensorSpecs(c: GptOssConfig, layer: number): TensorSpec[] {
  const p = layerPrefix(layer);
  const H = c.hiddenSize;
  const q = c.numHeads * c.headDim;
  const kv = c.numKvHeads * c.headDim;
  const E = c.numExperts;
  const I = c.intermediateSize;
  const bf = (name: string, ...shape: number[]): TensorSpec => ({ name: p + name, dtype: 'BF16', shape });
  const u8 = (name: string, ...shape: number[]): TensorSpec => ({ name: p + name, dtype: 'U8', shape });
  return [
    bf('input_layernorm.weight', H),
    bf('self_attn.q_proj.weight', q, H),
    bf('self_attn.q_proj.bias', q),
    bf('self_attn.k_proj.weight', kv, H),
    bf('self_attn.k_proj.bias', kv),
    bf('self_attn.v_proj.weight', kv, H),
    bf('self_attn.v_proj.bias', kv),
    bf('self_attn.o_proj.weight', H, q),
    bf('self_attn.o_proj.bias', H),
    bf('self_attn.sinks', c.numHeads),
    bf('post_attention_layernorm.weight', H),
    bf('mlp.router.weight', E, H),
    bf('mlp.router.bias', E),
    u8('mlp.experts.gate_up_proj_blocks', E, 2 * I, H / 32, 16),
    u8('mlp.experts.gate_up_proj_scales', E, 2 * I, H / 32),
    bf('mlp.experts.gate_up_proj_bias', E, 2 * I),
    u8('mlp.experts.down_proj_blocks', E, H, I / 32, 16),
    u8('mlp.experts.down_proj_scales', E, H, I / 32),
    bf('mlp.experts.down_proj_bias', E, H),
  ];
}

export function globalTensorSpecs(c: GptOssConfig): TensorSpec[] {
  return [
    { name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [c.vocabSize, c.hiddenSize] },
    { name: 'model.norm.weight', dtype: 'BF16', shape: [c.hiddenSize] },
    { name: 'lm_head.weight', dtype: 'BF16', shape: [c.vocabSize, c.hiddenSize] },
  ];
}

export function allTensorSpecs(c: GptOssConfig): TensorSpec[] {
  const specs = globalTensorSpecs(c);
  for (let l = 0; l < c.numLayers; l++) specs.push(...layerTensorSpecs(c, l));
  return specs;
}

export const DTYPE_BYTES: Record<TensorDtype, number> = { BF16: 2, U8: 1 };

export const tensorBytes = (s: { dtype: TensorDtype; shape: number[] }) => s.shape.reduce((a, b) => a * b, DTYPE_BYTES[s.dtype]);
