// Full-size fidelity harness, engine half: loads the checkpoint make_full_reference.py wrote through the real
// loader (shards, index, MXFP4 kept packed), runs the prompt with every position's logits and the greedy
// continuation, and compares with transformers' float32 reference. Exits 1 when a bar is missed.
//   node .device/app/compare-full.mjs DIR        (bundled with scripts/bundle-node.mjs; see docs/engine.md)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { localFolder } from '../../platform/node/node-checkpoint';
import { openCheckpoint } from '../../engine/weights/checkpoint';
import { DEFAULT_RUNTIME } from '../../engine/model/memory-plan';
import { Model } from '../../engine/runtime/model';
import { Sequence } from '../../engine/runtime/sequence';
import { SequenceBatch } from '../../engine/runtime/sequence-batch';
import type { KernelChoices } from '../../engine/graph/forward-plan';
import { compareLogits } from './logit-stats';

const BARS = { medianRelL2: 5e-4, argmaxAgreement: 0.995 };

const dir = process.argv[2];
if (!dir) {
  console.error('usage: compare-full DIR   (DIR written by make_full_reference.py)');
  process.exit(2);
}
const ref = JSON.parse(await readFile(path.join(dir, 'reference.json'), 'utf8')) as {
  input_ids: number[]; greedy: number[]; router_margin: number[]; top1_top2_gap: number[]; device: string; transformers_version: string;
};
const raw = await readFile(path.join(dir, 'logits.f32'));
const refLogits = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);

const { device, report } = await acquireNodeDevice();
console.log(`adapter: ${report.adapter.vendor} ${report.adapter.architecture} ${report.adapter.description}`);
let t = performance.now();
const checkpoint = await openCheckpoint(localFolder(dir));
const ids = ref.input_ids;
// The app's prompt pass size, every row's logits kept: the 200-token prompt is one pass, as the app runs it.
const model = await Model.load(device, checkpoint, { maxContext: ids.length + ref.greedy.length + 8, chunk: DEFAULT_RUNTIME.chunk, logitRows: DEFAULT_RUNTIME.chunk });
console.log(`loaded ${checkpoint.config.numLayers} layers in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const sequence = new Sequence(model);
t = performance.now();
const { logits } = await sequence.forward(ids, { logits: 'all' });
const forwardMs = performance.now() - t;
const stats = compareLogits(logits, refLogits, checkpoint.config.vocabSize);
sequence.destroy();
// The same pass with the other prompt attention kernel (KernelChoices.promptAttention: a thread per query).
const queriesSeq = new Sequence(model, { promptAttention: 'queries' });
const queriesStats = compareLogits((await queriesSeq.forward(ids, { logits: 'all' })).logits, refLogits, checkpoint.config.vocabSize);
queriesSeq.destroy();

// The last positions again, one token per pass: the decode kernels (fused norms, split attention) at
// positions past the sliding window.
const decodeFrom = Math.max(1, ids.length - 40);
const decodeSeq = new Sequence(model);
await decodeSeq.forward(ids.slice(0, decodeFrom), { logits: 'none' });
const decodeLogits: Float32Array[] = [];
for (const id of ids.slice(decodeFrom)) decodeLogits.push(Float32Array.from((await decodeSeq.forward([id])).logits[0]));
decodeSeq.destroy();
const vocab = checkpoint.config.vocabSize;
const decodeStats = compareLogits(decodeLogits, refLogits.subarray(decodeFrom * vocab), vocab);

// Batched decode: 24 sequences of the same prompt, each one position further on, one token of each per pass
// (the skinny linears, split attention per row); every row's logits against the reference at its own position.
// Once per expert-kernel family a pass of 24 rows can take, whatever the thresholds choose.
const BATCH = 24;
const MOE_FAMILIES: Record<string, KernelChoices> = {
  'per (token, expert)': { groupedMoeFrom: 1000 },
  '4-slot tiles (inputs in the default parts)': { groupedMoeFrom: 1, wideTilesFrom: 1000 },
  '4-slot tiles, inputs in 4 parts': { groupedMoeFrom: 1, wideTilesFrom: 1000, tileKParts: 4 },
};
async function batchedStats(choices: KernelChoices) {
  const batch = new SequenceBatch(model, { slots: BATCH, context: ids.length + 8, ...choices });
  await batch.forwardSlot(0, ids.slice(0, decodeFrom), { logits: 'none' });
  const prefix = batch.snapshotSlot(0);
  for (let s = 1; s < BATCH; s++) {
    batch.restoreSlot(s, prefix);
    await batch.forwardSlot(s, ids.slice(decodeFrom, decodeFrom + s), { logits: 'none' });
  }
  prefix.release();
  const rows: Float32Array[] = [];
  const reference: Float32Array[] = [];
  for (let step = 0; decodeFrom + step + BATCH - 1 < ids.length; step++) {
    const feeds = Array.from({ length: BATCH }, (_, s) => ({ slot: s, id: ids[decodeFrom + step + s] }));
    const { logits } = await batch.decodeGreedy(feeds, { logits: true });
    logits!.forEach((row, s) => {
      rows.push(Float32Array.from(row));
      reference.push(refLogits.subarray((decodeFrom + step + s) * vocab, (decodeFrom + step + s + 1) * vocab));
    });
  }
  batch.destroy();
  const flat = new Float32Array(reference.length * vocab);
  reference.forEach((row, i) => flat.set(row, i * vocab));
  const stats = compareLogits(rows, flat, vocab);
  return { rows: rows.length, median_rel_l2: stats.median, max_rel_l2: stats.max, argmax_agreement: stats.argmaxAgreement };
}
const batched: Record<string, Awaited<ReturnType<typeof batchedStats>>> = {};
for (const [family, choices] of Object.entries(MOE_FAMILIES)) batched[family] = await batchedStats(choices);
// Greedy continuation through the decode path (split attention, matrix-vector kernels, GPU argmax).
const greedySeq = new Sequence(model);
const greedy: number[] = [await greedySeq.forwardGreedy(ids)];
while (greedy.length < ref.greedy.length) greedy.push(await greedySeq.forwardGreedy([greedy[greedy.length - 1]]));
greedySeq.destroy();

const worst = stats.worstPosition;
const summary = {
  reference: `transformers ${ref.transformers_version} float32 on ${ref.device}`,
  positions: ids.length,
  forward_ms: +forwardMs.toFixed(0),
  median_rel_l2: stats.median,
  p99_rel_l2: stats.p99,
  max_rel_l2: stats.max,
  worst_position: worst,
  router_margin_at_worst: ref.router_margin[worst],
  median_router_margin: [...ref.router_margin].sort((a, b) => a - b)[Math.floor(ref.router_margin.length / 2)],
  argmax_agreement: stats.argmaxAgreement,
  prompt_attention_queries: { median_rel_l2: queriesStats.median, max_rel_l2: queriesStats.max, argmax_agreement: queriesStats.argmaxAgreement },
  decode_positions: `${decodeFrom}..${ids.length - 1}, one token per pass`,
  decode_median_rel_l2: decodeStats.median,
  decode_max_rel_l2: decodeStats.max,
  decode_argmax_agreement: decodeStats.argmaxAgreement,
  batched_passes: `${BATCH} sequences a position apart, one token each per pass, per expert-kernel family`,
  batched,
  argmax_disagreements: stats.disagreements.map((p) => ({ position: p, reference_top2_gap: ref.top1_top2_gap[p], router_margin: ref.router_margin[p] })),
  greedy_identical: greedy.every((id, i) => id === ref.greedy[i]),
  greedy_engine: greedy,
  greedy_reference: ref.greedy,
};
const pass = summary.median_rel_l2 <= BARS.medianRelL2 && summary.argmax_agreement >= BARS.argmaxAgreement
  && queriesStats.median <= BARS.medianRelL2 && queriesStats.argmaxAgreement >= BARS.argmaxAgreement
  && summary.decode_median_rel_l2 <= BARS.medianRelL2 && summary.decode_argmax_agreement >= BARS.argmaxAgreement
  && Object.values(batched).every((b) => b.median_rel_l2 <= BARS.medianRelL2 && b.argmax_agreement >= BARS.argmaxAgreement) && summary.greedy_identical;
console.log(JSON.stringify({ ...summary, bars: BARS, pass }));
model.destroy();
device.destroy();
process.exit(pass ? 0 : 1);
