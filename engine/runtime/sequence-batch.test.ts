// Several sequences decoded together give each sequence exactly what it gets alone: per-step logits within
// 1e-4 (relative L2) and the same greedy tokens, on both transformers-made fixtures. Items share a prompt prefix
// restored from one snapshot, have suffixes of different lengths, stop after different numbers of steps, and a
// finished slot takes the next item (continuous batching). Passes range from 5 rows down to 1, all with split
// decode attention over each row's own slot; tiny-gpt-oss runs the thresholds the engine uses (matrix-vector
// linears up to 4 rows, skinny ones for 5; experts per (token, expert)), gqa8-window16 has them lowered so its
// passes of 4 rows take the skinny linears, of 5 the tiled ones, and both the MoE grouped by expert in 4-slot
// tiles (the kernels of large batches), their inputs split in four parts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import { FIXTURES, loadFixtureModel, loadReference, relativeL2 } from '../../testing/fixtures';
import type { KernelChoices } from '../graph/forward-plan';
import type { Model } from './model';
import { Sequence } from './sequence';
import { SequenceBatch, batchBytes, maxSlots } from './sequence-batch';
import { kvBytesPerSequence } from './kv-pool';

const TOLERANCE = 1e-4;
const SLOTS = 5;

interface Item {
  suffix: number[];
  steps: number;
}

interface Run {
  /** Logits after the suffix, then after each greedy step. */
  logits: Float32Array[];
  tokens: number[];
}

const argmax = (row: Float32Array) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0);

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());

const THRESHOLDS: Record<(typeof FIXTURES)[number], KernelChoices> = {
  'tiny-gpt-oss': {},
  // Its 2-3 row per-token passes take the top-k dispatch and the gate/up kernel that reads the experts chosen.
  'gqa8-window16': { matvecMaxRows: 3, skinnyMaxRows: 4, groupedMoeFrom: 4, pickExpertsMaxRows: 1 },
};

describe.each(FIXTURES)('%s', (name) => {
  let model: Model;
  let prefix: number[];
  let items: Item[];
  beforeAll(async () => {
    model = await loadFixtureModel(gpu.device, name);
    const ids = loadReference(name).input_ids;
    prefix = ids.slice(0, 9);
    // Seven items for five slots: suffixes of 1 to 21 tokens, 2 to 7 greedy steps each.
    const cuts: [number, number, number][] = [[9, 12, 5], [20, 21, 2], [3, 24, 7], [30, 34, 3], [11, 13, 6], [5, 9, 4], [38, 40, 7]];
    items = cuts.map(([from, to, steps]) => ({ suffix: ids.slice(from, to), steps }));
  });
  afterAll(() => model?.destroy());

  async function alone(item: Item): Promise<Run> {
    const seq = new Sequence(model);
    const run: Run = { logits: [], tokens: [] };
    let row = (await seq.forward([...prefix, ...item.suffix], { logits: 'last' })).logits[0];
    for (let s = 0; s < item.steps; s++) {
      run.logits.push(row);
      run.tokens.push(argmax(row));
      if (s + 1 < item.steps) row = (await seq.forward([run.tokens[s]], { logits: 'last' })).logits[0];
    }
    seq.destroy();
    return run;
  }

  it('each item decoded in a batch equals the same item alone (logits and greedy tokens), items joining as slots free up', async () => {
    const expected = await Promise.all(items.map(alone));
    const batch = new SequenceBatch(model, { slots: SLOTS, ...THRESHOLDS[name] });
    batch.resetSlot(0);
    await batch.forwardSlot(0, prefix, { logits: 'none' });
    const shared = batch.snapshotSlot(0);

    const runs: Run[] = items.map(() => ({ logits: [], tokens: [] }));
    const active = new Map<number, number>(); // slot → item
    let next = 0;
    const passSizes: number[] = [];
    const admit = async (slot: number) => {
      if (next >= items.length) return;
      const i = next++;
      batch.restoreSlot(slot, shared);
      expect(batch.positions[slot]).toBe(prefix.length);
      const row = (await batch.forwardSlot(slot, items[i].suffix, { logits: 'last' })).logits[0];
      runs[i].logits.push(row);
      runs[i].tokens.push(argmax(row));
      active.set(slot, i);
    };
    for (let slot = 0; slot < SLOTS; slot++) await admit(slot);
    while (active.size) {
      // Items that have all their steps leave; their slots take the next items.
      for (const [slot, i] of [...active]) {
        if (runs[i].tokens.length === items[i].steps) {
          active.delete(slot);
          await admit(slot);
        }
      }
      if (!active.size) break;
      const feeds = [...active].map(([slot, i]) => ({ slot, id: runs[i].tokens.at(-1)! }));
      passSizes.push(feeds.length);
      const { picks, logits } = await batch.decodeGreedy(feeds, { logits: true });
      feeds.forEach((feed, r) => {
        const i = active.get(feed.slot)!;
        runs[i].logits.push(logits![r]);
        runs[i].tokens.push(picks[r].id);
        // The GPU's pick is the row's argmax, and its probability the softmax of that logit.
        expect(picks[r].id).toBe(argmax(logits![r]));
        const row = logits![r];
        const max = row[picks[r].id];
        const sum = row.reduce((a, v) => a + Math.exp(v - max), 0);
        expect(Math.abs(picks[r].probability - 1 / sum)).toBeLessThan(1e-5);
      });
    }
    shared.release();
    batch.destroy();

    // Passes of 5 rows down to 1.
    expect(Math.max(...passSizes)).toBe(SLOTS);
    expect(Math.min(...passSizes)).toBe(1);
    items.forEach((item, i) => {
      expect(runs[i].tokens, `item ${i} tokens`).toEqual(expected[i].tokens);
      expect(runs[i].logits).toHaveLength(item.steps);
      runs[i].logits.forEach((row, s) => {
        const error = relativeL2(row, expected[i].logits[s]);
        if (!(error <= TOLERANCE)) throw new Error(`item ${i} step ${s}: logits relative L2 ${error} > ${TOLERANCE}`);
      });
    });
  }, 300_000);

  it('decode passes queued ahead, rows fed on the GPU from the previous pass or given, pick each item\'s tokens alone; dropping gives the positions back', async () => {
    const chosen = [0, 2, 4];
    const S = 5;
    const expected = await Promise.all(chosen.map((i) => alone({ ...items[i], steps: S })));
    const batch = new SequenceBatch(model, { slots: chosen.length, ...THRESHOLDS[name] });
    for (const [slot, i] of chosen.entries()) await batch.forwardSlot(slot, [...prefix, ...items[i].suffix.slice(0, -1)], { logits: 'none' });
    batch.queueDecode(chosen.map((i, slot) => ({ slot, id: items[i].suffix.at(-1)! })));
    const picks: number[][] = chosen.map(() => []);
    for (let k = 1; k <= S; k++) {
      // Queued before the previous pass is read: slot 1 is given its token (the one it picked), the others continue on the GPU.
      if (k < S) batch.queueDecode(chosen.map((_, slot) => (slot === 1 ? { slot, id: expected[1].tokens[k - 1] } : { slot })));
      (await batch.takeDecode()).forEach((pick, slot) => picks[slot].push(pick.id));
    }
    chosen.forEach((_, slot) => expect(picks[slot], `slot ${slot}`).toEqual(expected[slot].tokens));

    const before = [...batch.positions];
    batch.queueDecode([{ slot: 0, id: 1 }, { slot: 2, id: 1 }]);
    expect(() => batch.queueDecode([{ slot: 1 }])).toThrow(/no queued pass to continue from/);
    batch.queueDecode([{ slot: 2 }]);
    batch.queueDecode([{ slot: 2 }]);
    expect(() => batch.queueDecode([{ slot: 2 }])).toThrow(/at most 3 passes/);
    expect(batch.queuedDecodes).toBe(3);
    expect(batch.positions).toEqual([before[0] + 1, before[1], before[2] + 3]);
    await batch.dropQueuedDecodes();
    expect(batch.positions).toEqual(before);
    expect(batch.queuedDecodes).toBe(0);
    batch.destroy();
  }, 300_000);

  it('each pass size runs the MoE kernels its thresholds choose', () => {
    const batch = new SequenceBatch(model, { slots: SLOTS, ...THRESHOLDS[name] });
    const moe = (tokens: number, choices?: SequenceBatch) => [...new Set((choices ?? batch).kernelsFor({ tokens, logitRows: tokens, end: 20, rowPerSequence: true }).filter((k) => k.startsWith('moe')))].sort();
    if (name === 'tiny-gpt-oss') {
      // Per (token, expert) at every size: down and the weighted sum in one dispatch up to 3 rows, two from 4.
      expect(moe(1)).toEqual(['moe-down-combine', 'moe-gate-up-picking']);
      expect(moe(3)).toEqual(['moe-down-combine', 'moe-gate-up-picking']);
      expect(moe(4)).toEqual(['moe-combine-picking', 'moe-down-rounds-2', 'moe-gate-up-picking-rounds-2']);
    } else {
      // Grouped from 4 rows: 4-slot tiles with their inputs in 4 parts, the partial sums added up after each.
      // moe-route lists the tiles of the size the pass runs.
      expect(moe(4)).toEqual(['moe-combine-parts-4', 'moe-down-grouped-4-parts-4', 'moe-gate-up-grouped-4-parts-4', 'moe-route-4', 'moe-swiglu-parts-4']);
      const whole = new SequenceBatch(model, { slots: SLOTS, ...THRESHOLDS[name], tileKParts: 1 });
      expect(moe(5, whole)).toEqual(['moe-combine', 'moe-down-grouped-4', 'moe-gate-up-grouped-4', 'moe-route-4']);
      whole.destroy();
      const wide = new SequenceBatch(model, { slots: SLOTS, ...THRESHOLDS[name], wideTilesFrom: 4 });
      expect(moe(4, wide)).toEqual(['moe-combine', 'moe-down-grouped', 'moe-gate-up-grouped', 'moe-route-16']);
      wide.destroy();
    }
    batch.destroy();
  });
});

describe('batch limits', () => {
  it('refuses a slot fed twice, an unknown slot, and more sequences than one binding holds; sizes are reported', async () => {
    const model = await loadFixtureModel(gpu.device, 'tiny-gpt-oss');
    const batch = new SequenceBatch(model, { slots: 2, context: 64 });
    expect(batch.capacity).toBe(64);
    await expect(batch.decodeGreedy([{ slot: 0, id: 1 }, { slot: 0, id: 2 }])).rejects.toThrow(/fed twice/);
    await expect(batch.decodeGreedy([{ slot: 2, id: 1 }])).rejects.toThrow(/no sequence slot 2/);
    batch.positions[1] = 64;
    await expect(batch.decodeGreedy([{ slot: 1, id: 1 }])).rejects.toThrow(/exceed the context of 64/);
    batch.destroy();
    const most = maxSlots(model);
    expect(() => new SequenceBatch(model, { slots: most + 1 })).toThrow(/do not fit one GPU binding/);
    // A second sequence adds exactly its KV cache (the activations already cover two rows here).
    expect(batchBytes(model, 2) - batchBytes(model, 1)).toBe(kvBytesPerSequence(model.config, model.shape));
    model.destroy();
  });
});
