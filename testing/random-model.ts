// A random gpt-oss checkpoint with the full o200k_harmony vocabulary (201,088 rows), small everywhere else:
// real prompts can be fed to it. Generated deterministically into a folder; never committed.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { parseConfig } from '../engine/model/config';
import { allTensorSpecs, tensorBytes } from '../engine/model/tensors';
import { encodeSafetensors, type RawTensor } from '../engine/weights/write-safetensors';

export const FULL_VOCAB = 201088;

export function randomModelConfig(layers = 2) {
  return {
    architectures: ['GptOssForCausalLM'], model_type: 'gpt_oss', hidden_size: 64, intermediate_size: 64, num_hidden_layers: layers,
    num_attention_heads: 2, num_key_value_heads: 1, head_dim: 32, num_local_experts: 4, num_experts_per_tok: 2,
    vocab_size: FULL_VOCAB, sliding_window: 8, layer_types: Array.from({ length: layers }, (_, i) => (i % 2 ? 'full_attention' : 'sliding_attention')),
    max_position_embeddings: 131072, initial_context_length: 4096, rope_theta: 150000,
    rope_scaling: { rope_type: 'yarn', factor: 32, beta_fast: 32, beta_slow: 1, original_max_position_embeddings: 4096, truncate: false },
    rms_norm_eps: 1e-5, swiglu_limit: 7, attention_bias: true, tie_word_embeddings: false, eos_token_id: [200002, 199999, 200012],
    quantization_config: { quant_method: 'mxfp4' },
  };
}

/** Uniform bf16 values in [-scale, scale] (or around 1 for norms), and random MXFP4 bytes with sane scales. */
export function randomTensors(rawConfig: ReturnType<typeof randomModelConfig>, seed: number): RawTensor[] {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  return allTensorSpecs(parseConfig(rawConfig)).map((spec) => {
    const data = new Uint8Array(tensorBytes(spec));
    if (spec.dtype === 'U8') {
      const isScale = spec.name.endsWith('_scales');
      for (let i = 0; i < data.length; i++) data[i] = isScale ? 120 + (next() % 4) : next() >>> 24;
    } else {
      const norm = spec.name.endsWith('norm.weight');
      const f = new Float32Array(1);
      const u = new Uint32Array(f.buffer);
      const words = new Uint16Array(data.buffer);
      for (let i = 0; i < words.length; i++) {
        f[0] = (norm ? 1 : 0) + ((next() / 2 ** 32) * 2 - 1) * (norm ? 0.1 : 0.5);
        words[i] = u[0] >>> 16;
      }
    }
    return { name: spec.name, dtype: spec.dtype, shape: spec.shape, data };
  });
}

/** Writes config.json and the tensors, as one model.safetensors or as `shards` files plus the index (HF layout). */
export async function writeModel(dir: string, config: object, tensors: RawTensor[], shards = 1) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  if (shards === 1) return writeSafetensors(path.join(dir, 'model.safetensors'), tensors);
  const weightMap: Record<string, string> = {};
  const per = Math.ceil(tensors.length / shards);
  for (let s = 0; s < shards; s++) {
    const file = `model-${String(s).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
    const part = tensors.slice(s * per, (s + 1) * per);
    for (const t of part) weightMap[t.name] = file;
    await writeSafetensors(path.join(dir, file), part);
  }
  const totalSize = tensors.reduce((n, t) => n + t.data.length, 0);
  await writeFile(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: totalSize }, weight_map: weightMap }, null, 2));
}

async function writeSafetensors(file: string, tensors: RawTensor[]) {
  const out = createWriteStream(file);
  for (const chunk of encodeSafetensors(tensors)) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}
