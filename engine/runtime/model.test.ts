// The engine against Hugging Face transformers (float64) on two fixtures of different shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import type { AcquiredDevice } from '../gpu/device';
import { FIXTURES, loadFixtureModel, loadReference, relativeL2, type Reference } from '../../testing/fixtures';
import { Model } from './model';
import { parseConfig } from '../model/config';
import { BENCH_SHAPES } from '../bench/bench-shapes';
import { syntheticWeights } from '../bench/synthetic-weights';
import { Sequence } from './sequence';
import { GREEDY_RUN_AHEAD, PrefixCachedGenerator } from './prefix-cached-generator';
import { GROUPED_MOE_MIN_TOKENS, WIDE_TILES_MIN_TOKENS } from '../graph/kernel-thresholds';

const TOLERANCE = 1e-3;

let gpu: AcquiredDevice;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
});
afterAll(() => gpu?.device.destroy());

function expectLogitsMatch(rows: Float32Array[], reference: number[][], offset = 0) {
  expect(rows.length).toBe(reference.length - offset);
  rows.forEach((row, i) => {
    const error = relativeL2(row, reference[offset + i]);
    if (!(error <= TOLERANCE)) throw new Error(`position ${offset + i}: logits relative L2 error ${error} > ${TOLERANCE}`);
  });
}

it('the fixtures\' prompts take both grouped MoE tile sizes in one pass: 4-slot tiles (tiny-gpt-oss) and 16-slot (gqa8-window16)', () => {
  const lengths = FIXTURES.map((name) => loadReference(name).input_ids.length);
  expect(lengths.some((n) => n >= GROUPED_MOE_MIN_TOKENS && n < WIDE_TILES_MIN_TOKENS)).toBe(true);
  expect(lengths.some((n) => n >= WIDE_TILES_MIN_TOKENS)).toBe(true);
});

describe.each(FIXTURES)('%s', (name) => {
  let model: Model;
  let ref: Reference;
  beforeAll(async () => {
    ref = loadReference(name);
    model = await loadFixtureModel(gpu.device, name, { chunk: 128, logitRows: 128 });
  });
  afterAll(() => model?.destroy());

  it('prefill: logits at every position and hidden states after every layer match transformers', async () => {
    // Prefill of the whole prompt takes the grouped-by-expert MoE path; decode tests take the per-token one.
    const ctx = new Sequence(model);
    const { logits, hiddenStates } = await ctx.forward(ref.input_ids, { logits: 'all', hiddenStates: true });
    expectLogitsMatch(logits, ref.logits);
    expect(hiddenStates).toHaveLength(ref.hidden_states_per_layer.length);
    hiddenStates!.forEach((h, layer) => {
      const expected = ref.hidden_states_per_layer[layer].flat();
      expect(relativeL2(h, expected), `hidden state ${layer}`).toBeLessThanOrEqual(TOLERANCE);
    });
    expect(ctx.position).toBe(ref.input_ids.length);
    ctx.destroy();
  });

  it('decode one token at a time gives the same logits (sliding-window ring buffer, positions)', async () => {
    const ctx = new Sequence(model);
    const rows: Float32Array[] = [];
    for (const id of ref.input_ids) rows.push((await ctx.forward([id], { logits: 'last' })).logits[0]);
    expectLogitsMatch(rows, ref.logits);
    ctx.destroy();
  });

  it('prefill 20 then decode the rest one by one', async () => {
    const ctx = new Sequence(model);
    const first = await ctx.forward(ref.input_ids.slice(0, 20), { logits: 'all' });
    const rows = [...first.logits];
    for (const id of ref.input_ids.slice(20)) rows.push((await ctx.forward([id])).logits[0]);
    expectLogitsMatch(rows, ref.logits);
    ctx.destroy();
  });

  it('prefill in chunks smaller than the window matches (chunk boundaries inside the ring)', async () => {
    const small = await loadFixtureModel(gpu.device, name, { chunk: 7, logitRows: 7 });
    try {
      const ctx = new Sequence(small);
      const { logits } = await ctx.forward(ref.input_ids, { logits: 'all' });
      expectLogitsMatch(logits, ref.logits);
    } finally {
      small.destroy();
    }
  });

  it('the other prompt attention kernel (a thread per query) matches too: whole prompt, and chunks of 7', async () => {
    const whole = new Sequence(model, { promptAttention: 'queries' });
    const attention = (seq: Sequence) => seq.kernelsFor({ tokens: 40, logitRows: 40, end: 40 }).filter((k) => k.startsWith('attention'));
    expect(new Set(attention(whole))).toEqual(new Set(['attention-queries']));
    const byDefault = new Sequence(model);
    expect(new Set(attention(byDefault))).toEqual(new Set(['attention-rows']));
    byDefault.destroy();
    expectLogitsMatch((await whole.forward(ref.input_ids, { logits: 'all' })).logits, ref.logits);
    whole.destroy();
    const small = await loadFixtureModel(gpu.device, name, { chunk: 7, logitRows: 7 });
    try {
      const ctx = new Sequence(small, { promptAttention: 'queries' });
      expectLogitsMatch((await ctx.forward(ref.input_ids, { logits: 'all' })).logits, ref.logits);
    } finally {
      small.destroy();
    }
  });

  it('stops between steps when aborted, and refuses bad token ids and overlong inputs', async () => {
    const ctx = new Sequence(model);
    const controller = new AbortController();
    controller.abort();
    await expect(ctx.forward(ref.input_ids, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortedError' });
    await expect(ctx.forward([model.config.vocabSize])).rejects.toMatchObject({ name: 'InvalidRequestError' });
    await expect(ctx.forward(new Array(model.shape.maxContext + 1).fill(1))).rejects.toThrow(/exceed the context/);
    expect(ctx.position).toBe(0);
    ctx.destroy();
  });

  it('greedy continuation equals transformers greedy_next_24 exactly', async () => {
    const ctx = new Sequence(model);
    const generated: number[] = [];
    let next = await ctx.forwardGreedy(ref.input_ids);
    for (let i = 0; i < ref.greedy_next_24.length; i++) {
      generated.push(next);
      if (i + 1 < ref.greedy_next_24.length) next = await ctx.forwardGreedy([next]);
    }
    expect(generated).toEqual(ref.greedy_next_24);
    ctx.destroy();
  });

  it('greedy steps queued ahead, fed on the GPU, give the same tokens; their probabilities match the logits; dropped steps give the position back', async () => {
    const ctx = new Sequence(model);
    const { logits } = await ctx.forward(ref.input_ids.slice(0, -1), { logits: 'none' }).then(() => ctx.forward(ref.input_ids.slice(-1)));
    const top = logits[0].reduce((a, v) => Math.max(a, v), -Infinity);
    const firstProbability = 1 / logits[0].reduce((a, v) => a + Math.exp(v - top), 0);
    ctx.reset();
    await ctx.forward(ref.input_ids.slice(0, -1), { logits: 'none' });
    ctx.queueGreedy(ref.input_ids[ref.input_ids.length - 1]);
    const picks = [];
    for (let i = 0; i < ref.greedy_next_24.length; i++) {
      if (i + 1 < ref.greedy_next_24.length) ctx.queueGreedy(); // runs ahead: its input is the pick not yet read
      picks.push(await ctx.takeGreedy());
    }
    expect(picks.map((p) => p.id)).toEqual(ref.greedy_next_24);
    expect(Math.abs(picks[0].probability - firstProbability) / firstProbability).toBeLessThan(1e-4);
    ctx.queueGreedy(ref.greedy_next_24[ref.greedy_next_24.length - 1]);
    ctx.runAhead(2);
    expect(ctx.queuedSteps).toBe(3);
    expect(ctx.position).toBe(ref.input_ids.length + ref.greedy_next_24.length + 2);
    await ctx.dropQueued();
    expect(ctx.position).toBe(ref.input_ids.length + ref.greedy_next_24.length - 1);
    ctx.destroy();
  });

  it(`the prefix-cached generator (${GREEDY_RUN_AHEAD} steps run ahead) gives transformers' greedy tokens; feeding another token drops the steps run ahead`, async () => {
    const ids = ref.input_ids;
    const generator = new PrefixCachedGenerator(model);
    await generator.start('prompt', ids.slice(0, -1), {});
    const tokens = [await generator.next(ids.slice(-1))];
    while (tokens.length < ref.greedy_next_24.length) tokens.push(await generator.next([tokens[tokens.length - 1]]));
    expect(tokens).toEqual(ref.greedy_next_24);
    // Off the path the queued steps took: the token after the prompt and greedy_next_24[0..5] and a foreign token
    // is what a fresh sequence gives for the same ids.
    const foreign = (ref.greedy_next_24[6] + 1) % model.config.vocabSize;
    await generator.start('prompt', ids.slice(0, -1), {});
    let last = await generator.next(ids.slice(-1));
    for (let i = 0; i < 6; i++) last = await generator.next([last]);
    const afterForeign = await generator.next([foreign]);
    await generator.settle();
    generator.dispose();
    const fresh = new Sequence(model);
    const expected = await fresh.forwardGreedy([...ids, ...ref.greedy_next_24.slice(0, 6), foreign]);
    fresh.destroy();
    expect(afterForeign).toBe(expected);
  });

  it('snapshot after 16 tokens, continue two different ways, restore: each equals a fresh run', async () => {
    const ids = ref.input_ids;
    const otherTail = ids.slice(16).map((id, i) => (id * 7 + i + 1) % (model.config.vocabSize - 30));
    const fresh = async (tokens: number[]) => {
      const ctx = new Sequence(model);
      const out = (await ctx.forward(tokens, { logits: 'all' })).logits;
      ctx.destroy();
      return out;
    };
    const ctx = new Sequence(model);
    await ctx.forward(ids.slice(0, 16), { logits: 'none' });
    const snap = ctx.snapshot();
    const a = (await ctx.forward(ids.slice(16), { logits: 'all' })).logits;
    ctx.restore(snap);
    expect(ctx.position).toBe(16);
    const b = (await ctx.forward(otherTail, { logits: 'all' })).logits;
    ctx.restore(snap);
    const a2 = (await ctx.forward(ids.slice(16), { logits: 'all' })).logits;
    snap.release();

    expectLogitsMatch(a, ref.logits, 16);
    expectLogitsMatch(a2, ref.logits, 16);
    const freshB = (await fresh([...ids.slice(0, 16), ...otherTail])).slice(16);
    b.forEach((row, i) => expect(relativeL2(row, freshB[i])).toBeLessThanOrEqual(TOLERANCE));
    // The other continuation really is different (the test would be vacuous otherwise).
    expect(relativeL2(b[b.length - 1], a[a.length - 1])).toBeGreaterThan(0.05);
    ctx.destroy();
  });
});

describe('tensor splitting for small storage bindings', () => {
  it('a model whose tensors are split into many parts gives the same logits', async () => {
    const ref = loadReference('tiny-gpt-oss');
    // 48 KiB parts: embeddings, lm_head, q/o projections and the expert blocks are all split.
    const model = await loadFixtureModel(gpu.device, 'tiny-gpt-oss', { maxPartBytes: 48 * 1024, chunk: 64, logitRows: 64 });
    try {
      expect(model.tensor('lm_head.weight').parts.length).toBeGreaterThan(4);
      expect(model.tensor('model.layers.0.mlp.experts.gate_up_proj_blocks').parts.length).toBeGreaterThan(1);
      const ctx = new Sequence(model);
      expectLogitsMatch((await ctx.forward(ref.input_ids, { logits: 'all' })).logits, ref.logits);
      const greedy = [await ctx.forwardGreedy([ref.greedy_next_24[0]])];
      expect(greedy[0]).toBe(ref.greedy_next_24[1]);
    } finally {
      model.destroy();
    }
  });

  it('runs on a device limited to 128 MiB storage bindings', async () => {
    const capped = await acquireNodeDevice({ maxStorageBufferBindingSize: 128 * 1024 * 1024 });
    const ref = loadReference('gqa8-window16');
    const model = await loadFixtureModel(capped.device, 'gqa8-window16');
    try {
      const ctx = new Sequence(model);
      expectLogitsMatch((await ctx.forward(ref.input_ids.slice(0, 30), { logits: 'all' })).logits, ref.logits.slice(0, 30));
    } finally {
      model.destroy();
      capped.device.destroy();
    }
  });
});

describe('heads wider than the thread-per-query prompt kernel holds', () => {
  it('a model of 128-dimension heads loads and runs a prompt with the default kernel; choosing the other says why not', async () => {
    const config = parseConfig({ ...BENCH_SHAPES.tiny, num_hidden_layers: 2, layer_types: ['sliding_attention', 'full_attention'], head_dim: 128 });
    const model = await Model.fromGpuWeights(gpu.device, config, await syntheticWeights(gpu.device, config), { maxContext: 64, chunk: 32, logitRows: 1 });
    try {
      expect(() => new Sequence(model, { promptAttention: 'queries' })).toThrow(/at most 64 dimensions \(this model: 128\)/);
      const seq = new Sequence(model);
      const { logits } = await seq.forward(Array.from({ length: 20 }, (_, i) => i + 3), { logits: 'last' });
      expect(logits[0]).toHaveLength(config.vocabSize);
      expect(logits[0].every(Number.isFinite)).toBe(true);
      seq.destroy();
    } finally {
      model.destroy();
    }
  });
});
