import { defineKernel } from '../gpu/kernel-spec';
import { headConstants, type HeadParams } from './rope-kv';
import wgsl from './attention-rows.wgsl?raw';

/** TILE, THREADS and OUTPUTS of attention-rows.wgsl (kernel-specs.test.ts checks them). */
export const ROWS_TILE_KEYS = 16;
export const ROWS_THREADS = 256;
export const ROWS_OUTPUTS = 2;
/** Most rows a block takes: more rows share each staged tile, but fewer workgroups fill the GPU. */
const MAX_BLOCK_ROWS = 4;

/**
 * Token rows per workgroup for a head shape: as many as its threads hold, OUTPUTS (query, key) scores and
 * OUTPUTS (query, 4 dimensions) sums each, up to MAX_BLOCK_ROWS. gpt-oss (8 query heads of 64 per KV head): 4.
 */
export function attentionBlockRows(p: HeadParams): number {
  const group = p.headsQ / p.headsKv;
  if (p.headDim % 4 !== 0) throw new Error(`prompt attention needs a head dimension that is a multiple of 4 (${p.headDim})`);
  const perThreads = ROWS_OUTPUTS * ROWS_THREADS;
  const rows = Math.min(MAX_BLOCK_ROWS, Math.floor(perThreads / ROWS_TILE_KEYS / group), Math.floor(perThreads / (group * (p.headDim / 4))));
  if (rows < 1) throw new Error(`prompt attention takes at most ${perThreads / ROWS_TILE_KEYS} query heads and ${4 * perThreads} values per KV head (${group} query heads of ${p.headDim} dimensions)`);
  return rows;
}

/** Prompt attention with sinks, GQA and the sliding window: one workgroup per (KV head, block of rows) for all its query heads. */
export const attentionRowsSpec = defineKernel({
  name: 'attention-rows',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['layer', 'uniform'], ['rows', 'read'], ['q', 'read'], ['kCache', 'read'], ['vCache', 'read'], ['sinks', 'read'], ['out', 'write']],
  workgroupSize: 256,
  constants: (p: HeadParams) => ({ ...headConstants(p), QROWS: attentionBlockRows(p) }),
  grid: (s: HeadParams & { tokens: number }) => [s.headsKv, Math.ceil(s.tokens / attentionBlockRows(s)), 1],
});
