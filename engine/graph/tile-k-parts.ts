// How many parts the 4-slot expert tiles (grouped passes of batched decode, moe-tiles.wgsl) split their inputs
// into. A tile's workgroup walks all of an expert's inputs (2,880 in the 20b shape) for its rows, and a pass of
// 12-63 rows has only a few hundred such workgroups: too few, each too long, to keep the GPU busy. With K parts,
// K times the workgroups each take a K-th of the inputs and write partial sums; moe-swiglu-parts (gate/up) and
// moe-combine (down) add them up. Measured on an H100 (one call, median pass in 4-slot tiles, K = 1 / 2 / 4):
// 4 rows 12.5 / 9.4 / 8.1 ms, 8 rows 15.3 / 11.5 / 10.4, 16 rows 17.9 / 15.0 / 14.7, 24 rows 21.9 / 19.4 / 18.8,
// 32 rows 24.1 / 22.7 / 22.4 (grouped gate/up 9.6 → 8.8 ms, down 6.2 → 5.1; the adding up 0.35 + 0.27).
import { SPLIT_TILES_MAX_ROWS } from '../model/memory-plan';

/** The compiled forms (kernel-set.ts); MAX_TILE_K_PARTS in memory-plan.ts sizes the partial sums for the largest. */
export const TILE_K_PARTS = [1, 2, 4] as const;
export const DEFAULT_TILE_K_PARTS = 4;

/** The parts a grouped pass of `rows` rows in 4-slot tiles uses (`override`: KernelChoices.tileKParts). */
export function tileKParts(rows: number, override?: number): number {
  if (override !== undefined && !(TILE_K_PARTS as readonly number[]).includes(override)) throw new Error(`tileKParts ${override}: compiled forms are ${TILE_K_PARTS.join(', ')}`);
  return rows > SPLIT_TILES_MAX_ROWS ? 1 : override ?? DEFAULT_TILE_K_PARTS;
}
