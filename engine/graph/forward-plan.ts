// The gpt-oss forward schedule: which kernel runs on which buffers, in order. Built once per SequenceBatch (bind
// groups reference its activations and KV cache); encoding a pass only picks grids for the token count. Each
// token row carries its sequence's KV slot and its position (the `rows` buffer), so one pass may hold the
// prompt of one sequence or one new token of each of several.
//   x = embed(ids)
//   per layer: h = norm(x); q,k,v = h·W + b; rope(q,k) → cache; a = attn(q, cache, sinks); x += a·Wo + bo
//              h = norm(x); top-k(h·Wr + br); x += Σ w_k · down_k(swiglu(gate_up_k(h)))
//   logits = norm(x) · lm_head
import { InvalidRequestError } from '../../common/errors';
import { bindNamed, type Grid, type Kernel } from '../gpu/kernel-spec';
import { matvecLanes } from '../kernels/linear-matvec';
import { downCombineFits } from '../kernels/moe-down-combine';
import { moeGateUpSpec } from '../kernels/moe-gate-up';
import type { GptOssConfig } from '../model/config';
import { DECODE_TILE_SLOTS, PROMPT_TILE_SLOTS } from '../kernels/moe-tiles';
import { DECODE_MAX_TOKENS, expertTileBound, type RuntimeShape, type scratchSizes } from '../model/memory-plan';
import { layerPrefix } from '../model/tensors';
import { QKV_BIAS, QKV_WEIGHT } from '../weights/fuse-qkv';
import type { GpuTensor, TensorPart } from '../weights/gpu-tensor';
import { expertRowSteps } from './expert-row-steps';
import { FUSED_DOWN_MAX_ROWS, GROUPED_MOE_MIN_TOKENS, MATVEC_MAX_ROWS, PICK_EXPERTS_MAX_ROWS, PROMPT_ATTENTION, SKINNY_MAX_ROWS, WIDE_TILES_MIN_TOKENS, type LinearKernelName, type LinearName, type PromptAttention } from './kernel-thresholds';
import { tileKParts } from './tile-k-parts';
import type { Linear, ModelKernels } from './kernel-set';

/** Token rows a dispatch covers: all tokens of the pass, or only those whose logits are wanted. */
export type Rows = 'tokens' | 'logits';

export interface Dispatch {
  kernel: Kernel;
  bindGroup: GPUBindGroup;
  /** Workgroups for `tokens` rows, `logitRows` of which produce logits, the furthest at position `end` − 1. */
  grid(tokens: number, logitRows: number, end: number): Grid;
  /** Runs only when this holds for the pass (e.g. decode kernels for few tokens, grouped MoE for many). */
  when?: (tokens: number, logitRows: number, rowPerSequence: boolean) => boolean;
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

/** Which kernels a pass of a given size runs, where a run overrides the engine's thresholds (tests, the benchmark). */
export interface KernelChoices {
  /** Passes of at least this many rows group the MoE by expert (default GROUPED_MOE_MIN_TOKENS). */
  groupedMoeFrom?: number;
  /** Grouped passes of at least this many rows use 16-slot tiles, fewer 4-slot ones (default WIDE_TILES_MIN_TOKENS). */
  wideTilesFrom?: number;
  /** Passes of at most this many rows use the matrix-vector linears, all of them (default: per linear, MATVEC_MAX_ROWS). */
  matvecMaxRows?: number;
  /** Passes of more rows, up to this many, use the skinny linears, all of them (default: per linear, SKINNY_MAX_ROWS). */
  skinnyMaxRows?: number;
  /** Rounds of rows per workgroup in the per-(token, expert) kernels (default: expertRowSteps). */
  expertRowSteps?: number;
  /** Per-(token, expert) passes of at most this many rows pick the experts in gate/up, with no top-k dispatch (default PICK_EXPERTS_MAX_ROWS). */
  pickExpertsMaxRows?: number;
  /** Per-(token, expert) passes of at most this many rows run down and the weighted sum as one dispatch where they can (default FUSED_DOWN_MAX_ROWS). */
  fusedDownMaxRows?: number;
  /** Grouped passes in 4-slot tiles split each tile's inputs into this many parts (default: tileKParts). */
  tileKParts?: number;
  /** The kernel of passes too large for split-key attention (default PROMPT_ATTENTION). */
  promptAttention?: PromptAttention;
}

/** A run's own GPU state: the step uniform, row slots and positions, activations and KV cache (owned by a SequenceBatch). */
export interface RunBuffers extends KernelChoices {
  step: GPUBuffer;
  /** Passes of up to this many rows use split-key decode attention (its partials are sized for them). */
  splitRows: number;
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

export function buildForwardPlan(model: PlanWeights, run: RunBuffers): ForwardPlan {
  const { device, config: c, kernels: K, shape } = model;
  const { step, scratch: s, caches } = run;
  // [rows] (slot, position) of every token row of the pass.
  const rows = s.rows;
  const split = (T: number) => T <= Math.max(DECODE_MAX_TOKENS, run.splitRows);
  // The kernel a linear runs for a pass of T rows.
  const linearKernel = (lin: LinearName, T: number): LinearKernelName => {
    const matvecMax = run.matvecMaxRows ?? MATVEC_MAX_ROWS[lin];
    if (T <= matvecMax) return 'matvec';
    return T <= (run.skinnyMaxRows ?? SKINNY_MAX_ROWS[lin]) ? 'skinny' : 'tiled';
  };
  const tiled = (lin: LinearName, T: number) => linearKernel(lin, T) === 'tiled';
  const groupedFrom = run.groupedMoeFrom ?? GROUPED_MOE_MIN_TOKENS;
  const grouped = (T: number) => T >= groupedFrom;
  const wideFrom = Math.max(groupedFrom, run.wideTilesFrom ?? WIDE_TILES_MIN_TOKENS);
  const wideTiles = (T: number) => T >= wideFrom;
  const narrowTiles = (T: number) => grouped(T) && T < wideFrom;
  const perToken = (T: number) => T < groupedFrom;
  const picks = (T: number) => perToken(T) && T <= (run.pickExpertsMaxRows ?? PICK_EXPERTS_MAX_ROWS);
  const rowSteps = (T: number) => expertRowSteps(T, run.expertRowSteps);
  // Parts of the inputs a pass's expert tiles split (tile-k-parts.ts): only 4-slot tiles split.
  const kParts = (T: number) => (narrowTiles(T) ? tileKParts(T, run.tileKParts) : 1);
  // Workgroups along the grouped kernels' x: the most tiles moe-route can list (those past its list return).
  const narrowTileBound = (T: number) => expertTileBound(T, DECODE_TILE_SLOTS, c.numExperts, c.expertsPerToken);
  const wideTileBound = (T: number) => expertTileBound(T, PROMPT_TILE_SLOTS, c.numExperts, c.expertsPerToken);
  // The separately normed `h`: read by the tiled linears and by the grouped MoE (the others normalise x themselves).
  const inputNormed = (T: number) => tiled('qkv', T);
  const postNormed = (T: number) => tiled('router', T) || grouped(T);
  const whole = (T: number) => !split(T);
  const promptAttention = run.promptAttention ?? PROMPT_ATTENTION;
  const queries = K.attentionQueries;
  if (promptAttention === 'queries' && !queries) throw new InvalidRequestError(`the 'queries' prompt attention kernel takes heads of at most 64 dimensions (this model: ${c.headDim})`);
  const wholeBy = (kernel: PromptAttention) => (T: number) => whole(T) && promptAttention === kernel;
  // Split-K attention with RoPE and the KV store folded in: only where no row reads keys another row writes.
  const fusedRope = (T: number, _logitRows: number, rowPerSequence: boolean) => rowPerSequence && split(T);
  const separateRope = (T: number, logitRows: number, rowPerSequence: boolean) => !fusedRope(T, logitRows, rowPerSequence);
  const splitSeparate = (T: number, logitRows: number, rowPerSequence: boolean) => split(T) && !fusedRope(T, logitRows, rowPerSequence);
  const one = <Spec extends Kernel['spec']>(kernel: Kernel<Spec>, buffers: Parameters<typeof bindNamed<Spec>>[2], grid: Dispatch['grid'], when?: Dispatch['when']): Dispatch => ({
    kernel: kernel as unknown as Kernel,
    bindGroup: bindNamed(device, kernel, buffers),
    grid,
    when,
  });
  /**
   * A linear layer, per weight part: the matrix-vector, skinny or tiled kernel by rows (linearKernel). With `norm`,
   * the matrix-vector and skinny forms read the residual stream and RMS-normalise it on the fly (the separate norm
   * pass then runs only where the tiled form does).
   */
  const linear = (name: LinearName, lin: Linear, weight: string, bias: GPUBuffer, x: GPUBuffer, y: GPUBuffer, opts: { rows?: Rows; norm?: GPUBuffer } = {}): Dispatch[] => {
    const rows = opts.rows ?? 'tokens';
    const count = (tokens: number, logitRows: number) => (rows === 'tokens' ? tokens : logitRows);
    const runs = (kind: LinearKernelName) => (T: number, L: number) => linearKernel(name, count(T, L)) === kind;
    const normed = { x: opts.norm ? s.x : x, norm: opts.norm ?? model.empty };
    return model.tensor(weight).parts.flatMap((part): Dispatch[] => {
      const common = { step, part: model.partUniform(part), w: part.buffer, bias, y };
      return [
        {
          kernel: lin.matvec as unknown as Kernel,
          bindGroup: bindNamed(device, lin.matvec, { ...common, ...normed }),
          grid: () => lin.matvec.spec.grid({ rows: part.count, lanes: matvecLanes(lin.params.K, lin.params.N) }),
          when: runs('matvec'),
        },
        {
          kernel: lin.skinny as unknown as Kernel,
          bindGroup: bindNamed(device, lin.skinny, { ...common, ...normed }),
          grid: (T, L) => lin.skinny.spec.grid({ rows: part.count, tokens: count(T, L) }),
          when: runs('skinny'),
        },
        {
          kernel: lin.tiled as unknown as Kernel,
          bindGroup: bindNamed(device, lin.tiled, { ...common, x }),
          grid: (T, L) => lin.tiled.spec.grid({ rows: part.count, tokens: count(T, L) }),
          when: runs('tiled'),
        },
      ];
    });
  };

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
    const attend = { step, layer, rows, q: s.q, kCache: cache.k, vCache: cache.v, sinks: w('self_attn.sinks'), out: s.attn };
    const splitGrid: Dispatch['grid'] = (T, _logitRows, end) => {
      const keys = c.slidingLayers[l] ? Math.min(c.slidingWindow, end) : end;
      return K.attentionDecode.spec.grid({ headsKv: c.numKvHeads, tokens: T, keys, splitKeys: shape.attentionSplitKeys });
    };
    const gateUp = model.tensor(p + 'mlp.experts.gate_up_proj_blocks');
    const gateUpScales = model.tensor(p + 'mlp.experts.gate_up_proj_scales');
    const down = model.tensor(p + 'mlp.experts.down_proj_blocks');
    const downScales = model.tensor(p + 'mlp.experts.down_proj_scales');
    const slots = (T: number) => T * c.expertsPerToken;
    const fusedDown = (T: number) => perToken(T) && T <= (run.fusedDownMaxRows ?? FUSED_DOWN_MAX_ROWS) && down.parts.length === 1 && downCombineFits(c.expertsPerToken);
    const inputNorm = w('input_layernorm.weight');
    const postNorm = w('post_attention_layernorm.weight');
    const combineBuffers = { step, routerLogits: s.routerLogits, weights: s.weights, expertOut: s.expertOut, x: s.x };
    const combineGrid = (T: number) => K.combinePicking.spec.grid({ hidden: c.hiddenSize, tokens: T });
    layers.push([
      one(K.rmsnorm, { step, x: s.x, weight: inputNorm, y: s.h }, (T) => K.rmsnorm.spec.grid({ tokens: T }), inputNormed),
      // q, k and v as one stacked matrix (weights/fuse-qkv.ts): one dispatch.
      ...linear('qkv', K.qkv, p + QKV_WEIGHT, w(QKV_BIAS), s.h, s.qkv, { norm: inputNorm }),
      one(K.ropeKv, { step, layer, rows, rope: model.rope, qkv: s.qkv, q: s.q, kCache: cache.k, vCache: cache.v }, (T) => K.ropeKv.spec.grid({ ...heads, tokens: T }), separateRope),
      // Per KV head for all its query heads. Many rows: blocks of rows, each over its rows' whole key ranges. Few
      // (decode, batched decode): per row and key range, then combined; the grid covers the row with the most keys.
      one(K.attentionRows, attend, (T) => K.attentionRows.spec.grid({ ...heads, tokens: T }), wholeBy('rows')),
      ...(queries ? [one(queries, attend, (T) => queries.spec.grid({ ...heads, tokens: T }), wholeBy('queries'))] : []),
      one(K.attentionDecode, { step, layer, rows, q: s.q, kCache: cache.k, vCache: cache.v, partials: s.attentionPartials }, splitGrid, splitSeparate),
      one(K.attentionDecodeRope, { step, layer, rows, rope: model.rope, qkv: s.qkv, kCache: cache.k, vCache: cache.v, partials: s.attentionPartials }, splitGrid, fusedRope),
      one(K.attentionCombine, { step, layer, rows, partials: s.attentionPartials, sinks: w('self_attn.sinks'), out: s.attn }, (T) => K.attentionCombine.spec.grid({ headsQ: c.numHeads, tokens: T }), split),
      ...linear('o', K.o, p + 'self_attn.o_proj.weight', w('self_attn.o_proj.bias'), s.attn, s.x),
      // Router logits (decode: normalised on the fly), then top-k and softmax; for per-(token, expert) passes the
      // gate/up kernel picks the experts itself (writing them for down) and the combine works out the weights.
      one(K.rmsnorm, { step, x: s.x, weight: postNorm, y: s.h }, (T) => K.rmsnorm.spec.grid({ tokens: T }), postNormed),
      ...linear('router', K.router, p + 'mlp.router.weight', w('mlp.router.bias'), s.h, s.routerLogits, { norm: postNorm }),
      // Top-k and softmax: inside moe-route for grouped passes, a dispatch of its own for per-token passes of
      // more than PICK_EXPERTS_MAX_ROWS rows (only where a run's thresholds make such passes).
      one(K.topk, { step, logits: s.routerLogits, chosen: s.chosen, weights: s.weights }, (T) => K.topk.spec.grid({ tokens: T }), (T) => perToken(T) && !picks(T)),
      // Few tokens: per (token, expert) kernels; gate/up normalises the residual row itself, down writes each
      // expert's output.
      ...gateUp.parts.flatMap((part, i) => {
        const buffers = {
          step, part: model.partUniform(part), x: s.x, norm: postNorm, routerLogits: s.routerLogits, blocks: part.buffer, scales: gateUpScales.parts[i].buffer,
          bias: w('mlp.experts.gate_up_proj_bias'), act: s.act, chosen: s.chosen,
        };
        const grid = (T: number) => moeGateUpSpec.grid({ intermediate: c.intermediateSize, slots: slots(T), rowSteps: rowSteps(T) });
        return [
          ...[...K.gateUpPicking].map(([n, kernel]) => one(kernel, buffers, grid, (T) => picks(T) && rowSteps(T) === n)),
          ...[...K.gateUp].map(([n, kernel]) => one(kernel, buffers, grid, (T) => perToken(T) && !picks(T) && rowSteps(T) === n)),
        ];
      }),
      ...down.parts.flatMap((part, i) => [...K.down].map(([n, kernel]) =>
        one(kernel, {
          step, part: model.partUniform(part), act: s.act, chosen: s.chosen, blocks: part.buffer, scales: downScales.parts[i].buffer,
          bias: w('mlp.experts.down_proj_bias'), expertOut: s.expertOut,
        }, (T) => kernel.spec.grid({ hidden: c.hiddenSize, slots: slots(T), rowSteps: n }), (T) => perToken(T) && !fusedDown(T) && rowSteps(T) === n),
      )),
      // ... or down and the weighted sum into the residual in one dispatch (experts in one part).
      ...(down.parts.length === 1 ? [...K.downCombine].map(([n, kernel]) =>
        one(kernel, {
          step, routerLogits: s.routerLogits, chosen: s.chosen, act: s.act, blocks: down.parts[0].buffer, scales: downScales.parts[0].buffer,
          bias: w('mlp.experts.down_proj_bias'), x: s.x,
        }, (T) => kernel.spec.grid({ hidden: c.hiddenSize, tokens: T, rowSteps: n }), (T) => fusedDown(T) && rowSteps(T) === n),
      ) : []),
      // GROUPED_MOE_MIN_TOKENS or more: group by expert, tiled expert kernels (4-slot tiles for large batched
      // decode passes and short prompts, 16 for prompts), weighted sum into the residual.
      ...([[K.route, narrowTiles], [K.routeWide, wideTiles]] as const).map(([kernel, when]) =>
        one(kernel, { step, logits: s.routerLogits, chosen: s.chosen, weights: s.weights, offsets: s.expertOffsets, slots: s.expertSlots }, () => kernel.spec.grid(), when)),
      ...gateUp.parts.flatMap((part, i) => {
        const buffers = {
          step, part: model.partUniform(part), x: s.h, offsets: s.expertOffsets, slots: s.expertSlots, blocks: part.buffer, scales: gateUpScales.parts[i].buffer,
          bias: w('mlp.experts.gate_up_proj_bias'), act: s.act,
        };
        return [
          one(K.gateUpGrouped, buffers, (T) => K.gateUpGrouped.spec.grid({ ...experts, tiles: wideTileBound(T) }), wideTiles),
          // Split tiles write partial sums, which moe-swiglu-parts adds up below.
          ...[...K.gateUpGrouped4].map(([n, kernel]) => one(kernel, { ...buffers, act: n === 1 ? s.act : s.gateUpParts },
            (T) => kernel.spec.grid({ ...experts, tiles: narrowTileBound(T), kParts: n }), (T) => narrowTiles(T) && kParts(T) === n)),
        ];
      }),
      ...[...K.swigluParts].map(([n, kernel]) =>
        one(kernel, { step, parts: s.gateUpParts, chosen: s.chosen, bias: w('mlp.experts.gate_up_proj_bias'), act: s.act },
          (T) => kernel.spec.grid({ intermediate: c.intermediateSize, slots: slots(T) }), (T) => narrowTiles(T) && kParts(T) === n)),
      ...down.parts.flatMap((part, i) => {
        const buffers = {
          step, part: model.partUniform(part), act: s.act, offsets: s.expertOffsets, slots: s.expertSlots, blocks: part.buffer, scales: downScales.parts[i].buffer,
          bias: w('mlp.experts.down_proj_bias'), expertOut: s.expertOut,
        };
        return [
          one(K.downGrouped, buffers, (T) => K.downGrouped.spec.grid({ ...experts, tiles: wideTileBound(T) }), wideTiles),
          ...[...K.downGrouped4].map(([n, kernel]) => one(kernel, buffers,
            (T) => kernel.spec.grid({ ...experts, tiles: narrowTileBound(T), kParts: n }), (T) => narrowTiles(T) && kParts(T) === n)),
        ];
      }),
      // Either way: the routing-weighted sum of the experts' outputs (added up from their parts) into the residual.
      one(K.combinePicking, combineBuffers, combineGrid, (T) => !fusedDown(T) && picks(T)),
      ...[...K.combine].map(([n, kernel]) => one(kernel, combineBuffers, combineGrid, (T) => !fusedDown(T) && !picks(T) && kParts(T) === n)),
    ]);
  }

  const finalNorm = [one(K.rmsnorm, { step, x: s.x, weight: model.whole('model.norm.weight'), y: s.h }, (T) => K.rmsnorm.spec.grid({ tokens: T }))];
  const lmHead = linear('lmHead', K.lmHead, 'lm_head.weight', model.empty, s.h, s.logits, { rows: 'logits' });
  return { embed, layers, finalNorm, lmHead };
}
