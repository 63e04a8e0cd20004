import { defineKernel } from '../gpu/kernel-spec';
import { headConstants, type HeadParams } from './rope-kv';
import wgsl from './attention-queries.wgsl?raw';

/** TILE, THREADS and MAX_D4 of attention-queries.wgsl (kernel-specs.test.ts checks them). */
export const QUERIES_TILE_KEYS = 16;
export const QUERIES_THREADS = 128;
export const QUERIES_MAX_HEAD_VECS = 16;

/**
 * Token rows per workgroup for a head shape: one thread per (row, query head), so THREADS / (query heads per KV
 * head). gpt-oss (8 query heads per KV head): 16.
 */
/** Whether attention-queries takes this head shape (its registers hold heads of up to 64 dimensions). */
export function fitsQueryBlocks(p: HeadParams): boolean {
  return p.headDim % 4 === 0 && p.headDim <= 4 * QUERIES_MAX_HEAD_VECS && p.headsQ / p.headsKv <= QUERIES_THREADS;
}

export function queryBlockRows(p: HeadParams): number {
  const group = p.headsQ / p.headsKv;
  const shape = `${group} query heads of ${p.headDim} dimensions per KV head`;
  if (p.headDim % 4 !== 0 || p.headDim > 4 * QUERIES_MAX_HEAD_VECS) throw new Error(`prompt attention needs a head dimension that is a multiple of 4 and at most ${4 * QUERIES_MAX_HEAD_VECS} (${shape})`);
  if (group > QUERIES_THREADS) throw new Error(`prompt attention takes at most ${QUERIES_THREADS} query heads per KV head (${shape})`);
  return Math.floor(QUERIES_THREADS / group);
}

/**
 * Prompt attention with sinks, GQA and the sliding window: one workgroup per (KV head, block of rows), a thread per
 * query (the `promptAttention: 'queries'` choice; attention-rows.ts is the default).
 */
export const attentionQueriesSpec = defineKernel({
  name: 'attention-queries',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['layer', 'uniform'], ['rows', 'read'], ['q', 'read'], ['kCache', 'read'], ['vCache', 'read'], ['sinks', 'read'], ['out', 'write']],
  workgroupSize: QUERIES_THREADS,
  constants: (p: HeadParams) => ({ ...headConstants(p), QROWS: queryBlockRows(p) }),
  grid: (s: HeadParams & { tokens: number }) => [s.headsKv, Math.ceil(s.tokens / queryBlockRows(s)), 1],
});
