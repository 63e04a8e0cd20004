// Every kernel spec agrees with its WGSL: the same bindings in @binding order (names, uniform / read / write),
// and the same workgroup size. (kernels.test.ts and moe-grouped.test.ts run each spec against the CPU reference.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { BASELINE } from '../gpu/capabilities';
import { kernelSource, type KernelSpec } from '../gpu/kernel-spec';
import { DOWN_ROWS, GATE_UP_ROWS, GROUPS_PER_WORKGROUP, moeRowsWgsl } from './moe-rows';
import { moeDownSpec } from './moe-down';
import { DOWN_COMBINE_ROWS, moeDownCombineSpec } from './moe-down-combine';
import { moeGateUpSpec } from './moe-gate-up';
import { moeDownGrouped4Spec, moeDownGroupedSpec } from './moe-down-grouped';
import { moeGateUpGrouped4Spec, moeGateUpGroupedSpec } from './moe-gate-up-grouped';
import { LANE_ROWS, moeTilesWgsl, TILE_LANES } from './moe-tiles';
import { expertTileBound } from '../model/memory-plan';
import { linearSkinnySpec, SKINNY_ROWS, SKINNY_TOKENS } from './linear-skinny';
import { ATTENTION_THREADS, ATTENTION_TILE_KEYS, attentionTileConstants } from './attention-tiles';
import attentionTilesWgsl from './attention-tiles.wgsl?raw';
import attentionRowsWgsl from './attention-rows.wgsl?raw';
import { ROWS_OUTPUTS, ROWS_THREADS, ROWS_TILE_KEYS } from './attention-rows';
import attentionQueriesWgsl from './attention-queries.wgsl?raw';
import { QUERIES_MAX_HEAD_VECS, QUERIES_THREADS, QUERIES_TILE_KEYS } from './attention-queries';

const here = path.dirname(fileURLToPath(import.meta.url));
const specFiles = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['linear-params.ts', 'moe-params.ts', 'moe-rows.ts', 'moe-tiles.ts', 'widen-bf16.ts'].includes(f));
const specs: KernelSpec<string, never, never>[] = [];
for (const file of specFiles) {
  const module = (await import(`./${file.replace(/\.ts$/, '')}`)) as Record<string, unknown>;
  for (const value of Object.values(module)) if (value && typeof value === 'object' && 'bindings' in value && 'wgsl' in value) specs.push(value as KernelSpec<string, never, never>);
}
// Helpers a spec takes by device capability (capabilityWgsl), in either form.
const SUM_HELPERS = ['lane-sums-subgroup.wgsl', 'lane-sums-workgroup.wgsl', 'moe-sums-subgroup.wgsl', 'moe-sums-workgroup.wgsl'];
const FP4_HELPERS = ['mxfp4-table.wgsl', 'mxfp4-half.wgsl'];
const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

test('every model kernel has a spec', () => {
  const wgsl = readdirSync(here).filter((f) => f.endsWith('.wgsl') && !['common.wgsl', 'mxfp4.wgsl', 'moe-rows.wgsl', 'moe-rows-staged.wgsl', 'moe-tiles.wgsl', 'attention-tiles.wgsl', 'route-pick.wgsl', 'top-k.wgsl', 'attention-partials.wgsl', 'widen-bf16.wgsl', 'fill-random.wgsl', ...SUM_HELPERS, ...FP4_HELPERS].includes(f));
  const covered = new Set(specs.map((s) => s.wgsl[s.wgsl.length - 1]));
  expect(wgsl.filter((f) => !covered.has(readFileSync(path.join(here, f), 'utf8')))).toEqual([]);
});

test.each(specs.map((s) => [s.name, s] as const))('%s: bindings and workgroup size match the WGSL', (_name, spec) => {
  const code = spec.wgsl[spec.wgsl.length - 1];
  const declared = [...code.matchAll(/@binding\((\d+)\)\s+var<(uniform|storage,\s*read_write|storage,\s*read)>\s+(\w+)/g)].map((m) => ({
    index: Number(m[1]),
    kind: m[2] === 'uniform' ? 'uniform' : m[2].includes('read_write') ? 'write' : 'read',
    name: camel(m[3]),
  }));
  expect(declared.map((d) => d.index)).toEqual(declared.map((_, i) => i));
  expect(spec.bindings.map(([name, kind]) => ({ name, kind }))).toEqual(declared.map(({ name, kind }) => ({ name, kind })));
  expect(Number(/@workgroup_size\((\d+)\)/.exec(code)?.[1])).toBe(spec.workgroupSize);
  expect(kernelSource(spec, BASELINE).startsWith('enable')).toBe(false); // every kernel has a form for any adapter
});

test('the kernels with lane sums enable subgroups only where the device has them laid out as runs of lanes', () => {
  const withSums = specs.filter((s) => s.features);
  expect(withSums.map((s) => s.name).sort()).toEqual(['linear-matvec', 'moe-down', 'moe-down-combine', 'moe-gate-up']);
  for (const spec of withSums) {
    const source = kernelSource(spec, { ...BASELINE, subgroupLanes: 32 });
    expect(source.startsWith('enable subgroups;')).toBe(true);
    expect(source).toContain('const LANE_CHUNK = 32u;');
    expect(source).toContain('subgroupShuffleXor');
    expect(kernelSource(spec, BASELINE)).not.toMatch(/subgroupShuffleXor|enable subgroups/);
  }
});

test('the expert kernels decode FP4 through f16 subnormals only where the device keeps them, else through the table', () => {
  const experts = specs.filter((s) => kernelSource(s, BASELINE).includes('fp4_pairs('));
  expect(experts.map((s) => s.name).sort()).toEqual(['moe-down', 'moe-down-combine', 'moe-down-grouped', 'moe-down-grouped-4', 'moe-gate-up', 'moe-gate-up-grouped', 'moe-gate-up-grouped-4']);
  for (const spec of experts) {
    const half = kernelSource(spec, { ...BASELINE, f16Subnormals: true });
    expect(half).toContain('unpack2x16float(');
    expect(half).not.toContain('var<workgroup> fp4:');
    const table = kernelSource(spec, BASELINE);
    expect(table).toContain('var<workgroup> fp4:');
    expect(table).not.toContain('unpack2x16float(');
  }
});

test.each([
  [moeGateUpSpec, GATE_UP_ROWS],
  [moeDownSpec, DOWN_ROWS],
  [moeDownCombineSpec, DOWN_COMBINE_ROWS],
])('$name: the grid uses the row tile the WGSL declares', (spec, rows) => {
  expect(/const R = (\d+)u;/.exec(spec.wgsl[spec.wgsl.length - 1])?.[1]).toBe(String(rows));
  expect(/const GROUPS_PER_WG = (\d+)u;/.exec(moeRowsWgsl)?.[1]).toBe(String(GROUPS_PER_WORKGROUP));
  expect(spec.workgroupSize).toBe(32 * GROUPS_PER_WORKGROUP);
});

test('the grouped expert kernels tile as moe-tiles.wgsl declares, with the tile size their grid uses', () => {
  expect(/const TILE_LANES = (\d+)u;/.exec(moeTilesWgsl(16).join('\n'))?.[1]).toBe(String(TILE_LANES));
  expect(/const LANE_ROWS = (\d+)u;/.exec(moeTilesWgsl(16).join('\n'))?.[1]).toBe(String(LANE_ROWS));
  const tileOf = (spec: { wgsl: readonly string[] }) => Number(/const TILE_SLOTS = (\d+)u;/.exec(spec.wgsl.join('\n'))?.[1]);
  for (const [gateUp, down, tile] of [[moeGateUpGroupedSpec, moeDownGroupedSpec, 16], [moeGateUpGrouped4Spec, moeDownGrouped4Spec, 4]] as const) {
    expect([tileOf(gateUp), tileOf(down)]).toEqual([tile, tile]);
    expect([gateUp.workgroupSize, down.workgroupSize]).toEqual([TILE_LANES, TILE_LANES]);
    // x (fastest, so an expert's tiles run together): one workgroup per tile moe-route can list; y: gate/up
    // LANE_ROWS / 2 pairs per lane, down LANE_ROWS rows per lane; z: the parts of the inputs.
    expect(gateUp.grid({ intermediate: 2880, tiles: 160 })).toEqual([160, Math.ceil(2880 / (TILE_LANES * LANE_ROWS / 2)), 1]);
    expect(down.grid({ hidden: 2880, tiles: 160 })).toEqual([160, Math.ceil(2880 / (LANE_ROWS * TILE_LANES)), 1]);
    expect(gateUp.grid({ intermediate: 2880, tiles: 56, kParts: 4 })[2]).toBe(4);
    expect(down.grid({ hidden: 2880, tiles: 56, kParts: 2 })[2]).toBe(2);
  }
  // The bound on the tiles: each expert with n slots makes ⌈n / S⌉ tiles. 32 rows of 4 experts in 4-slot tiles:
  // 128 / 4 + 32; at most one tile per slot when experts outnumber slots.
  expect(expertTileBound(32, 4, 32, 4)).toBe(64);
  expect(expertTileBound(512, 16, 32, 4)).toBe(160);
  expect(expertTileBound(1, 4, 32, 4)).toBe(5);
  for (const [T, S] of [[1, 4], [7, 4], [12, 4], [32, 4], [63, 4], [64, 16], [512, 16]]) {
    // The most tiles a pass can make: one slot for each of as many experts as can have one (a tile each), then
    // the remaining slots S at a time (a tile each).
    const slots = T * 4;
    const experts = Math.min(32, slots);
    expect(experts + Math.floor((slots - experts) / S)).toBeLessThanOrEqual(expertTileBound(T, S, 32, 4));
  }
  for (const spec of [moeGateUpGrouped4Spec, moeDownGrouped4Spec]) {
    const code = spec.wgsl.join('\n');
    expect(code).toContain('let listed = tile_at(wg.x, lid);');
    expect(code).toMatch(/part_inputs\((wg\.z|k_part)/);
  }
});

test('the skinny linear: the grid covers the rows and token tiles the WGSL declares', () => {
  expect(/const GROUPS = (\d+)u;/.exec(linearSkinnySpec.wgsl[1])?.[1]).toBe('2');
  // Two groups of 32 lanes per workgroup, each SKINNY_ROWS rows; token tiles of SKINNY_TOKENS.
  expect(linearSkinnySpec.workgroupSize).toBe(64);
  expect(linearSkinnySpec.grid({ rows: 5120, tokens: 32 })).toEqual([(5120 / (2 * SKINNY_ROWS)) * (32 / SKINNY_TOKENS), 1, 1]);
  const [x, y] = linearSkinnySpec.grid({ rows: 201088, tokens: 17 }); // lm_head: wraps into y
  expect(x * y).toBeGreaterThanOrEqual(Math.ceil(201088 / (2 * SKINNY_ROWS)) * 3);
});

test('the attention kernels take only head shapes their workgroup memory holds', () => {
  expect(/const TILE = (\d+)u;/.exec(attentionTilesWgsl)?.[1]).toBe(String(ATTENTION_TILE_KEYS));
  expect(/const THREADS = (\d+)u;/.exec(attentionTilesWgsl)?.[1]).toBe(String(ATTENTION_THREADS));
  // The prompt kernel's block size is worked out from these (attentionBlockRows).
  expect(/const TILE = (\d+)u;/.exec(attentionRowsWgsl)?.[1]).toBe(String(ROWS_TILE_KEYS));
  expect(/const THREADS = (\d+)u;/.exec(attentionRowsWgsl)?.[1]).toBe(String(ROWS_THREADS));
  expect(/const OUTPUTS = (\d+)u;/.exec(attentionRowsWgsl)?.[1]).toBe(String(ROWS_OUTPUTS));
  expect(/const TILE = (\d+)u;/.exec(attentionQueriesWgsl)?.[1]).toBe(String(QUERIES_TILE_KEYS));
  expect(/const THREADS = (\d+)u;/.exec(attentionQueriesWgsl)?.[1]).toBe(String(QUERIES_THREADS));
  expect(/const MAX_D4 = (\d+)u;/.exec(attentionQueriesWgsl)?.[1]).toBe(String(QUERIES_MAX_HEAD_VECS));
  // gpt-oss: 8 query heads of 64 dimensions per KV head; the fixture 4; the kernel tests 3 of 40.
  for (const [headsQ, headsKv, headDim] of [[64, 8, 64], [8, 2, 64], [6, 2, 40], [8, 8, 28]]) {
    expect(attentionTileConstants({ headsQ, headsKv, headDim }).HEAD_DIM).toBe(headDim);
  }
  // The gathered sums reuse the 32 staged key rows: heads of fewer than 28 dimensions leave too little room.
  expect(() => attentionTileConstants({ headsQ: 8, headsKv: 8, headDim: 24 })).toThrow(/at least 28/);
  expect(() => attentionTileConstants({ headsQ: 16, headsKv: 1, headDim: 128 })).toThrow(/at most 1024 values/);
  expect(() => attentionTileConstants({ headsQ: 8, headsKv: 8, headDim: 30 })).toThrow(/multiple of 4/);
});
