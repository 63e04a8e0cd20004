// GPU memory the engine allocates for a model: weights as shipped, KV cache, scratch. Computed from the config
// alone, so the app can say before a download whether a GPU is large enough.
import type { GptOssConfig } from './config';
import { allTensorSpecs, tensorBytes } from './tensors';

export interface RuntimeShape {
  /** Longest context (prompt + output) a Context can hold. */
  maxContext: number;
  /** Most tokens per forward pass during prefill. */
  chunk: number;
  /** Logit rows kept per pass (1 for generation; `chunk` when every position's logits are wanted). */
  logitRows: number;
  /** Decode attention splits each head's keys into ranges of this many, one workgroup each. */
  attentionSplitKeys: number;
}

/** Passes of at most this many tokens use split attention (more when several sequences are decoded together). */
export const DECODE_MAX_TOKENS = 4;
/**
 * Grouped passes of at most this many rows may split their 4-slot expert tiles' inputs into up to
 * MAX_TILE_K_PARTS parts (graph/tile-k-parts.ts), whose partial sums the scratch below holds.
 */
export const SPLIT_TILES_MAX_ROWS = 63;
export const MAX_TILE_K_PARTS = 4;
export const attentionSplits = (shape: RuntimeShape) => Math.ceil(shape.maxContext / shape.attentionSplitKeys);

/** The smallest tiles (kernels/moe-tiles.ts's DECODE_TILE_SLOTS), whose lists are the longest. */
const SMALLEST_TILE_SLOTS = 4;
/**
 * Most tiles of `tileSlots` slots the experts' lists of a pass of `tokens` rows can make (moe-route lists them
 * for the grouped expert kernels, one workgroup each): each expert with n slots makes ⌈n / tileSlots⌉ < n /
 * tileSlots + 1 of them, and at most min(experts, slots) experts have any.
 */
export const expertTileBound = (tokens: number, tileSlots: number, experts: number, topK: number) =>
  Math.ceil((tokens * topK) / tileSlots) + Math.min(experts, tokens * topK);

// Prompt passes of up to 512 tokens: the grouped expert kernels work in 16-slot tiles per expert, and longer
// passes fill them better (H200, 1,024-token prompt: 1,797 tokens/s in passes of 128, 2,222 of 256, 2,593 of
// 512, 2,788 of 1,024); a 156-token content message becomes one pass instead of 128 + 28 (116.7 → 84 ms). 512,
// not more: a pass is one GPU submission, which on a slow GPU must stay well inside the OS watchdog (seconds),
// and the scratch grows with the chunk (105 MB at 512, 191 MB at 1,024).
export const DEFAULT_RUNTIME: RuntimeShape = { maxContext: 8192, chunk: 512, logitRows: 1, attentionSplitKeys: 32 };

export interface MemoryPlan {
  weights: number;
  kvCache: number;
  scratch: number;
  ropeTable: number;
  total: number;
}

/** Slots of a layer's KV ring: sliding layers keep window + chunk - 1 positions (a chunk writes ahead). */
export function kvCapacity(c: GptOssConfig, layer: number, shape: RuntimeShape): number {
  return c.slidingLayers[layer] ? Math.min(shape.maxContext, c.slidingWindow + shape.chunk) : shape.maxContext;
}

/**
 * Activations for passes of up to `shape.chunk` rows (or `batchRows`, the sequences decoded together, if more),
 * logits for `shape.logitRows` rows (or one per batched sequence), and split-attention partials for
 * max(DECODE_MAX_TOKENS, batchRows) rows.
 */
export function scratchSizes(c: GptOssConfig, shape: RuntimeShape, batchRows = 1) {
  const T = Math.max(shape.chunk, batchRows);
  const splitRows = Math.min(T, Math.max(DECODE_MAX_TOKENS, batchRows));
  const f32 = 4;
  return {
    ids: T * 4,
    rows: T * 8,
    x: T * c.hiddenSize * f32,
    h: T * c.hiddenSize * f32,
    // The stacked q|k|v projection output, and q after RoPE (k and v go straight to the cache).
    qkv: T * (c.numHeads + 2 * c.numKvHeads) * c.headDim * f32,
    q: T * c.numHeads * c.headDim * f32,
    attn: T * c.numHeads * c.headDim * f32,
    routerLogits: T * c.numExperts * f32,
    chosen: T * c.expertsPerToken * 4,
    weights: T * c.expertsPerToken * f32,
    act: T * c.expertsPerToken * c.intermediateSize * f32,
    // Grouped MoE: where each expert's slots start, then the pass's tiles of them (moe-route.wgsl); the slots
    // grouped by expert; and each slot's expert output (both ways; in parts where split tiles made it).
    expertOffsets: (c.numExperts + 2 + 2 * expertTileBound(T, SMALLEST_TILE_SLOTS, c.numExperts, c.expertsPerToken)) * 4,
    expertSlots: T * c.expertsPerToken * 4,
    expertOut: Math.max(T, MAX_TILE_K_PARTS * Math.min(T, SPLIT_TILES_MAX_ROWS)) * c.expertsPerToken * c.hiddenSize * f32,
    // Partial gate/up sums of split 4-slot tiles ([parts, slots, 2I]).
    gateUpParts: MAX_TILE_K_PARTS * Math.min(T, SPLIT_TILES_MAX_ROWS) * c.expertsPerToken * 2 * c.intermediateSize * f32,
    logits: Math.max(shape.logitRows, batchRows) * c.vocabSize * f32,
    attentionPartials: splitRows * c.numHeads * attentionSplits(shape) * (c.headDim + 2) * f32,
  };
}

export function planMemory(c: GptOssConfig, shape: RuntimeShape = DEFAULT_RUNTIME): MemoryPlan {
  const weights = allTensorSpecs(c).reduce((a, s) => a + tensorBytes(s), 0);
  let kvCache = 0;
  for (let l = 0; l < c.numLayers; l++) kvCache += 2 * kvCapacity(c, l, shape) * c.numKvHeads * c.headDim * 4;
  const scratch = Object.values(scratchSizes(c, shape)).reduce((a, b) => a + b, 0);
  const ropeTable = shape.maxContext * c.headDim * 4;
  return { weights, kvCache, scratch, ropeTable, total: weights + kvCache + scratch + ropeTable };
}
