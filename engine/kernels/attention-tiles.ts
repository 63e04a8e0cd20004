import { headConstants, type HeadParams } from './rope-kv';

/** TILE and THREADS of attention-tiles.wgsl (kernel-specs.test.ts checks them). */
export const ATTENTION_TILE_KEYS = 32;
export const ATTENTION_THREADS = 256;

/** Constants of the kernels built on attention-tiles.wgsl, whose threads own 4 dimensions of a head each. */
export function attentionTileConstants(p: HeadParams) {
  const shape = `${p.headsQ / p.headsKv} query heads of ${p.headDim} dimensions per KV head`;
  if (p.headDim % 4 !== 0) throw new Error(`attention kernels need a head dimension that is a multiple of 4 (${shape})`);
  if (((p.headsQ / p.headsKv) * p.headDim) / 4 > ATTENTION_THREADS) throw new Error(`attention kernels take at most ${4 * ATTENTION_THREADS} values per KV group (${shape})`);
  // gather_outputs puts the threads' sums in the staged key rows (headDim / 4 + 1 vec4 each, padded).
  if (ATTENTION_TILE_KEYS * (p.headDim / 4 + 1) < ATTENTION_THREADS) throw new Error(`attention kernels need a head dimension of at least ${4 * (ATTENTION_THREADS / ATTENTION_TILE_KEYS - 1)} (${shape})`);
  return headConstants(p);
}
