// A "scripted" gpt-oss checkpoint: real layout, full 201,088-token vocabulary, one layer, hidden size 32, whose
// greedy output for ANY harmony prompt is a fixed, well-formed answer:
//   <|channel|>analysis<|message|>{reasoning}<|end|><|start|>assistant<|channel|>final<|message|>{answer}<|return|>
// so app tests can check a known verdict and label probability end to end. Generated deterministically, never
// committed.
//
// How it works (a hand-built bigram model plus one attention feature):
// - Hidden dims: 0 = constant 1 in every embedding, 1 = "phase" (written by attention), 2 = any token not in the
//   script, 3.. = one dim per token the script continues from. Every embedding has exactly two ones, so RMSNorm
//   with weight sqrt(2/hidden) gives back exactly those ones.
// - lm_head row of token j has weight G on the dim of every token the script follows with j: a bigram table.
// - `<|channel|>` and `<|message|>` occur twice with different successors (analysis/final, reasoning/answer).
//   The attention head counts how many `<|channel|>` tokens the context holds (a special token that user text can
//   never produce, so this holds for any prompt): its query/key put the channel score in the lowest-frequency
//   RoPE pair (rotation negligible at these lengths), other tokens score far below, and the sink scores like one
//   channel token, so phase = n/(n+1)·ε: about 0.52ε during the reasoning, 0.68ε in the final message. The
//   successor rows read the phase dim against a threshold carried on the constant dim.
// - The verdict token gets a competitor whose logit is lower by COMPETITOR_MARGIN, so the label probability the
//   classifier reports must come out as sigmoid(margin) = 0.818, not 1.
// - Experts are all-zero MXFP4 blocks with zero biases: the MLP adds nothing.
import { parseConfig } from '../engine/model/config';
import { allTensorSpecs, tensorBytes } from '../engine/model/tensors';
import type { HarmonyTokenizer } from '../harmony/tokenizer';
import type { RawTensor } from '../engine/weights/write-safetensors';
import { FULL_VOCAB } from './random-model';

export interface Script {
  /** Text of the analysis message. */
  reasoning: string;
  /** Text of the final message. */
  answer: string;
  /** Where in `answer` the verdict value is written (the competitor fights the token that starts there). */
  valueAt: number;
  /** A plain-text token the model considers instead of the verdict value. */
  competitor: string;
}

export const DEFAULT_SCRIPT: Script = {
  reasoning: 'Scripted test model: content flagged by design.',
  answer: '1',
  valueAt: 0,
  competitor: '0',
};

const HIDDEN = 32;
const HEAD_DIM = 32;
const G = 64; // bigram logit scale
export const COMPETITOR_MARGIN = 1.5; // logits between the verdict token and its competitor
/** Probability the scripted model gives its verdict token: sigmoid(COMPETITOR_MARGIN). */
export const SCRIPTED_VERDICT_PROBABILITY = 1 / (1 + Math.exp(-COMPETITOR_MARGIN));
const EPS = 0.0625; // o_proj gain into the phase dim (small so it barely moves the final RMSNorm)
const PHASE_GAIN = 1200; // lm_head weight on the phase dim: ±2·PHASE_GAIN·ε·0.08 ≈ ±12 logits between phases
const THRESHOLD = 0.6; // channel attention share between one (0.52) and two (0.68) channel tokens
const Q = 8;
const K = 9; // channel score = Q·K·concentration²/sqrt(head_dim) ≈ 23.08
const SINK = 23;

export function scriptedModelConfig() {
  return {
    architectures: ['GptOssForCausalLM'], model_type: 'gpt_oss', hidden_size: HIDDEN, intermediate_size: 32, num_hidden_layers: 1,
    num_attention_heads: 1, num_key_value_heads: 1, head_dim: HEAD_DIM, num_local_experts: 4, num_experts_per_tok: 2,
    vocab_size: FULL_VOCAB, sliding_window: 128, layer_types: ['full_attention'],
    max_position_embeddings: 131072, initial_context_length: 4096, rope_theta: 150000,
    rope_scaling: { rope_type: 'yarn', factor: 32, beta_fast: 32, beta_slow: 1, original_max_position_embeddings: 4096, truncate: false },
    rms_norm_eps: 1e-5, swiglu_limit: 7, attention_bias: true, tie_word_embeddings: false, eos_token_id: [200002, 199999, 200012],
    quantization_config: { quant_method: 'mxfp4' },
  };
}

/** The token ids the scripted model writes after `<|start|>assistant`, ending with `<|return|>`. */
export function scriptedOutput(tokenizer: HarmonyTokenizer, script: Script = DEFAULT_SCRIPT) {
  const s = (name: Parameters<HarmonyTokenizer['special']>[0]) => tokenizer.special(name);
  const analysis = tokenizer.encodeText('analysis');
  const final = tokenizer.encodeText('final');
  const assistant = tokenizer.encodeText('assistant');
  const reasoning = tokenizer.encodeText(script.reasoning);
  const answerHead = tokenizer.encodeText(script.answer.slice(0, script.valueAt));
  const answerTail = tokenizer.encodeText(script.answer.slice(script.valueAt));
  const ids = [
    s('<|channel|>'), ...analysis, s('<|message|>'), ...reasoning, s('<|end|>'), s('<|start|>'), ...assistant,
    s('<|channel|>'), ...final, s('<|message|>'), ...answerHead, ...answerTail, s('<|return|>'),
  ];
  return { ids, valueIndex: ids.length - 1 - answerTail.length, assistant };
}

/** Builds every tensor of the scripted checkpoint (bf16/MXFP4 bytes in Hugging Face layout). */
export function scriptedTensors(tokenizer: HarmonyTokenizer, script: Script = DEFAULT_SCRIPT): RawTensor[] {
  const { ids, valueIndex, assistant } = scriptedOutput(tokenizer, script);
  const channel = tokenizer.special('<|channel|>');
  const message = tokenizer.special('<|message|>');
  const competitor = tokenizer.encodeText(script.competitor);
  if (competitor.length !== 1 || ids.includes(competitor[0])) throw new Error(`competitor "${script.competitor}" must be one token not used by the script`);

  // The generation prompt ends with "<|start|>assistant": that token continues into the script too.
  const sequence = [assistant[assistant.length - 1], ...ids];
  const dimOf = new Map<number, number>();
  const successors = new Map<number, number[]>();
  for (let i = 0; i + 1 < sequence.length; i++) {
    const from = sequence[i];
    if (!dimOf.has(from)) dimOf.set(from, 3 + dimOf.size);
    const list = successors.get(from) ?? [];
    list.push(sequence[i + 1]);
    successors.set(from, list);
  }
  if (3 + dimOf.size > HIDDEN) throw new Error(`the script uses ${dimOf.size} distinct tokens; at most ${HIDDEN - 3} fit`);
  for (const [from, next] of successors) {
    const phased = from === channel || from === message;
    if (next.length !== (phased ? 2 : 1) && new Set(next).size !== 1) {
      throw new Error(`script token ${from} is followed by ${next.join(', ')}: only <|channel|> and <|message|> may have two successors`);
    }
  }

  const config = parseConfig(scriptedModelConfig());
  const f32 = new Map<string, Float32Array>();
  const tensors: RawTensor[] = [];
  for (const spec of allTensorSpecs(config)) {
    const data = new Uint8Array(tensorBytes(spec));
    if (spec.name.endsWith('_scales')) data.fill(127); // 2^0; blocks stay 0 → zero experts
    tensors.push({ name: spec.name, dtype: spec.dtype, shape: spec.shape, data });
    if (spec.dtype === 'BF16') f32.set(spec.name, new Float32Array(data.length / 2));
  }
  const at = (name: string) => f32.get(name)!;
  const L = 'model.layers.0.';

  const embed = at('model.embed_tokens.weight');
  for (let t = 0; t < FULL_VOCAB; t++) {
    embed[t * HIDDEN] = 1;
    embed[t * HIDDEN + (dimOf.get(t) ?? 2)] = 1;
  }
  at(L + 'input_layernorm.weight').fill(Math.sqrt(2 / HIDDEN));
  at(L + 'post_attention_layernorm.weight').fill(1);
  at('model.norm.weight').fill(Math.sqrt(2 / HIDDEN));

  // Attention: query and key in the lowest-frequency RoPE pair (dims 15/31 of the half-split layout).
  const pair = HEAD_DIM / 2 - 1;
  at(L + 'self_attn.q_proj.bias')[pair] = Q;
  at(L + 'self_attn.k_proj.weight')[pair * HIDDEN + dimOf.get(channel)!] = 2 * K;
  at(L + 'self_attn.k_proj.bias')[pair] = -K;
  at(L + 'self_attn.v_proj.weight')[0 * HIDDEN + dimOf.get(channel)!] = 1;
  at(L + 'self_attn.o_proj.weight')[1 * HEAD_DIM + 0] = EPS;
  at(L + 'self_attn.sinks')[0] = SINK;

  // lm_head: the bigram table, phase-dependent for the two repeated tokens.
  const head = at('lm_head.weight');
  const add = (token: number, dim: number, value: number) => (head[token * HIDDEN + dim] += value);
  for (const [from, next] of successors) {
    const dim = dimOf.get(from)!;
    if (new Set(next).size === 1) {
      add(next[0], dim, G);
      continue;
    }
    const [inAnalysis, inFinal] = next;
    add(inAnalysis, dim, G);
    add(inAnalysis, 1, -PHASE_GAIN);
    add(inAnalysis, 0, PHASE_GAIN * EPS * THRESHOLD);
    add(inFinal, dim, G);
    add(inFinal, 1, PHASE_GAIN);
    add(inFinal, 0, -PHASE_GAIN * EPS * THRESHOLD);
  }
  // The competitor copies the verdict token's row where it is written, lowered by the margin.
  const value = ids[valueIndex];
  const before = dimOf.get(sequence[valueIndex])!; // sequence is ids shifted by one
  for (let d = 0; d < HIDDEN; d++) head[competitor[0] * HIDDEN + d] = d === before || d <= 1 ? head[value * HIDDEN + d] : 0;
  head[competitor[0] * HIDDEN + before] -= COMPETITOR_MARGIN;

  for (const t of tensors) {
    const values = f32.get(t.name);
    if (values) toBf16(values, t.data);
  }
  return tensors;
}

function toBf16(values: Float32Array, out: Uint8Array) {
  const words = new Uint16Array(out.buffer, out.byteOffset, values.length);
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < values.length; i++) words[i] = (bits[i] + 0x7fff + ((bits[i] >>> 16) & 1)) >>> 16; // round to nearest even
}
