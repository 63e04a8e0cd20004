// The gpt-oss forward schedule: which kernel runs on which buffers, in order. Built once per Sequence (bind
// groups reference its activations and KV cache); encoding a pass only picks grids for the token count.
//   x = embed(ids)
//   per layer: h = norm(x); q,k,v = h·W + b; rope(q,k) → cache; a = attn(q, cache, sinks); x += a·Wo + bo
//              h = norm(x); top-k(h·Wr + br); x += Σ w_k · down_k(swiglu(gate_up_k(h)))
//   logits = norm(x) · lm_head
import { bindNamed, type Grid, type Kernel } from '../gpu/kernel-spec';
import { matvecLanes } from '../kernels/linear-matvec';
import type { GptOssConfig } from '../model/config';
import { DECODE_MAX_TOKENS, type RuntimeShape, type scratchSizes } from '../model/memory-plan';
import { layerPrefix } from '../model/tensors';
import type { GpuTensor, TensorPart } from '../weights/gpu-tensor';
import type { Linear, ModelKernels } from './kernel-set';

/** Token rows a dispatch covers: all tokens of the pass, or only those whose logits are wanted. */
export type Rows = 'tokens' | 'logits';

export interface Dispatch {
  /** The kernel for `n` rows (linear layers switch from matrix-vector to tiled). */
  kernel(n: number): Kernel;
  bindGroup: GPUBindGroup;
  rows: Rows;
  /** Workgroups for `tokens` tokens at positions from `pos0`, `logitRows` of which produce logits. */
  grid(tokens: number, logitRows: number, pos0: number): Grid;
  /** Runs only when this holds for the pass's token count (e.g. grouped MoE for many tokens). */
  when?: (tokens: number) => boolean;
}

/** What the plan reads from the loaded model (weights, kernels, tables): implemented by Model. */
export interface PlanWeights {
  readonly device: GPUDevice;
  readonly config: GptOssConfig;
  readonly shape: RuntimeShape;
  readonly kernels: ModelKernels;
  readonly rope: GPUBuffer;
  /** Bound where a kernel declares a binding the model does not use (lm_head has no bias). */
  readonly empty: GPUBuffer;
  tensor(name: string): GpuTensor;
  whole(name: string): GPUBuffer;
  partUniform(part: TensorPart): GPUBuffer;
}

export type Scratch = Record<keyof ReturnType<typeof scratchSizes>, GPUBuffer>;

export interface LayerCache {
  k: GPUBuffer;
  v: GPUBuffer;
  /** Uniform {capacity, window}. */
  params: GPUBuffer;
}

/** A run's own GPU state: the step uniform, activations and KV cache (owned by a Sequence). */
export interface RunBuffers {
  step: GPUBuffer;
  scratch: Scratch;
  caches: LayerCache[];
}

export interface ForwardPlan {
  embed: Dispatch[];
  layers: Dispatch[][];
  /** Final RMSNorm (into the `h` scratch buffer). */
  finalNorm: Dispatch[];
  lmHead: Dispatch[];
}

/** From this many tokens the MoE groups tokens by expert (each expert's weights read once per 16 tokens). */
export const GROUPED_MOE_MIN_TOKENS = 32;
const grouped = (T: number) => T >= GROUPED_MOE_MIN_TOKENS;
const perToken = (T: number) => T < GROUPED_MOE_MIN_TOKENS;
const decode = (T: number) => T <= DECODE_MAX_TOKENS;
const prefill = (T: number) => T > DECODE_MAX_TOKENS;

/** Up to DECODE_MAX_TOKENS rows a linear layer uses the matrix-vector kernel; above, the tiled one. */
export function pickLinearKernel(linear: Linear, rows: number): Kernel {
  return rows <= DECODE_MAX_TOKENS ? linear.matvec : linear.tiled;
}

export function buildForwardPlan(model: PlanWeights, run: RunBuffers): ForwardPlan {
  const { device, config: c, kernels: K, shape } = model;
  const { step, scratch: s, caches } = run;
  const one = <Spec extends Kernel['spec']>(kernel: Kernel<Spec>, buffers: Parameters<typeof bindNamed<Spec>>[2], grid: Dispatch['grid'], when?: Dispatch['when']): Dispatch => ({
    kernel: () => kernel as unknown as Kernel,
    bindGroup: bindNamed(device, kernel, buffers),
    rows: 'tokens',
    grid,
    when,
  });
  const linear = (lin: Linear, weight: string, bias: GPUBuffer, x: GPUBuffer, y: GPUBuffer, rows: Rows = 'tokens'): Dispatch[] =>
    model.tensor(weight).parts.map((part) => ({
      kernel: (n) => pickLinearKernel(lin, n),
      // Matrix-vector and tiled kernels declare the same bindings: one bind group serves both.
      bindGroup: bindNamed(device, lin.matvec, { step, part: model.partUniform(part), x, w: part.buffer, bias, y }),
      rows,
      grid: (tokens, logitRows) => {
        const n = rows === 'tokens' ? tokens : logitRows;
        return decode(n) ? lin.matvec.spec.grid({ rows: part.count, lanes: matvecLanes(lin.params.K) }) : lin.tiled.spec.grid({ rows: part.count, tokens: n });
      },
    }));

  const embed = model.tensor('model.embed_tokens.weight').parts.map((part) =>
    one(K.embed, { step, part: model.partUniform(part), ids: s.ids, table: part.buffer, x: s.x }, (T) => K.embed.spec.grid({ hidden: c.hiddenSize, tokens: T })),
  );
  const heads = { headsQ: c.numHeads, headsKv: c.numKvHeads, headDim: c.headDim };
  const experts = { hidden: c.hiddenSize, intermediate: c.intermediateSize };

  const layers: Dispatch[][] = [];
  for (let l = 0; l < c.numLayers; l++) {
    const p = layerPrefix(l);
    const w = (name: string) => model.whole(p + name);
    const cache = caches[l];
    const layer = cache.params;
    const attend = { step, layer, q: s.q, kCache: cache.k, vCache: cache.v, sinks: w('self_attn.sinks'), out: s.attn, partials: s.attentionPartials };
    const gateUp = model.tensor(p + 'mlp.experts.gate_up_proj_blocks');
    const gateUpScales = model.tensor(p + 'mlp.experts.gate_up_proj_scales');
    const down = model.tensor(p + 'mlp.experts.down_proj_blocks');
    const downScales = model.tensor(p + 'mlp.experts.down_proj_scales');
    const slots = (T: number) => T * c.expertsPerToken;
    layers.push([
      one(K.rmsnorm, { step, x: s.x, weight: w('input_layernorm.weight'), y: s.h }, (T) => K.rmsnorm.spec.grid({ tokens: T })),
      ...linear(K.q, p + 'self_attn.q_proj.weight', w('self_attn.q_proj.bias'), s.h, s.q),
      ...linear(K.kv, p + 'self_attn.k_proj.weight', w('self_attn.k_proj.bias'), s.h, s.k),
      ...linear(K.kv, p + 'self_attn.v_proj.weight', w('self_attn.v_proj.bias'), s.h, s.v),
      one(K.ropeKv, { step, layer, rope: model.rope, q: s.q, k: s.k, v: s.v, kCache: cache.k, vCache: cache.v }, (T) => K.ropeKv.spec.grid({ ...heads, tokens: T })),
      // Prefill: one workgroup per (head, token). Decode: the keys split over workgroups, then combined.
      one(K.attention, attend, (T) => K.attention.spec.grid({ headsQ: c.numHeads, tokens: T }), prefill),
      one(K.attentionSplit, attend, (T, _rows, pos0) => {
        const keys = c.slidingLayers[l] ? Math.min(c.slidingWindow, pos0 + T) : pos0 + T;
        return K.attentionSplit.spec.grid({ headsQ: c.numHeads, tokens: T, keys, splitKeys: shape.attentionSplitKeys });
      }, decode),
      one(K.attentionCombine, { step, layer, partials: s.attentionPartials, sinks: w('self_attn.sinks'), out: s.attn }, (T) => K.attentionCombine.spec.grid({ headsQ: c.numHeads, tokens: T }), decode),
      ...linear(K.o, p + 'self_attn.o_proj.weight', w('self_attn.o_proj.bias'), s.attn, s.x),
      one(K.rmsnorm, { step, x: s.x, weight: w('post_attention_layernorm.weight'), y: s.h }, (T) => K.rmsnorm.spec.grid({ tokens: T })),
      ...linear(K.router, p + 'mlp.router.weight', w('mlp.router.bias'), s.h, s.routerLogits),
      one(K.topk, { step, logits: s.routerLogits, chosen: s.chosen, weights: s.weights }, (T) => K.topk.spec.grid({ tokens: T })),
      // Few tokens: per (token, expert) kernels.
      ...gateUp.parts.map((part, i) =>
        one(K.gateUp, {
          step, part: model.partUniform(part), x: s.h, chosen: s.chosen, blocks: part.buffer, scales: gateUpScales.parts[i].buffer,
          bias: w('mlp.experts.gate_up_proj_bias'), act: s.act,
        }, (T) => K.gateUp.spec.grid({ intermediate: c.intermediateSize, slots: slots(T) }), perToken),
      ),
      ...down.parts.map((part, i) =>
        one(K.down, {
          step, part: model.partUniform(part), act: s.act, chosen: s.chosen, weights: s.weights, blocks: part.buffer, scales: downScales.parts[i].buffer,
          bias: w('mlp.experts.down_proj_bias'), x: s.x,
        }, (T) => K.down.spec.grid({ hidden: c.hiddenSize, tokens: T }), perToken),
      ),
      // Many tokens: group by expert, tiled expert kernels, weighted sum into the residual.
      one(K.route, { step, chosen: s.chosen, offsets: s.expertOffsets, slots: s.expertSlots }, () => K.route.spec.grid(), grouped),
      ...gateUp.parts.map((part, i) =>
        one(K.gateUpGrouped, {
          step, part: model.partUniform(part), x: s.h, offsets: s.expertOffsets, slots: s.expertSlots, blocks: part.buffer, scales: gateUpScales.parts[i].buffer,
          bias: w('mlp.experts.gate_up_proj_bias'), act: s.act,
        }, (T) => K.gateUpGrouped.spec.grid({ ...experts, experts: part.count, slots: slots(T) }), grouped),
      ),
      ...down.parts.map((part, i) =>
        one(K.downGrouped, {
          step, part: model.partUniform(part), act: s.act, offsets: s.expertOffsets, slots: s.expertSlots, blocks: part.buffer, scales: downScales.parts[i].buffer,
          bias: w('mlp.experts.down_proj_bias'), expertOut: s.expertOut,
        }, (T) => K.downGrouped.spec.grid({ ...experts, experts: part.count, slots: slots(T) }), grouped),
      ),
      one(K.combine, { step, weights: s.weights, expertOut: s.expertOut, x: s.x }, (T) => K.combine.spec.grid({ hidden: c.hiddenSize, tokens: T }), grouped),
    ]);
  }

  const finalNorm = [one(K.rmsnorm, { step, x: s.x, weight: model.whole('model.norm.weight'), y: s.h }, (T) => K.rmsnorm.spec.grid({ tokens: T }))];
  const lmHead = linear(K.lmHead, 'lm_head.weight', model.empty, s.h, s.logits, 'logits');
  return { embed, layers, finalNorm, lmHead };
}
