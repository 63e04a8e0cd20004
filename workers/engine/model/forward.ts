// The gpt-oss forward schedule: which kernel runs on which buffers, in order. Built once per Context
// (bind groups reference its KV cache); encoding a pass only picks grids for the token count.
//   x = embed(ids)
//   per layer: h = norm(x); q,k,v = h·W + b; rope(q,k) → cache; a = attn(q, cache, sinks); x += a·Wo + bo
//              h = norm(x); top-k(h·Wr + br); x += Σ w_k · down_k(swiglu(gate_up_k(h)))
//   logits = norm(x) · lm_head
import { bindBuffers, grid2d, type Kernel } from '../gpu/kernel';
import type { Model } from '../runtime/model';
import type { Linear } from './pipelines';
import { layerPrefix } from './tensors';
import { DECODE_MAX_TOKENS } from './memory-plan';

/** Token rows a dispatch covers: all tokens of the pass, or only those whose logits are wanted. */
export type Rows = 'tokens' | 'logits';

export interface Dispatch {
  kernel: Kernel | Linear;
  bindGroup: GPUBindGroup;
  /** Workgroups for `tokens` tokens at positions from `pos0`, `logitRows` of which produce logits. */
  grid(tokens: number, logitRows: number, pos0: number): [number, number, number];
  rows: Rows;
  /** Runs only when this holds for the pass's token count (e.g. grouped MoE for many tokens). */
  when?: (tokens: number) => boolean;
}

export interface LayerCache {
  k: GPUBuffer;
  v: GPUBuffer;
  /** Uniform {capacity, window}. */
  params: GPUBuffer;
}

export interface ForwardPlan {
  embed: Dispatch[];
  layers: Dispatch[][];
  /** Final RMSNorm (into the `h` scratch buffer). */
  finalNorm: Dispatch[];
  lmHead: Dispatch[];
}

/** Up to this many tokens a linear layer uses the matrix-vector kernel; above, the tiled one. */
export const MATVEC_MAX_TOKENS = DECODE_MAX_TOKENS;

/** From this many tokens the MoE groups tokens by expert (each expert's weights read once per 16 tokens). */
export const GROUPED_MOE_MIN_TOKENS = 32;
const grouped = (T: number) => T >= GROUPED_MOE_MIN_TOKENS;
const perToken = (T: number) => T < GROUPED_MOE_MIN_TOKENS;

export function pickLinearKernel(linear: Linear, rows: number): Kernel {
  return rows <= MATVEC_MAX_TOKENS ? linear.matvec : linear.tiled;
}

export function buildForwardPlan(model: Model, caches: LayerCache[]): ForwardPlan {
  const { device, config: c, kernels: K, scratch: s, step } = model;
  const bind = (kernel: Kernel, buffers: GPUBuffer[]) => bindBuffers(device, kernel, buffers);

  const linear = (lin: Linear, weight: string, bias: GPUBuffer, x: GPUBuffer, y: GPUBuffer, rows: Rows = 'tokens'): Dispatch[] =>
    model.tensor(weight).parts.map((part) => ({
      kernel: lin,
      bindGroup: bind(lin.matvec, [step, model.partUniform(part), x, part.buffer, bias, y]),
      rows,
      grid: (tokens, logitRows) => {
        const n = rows === 'tokens' ? tokens : logitRows;
        if (n <= MATVEC_MAX_TOKENS) return [...grid2d(Math.ceil(part.count / lin.matvecRowsPerGroup)), 1];
        return [Math.ceil(part.count / 64), Math.ceil(n / 32), 1];
      },
    }));
  const simple = (kernel: Kernel, buffers: GPUBuffer[], grid: Dispatch['grid']): Dispatch => ({ kernel, bindGroup: bind(kernel, buffers), grid, rows: 'tokens' });
  const simpleWhen = (when: (T: number) => boolean, kernel: Kernel, buffers: GPUBuffer[], grid: Dispatch['grid']): Dispatch => ({ ...simple(kernel, buffers, grid), when });

  const embed = model.tensor('model.embed_tokens.weight').parts.map((part) =>
    simple(K.embed, [step, model.partUniform(part), s.ids, part.buffer, s.x], (T) => [Math.ceil(c.hiddenSize / 2 / 64), T, 1]),
  );

  const layers: Dispatch[][] = [];
  for (let l = 0; l < c.numLayers; l++) {
    const p = layerPrefix(l);
    const w = (name: string) => model.whole(p + name);
    const cache = caches[l];
    const gateUp = model.tensor(p + 'mlp.experts.gate_up_proj_blocks');
    const gateUpScales = model.tensor(p + 'mlp.experts.gate_up_proj_scales');
    const down = model.tensor(p + 'mlp.experts.down_proj_blocks');
    const downScales = model.tensor(p + 'mlp.experts.down_proj_scales');
    layers.push([
      simple(K.rmsnorm, [step, s.x, w('input_layernorm.weight'), s.h], (T) => [T, 1, 1]),
      ...linear(K.q, p + 'self_attn.q_proj.weight', w('self_attn.q_proj.bias'), s.h, s.q),
      ...linear(K.kv, p + 'self_attn.k_proj.weight', w('self_attn.k_proj.bias'), s.h, s.k),
      ...linear(K.kv, p + 'self_attn.v_proj.weight', w('self_attn.v_proj.bias'), s.h, s.v),
      simple(K.ropeKv, [step, cache.params, model.rope, s.q, s.k, s.v, cache.k, cache.v], (T) => [
        Math.ceil(c.headDim / 2 / 64),
        c.numHeads + c.numKvHeads,
        T,
      ]),
      // Prefill: one workgroup per (head, token). Decode: the keys split over workgroups, then combined.
      simpleWhen((T) => T > DECODE_MAX_TOKENS, K.attention, [step, cache.params, s.q, cache.k, cache.v, w('self_attn.sinks'), s.attn, s.attentionPartials], (T) => [c.numHeads, T, 1]),
      simpleWhen((T) => T <= DECODE_MAX_TOKENS, K.attentionSplit, [step, cache.params, s.q, cache.k, cache.v, w('self_attn.sinks'), s.attn, s.attentionPartials], (T, _rows, pos0) => {
        const keys = c.slidingLayers[l] ? Math.min(c.slidingWindow, pos0 + T) : pos0 + T;
        return [c.numHeads, T, Math.ceil(keys / model.shape.attentionSplitKeys)];
      }),
      simpleWhen((T) => T <= DECODE_MAX_TOKENS, K.attentionCombine, [step, cache.params, s.attentionPartials, w('self_attn.sinks'), s.attn], (T) => [c.numHeads, T, 1]),
      ...linear(K.o, p + 'self_attn.o_proj.weight', w('self_attn.o_proj.bias'), s.attn, s.x),
      simple(K.rmsnorm, [step, s.x, w('post_attention_layernorm.weight'), s.h], (T) => [T, 1, 1]),
      ...linear(K.router, p + 'mlp.router.weight', w('mlp.router.bias'), s.h, s.routerLogits),
      simple(K.topk, [step, s.routerLogits, s.chosen, s.weights], (T) => [Math.ceil(T / 64), 1, 1]),
      // Few tokens: per (token, expert) kernels.
      ...gateUp.parts.map((part, i) =>
        simpleWhen(perToken,
          K.gateUp,
          [step, model.partUniform(part), s.h, s.chosen, part.buffer, gateUpScales.parts[i].buffer, w('mlp.experts.gate_up_proj_bias'), s.act],
          (T) => [Math.ceil(c.intermediateSize / 2), T * c.expertsPerToken, 1],
        ),
      ),
      ...down.parts.map((part, i) =>
        simpleWhen(perToken,
          K.down,
          [step, model.partUniform(part), s.act, s.chosen, s.weights, part.buffer, downScales.parts[i].buffer, w('mlp.experts.down_proj_bias'), s.x],
          (T) => [Math.ceil(c.hiddenSize / 2), T, 1],
        ),
      ),
      // Many tokens: group by expert, tiled expert kernels, weighted sum into the residual.
      simpleWhen(grouped, K.route, [step, s.chosen, s.expertOffsets, s.expertSlots], () => [1, 1, 1]),
      ...gateUp.parts.map((part, i) =>
        simpleWhen(grouped,
          K.gateUpGrouped,
          [step, model.partUniform(part), s.h, s.expertOffsets, s.expertSlots, part.buffer, gateUpScales.parts[i].buffer, w('mlp.experts.gate_up_proj_bias'), s.act],
          (T) => [Math.ceil(c.intermediateSize / 32), part.count, Math.ceil((T * c.expertsPerToken) / 16)],
        ),
      ),
      ...down.parts.map((part, i) =>
        simpleWhen(grouped,
          K.downGrouped,
          [step, model.partUniform(part), s.act, s.expertOffsets, s.expertSlots, part.buffer, downScales.parts[i].buffer, w('mlp.experts.down_proj_bias'), s.expertOut],
          (T) => [Math.ceil(c.hiddenSize / 64), part.count, Math.ceil((T * c.expertsPerToken) / 16)],
        ),
      ),
      simpleWhen(grouped, K.combine, [step, s.weights, s.expertOut, s.x], (T) => [Math.ceil(c.hiddenSize / 64), T, 1]),
    ]);
  }

  const finalNorm = [simple(K.rmsnorm, [step, s.x, model.whole('model.norm.weight'), s.h], (T) => [T, 1, 1])];
  const lmHead = linear(K.lmHead, 'lm_head.weight', model.empty, s.h, s.logits, 'logits');
  return { embed, layers, finalNorm, lmHead };
}

export function encodeDispatches(pass: GPUComputePassEncoder, dispatches: Dispatch[], tokens: number, logitRows: number, pos0: number) {
  for (const d of dispatches) {
    if (d.when && !d.when(tokens)) continue;
    const n = d.rows === 'tokens' ? tokens : logitRows;
    const kernel = 'pipeline' in d.kernel ? d.kernel : pickLinearKernel(d.kernel, n);
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    const [x, y, z] = d.grid(tokens, logitRows, pos0);
    pass.dispatchWorkgroups(x, y, z);
  }
}
