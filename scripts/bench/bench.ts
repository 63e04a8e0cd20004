// Benchmark: the full gpt-oss-20b shape with synthetic weights generated on the GPU (real layout and dtypes).
// Prints the device's read bandwidth, decode tokens/s at ~1k and ~8k context with the bytes a token reads and
// the fraction of bandwidth that is, prefill tokens/s, dispatches per token, an unquantized per-kernel
// profile, each prompt attention kernel's prefill and time, the time to one verdict through the classifier and
// the GPU memory the engine allocated; then several sequences decoded together: aggregate tokens/s per batch
// size, verdicts per minute for a list of items, and the memory a batch takes.
//   npm run bench [-- --prompt 1024 --decode 64 --long 8192 --batch 8,32 --items 100 --chunk 512 --split-keys 32 --tokenizer tokenizer.json(.gz)]
//   (on the GPU machine: node .device/app/bench.mjs …)
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { parseConfig } from '../../engine/model/config';
import { decodeTraffic } from '../../engine/model/decode-traffic';
import { GPT_OSS_20B } from '../../engine/model/gpt-oss-20b';
import { DEFAULT_RUNTIME } from '../../engine/model/memory-plan';
import { Model } from '../../engine/runtime/model';
import { capabilitiesOf } from '../../engine/gpu/subgroup-layout';
import { Sequence } from '../../engine/runtime/sequence';
import { readBandwidth } from '../../engine/bench/read-bandwidth';
import { batchedDecode, batchMemory, verdictsPerMinute } from './batch-bench';
import { syntheticWeights } from '../../engine/bench/synthetic-weights';
import { pipelinedDecodeMs } from '../../engine/bench/measure-at';
import { HarmonyTokenizer } from '../../harmony/tokenizer';
import { TOKENIZER_JSON } from '../../testing/scripted-model-files';
import { timeToVerdict } from './time-to-verdict';

const { values } = parseArgs({
  options: { prompt: { type: 'string', default: '1024' }, decode: { type: 'string', default: '64' }, long: { type: 'string', default: '8192' }, layers: { type: 'string' },
    batch: { type: 'string', default: '8,32' }, chunk: { type: 'string', default: String(DEFAULT_RUNTIME.chunk) },
    'split-keys': { type: 'string', default: String(DEFAULT_RUNTIME.attentionSplitKeys) }, items: { type: 'string', default: '100' }, tokenizer: { type: 'string', default: TOKENIZER_JSON } },
});
const promptTokens = Number(values.prompt);
const decodeTokens = Number(values.decode);
const longContext = Number(values.long);
const raw = values.layers ? { ...GPT_OSS_20B, num_hidden_layers: Number(values.layers), layer_types: GPT_OSS_20B.layer_types.slice(0, Number(values.layers)) } : GPT_OSS_20B;
const config = parseConfig(raw);
const round = (v: number, digits = 2) => +v.toFixed(digits);
/** Total milliseconds of a per-kernel profile. */
const sum = (profile: Map<string, number>) => [...profile.values()].reduce((a, b) => a + b, 0);

// Unquantized timestamps: Dawn rounds them to ~65 µs unless this toggle is off.
const { device, report } = await acquireNodeDevice({ dawnFlags: ['disable-dawn-features=timestamp_quantization'] });
console.log(`adapter: ${report.adapter.vendor} ${report.adapter.architecture} ${report.adapter.description}; binding limit ${report.limits.maxStorageBufferBindingSize}; features ${report.features.join(',')}`);
const caps = await capabilitiesOf(device);
console.log(`kernels: subgroup lanes ${caps.subgroupLanes || 'none (workgroup-memory sums)'}; FP4 decoded ${caps.f16Subnormals ? 'through f16 subnormals' : 'through a table'}`);
let t = performance.now();
const weights = await syntheticWeights(device, config);
console.log(`synthetic weights: ${(performance.now() - t).toFixed(0)} ms`);
const bandwidth = await readBandwidth(device, weights.get('lm_head.weight')!.parts[0].buffer);
console.log(`read bandwidth: ${(bandwidth / 1e12).toFixed(2)} TB/s`);
t = performance.now();
const chunk = Number(values.chunk);
// Room for a profiled prompt pass after the main or the long prompt and its decode (below).
const maxContext = Math.max(promptTokens, longContext) + chunk + 2 * decodeTokens + 256;
const model = await Model.fromGpuWeights(device, config, weights, { maxContext, chunk, logitRows: 1, attentionSplitKeys: Number(values['split-keys']) });
console.log(`pipelines: ${(performance.now() - t).toFixed(0)} ms`);
const ids = Array.from({ length: Math.max(promptTokens, longContext, 2048) }, (_, i) => (i * 7919 + 13) % 200000);

// Warm-up (first dispatches of each pipeline).
const warm = new Sequence(model);
await warm.forward(ids.slice(0, 130));
await warm.forwardGreedy([1]);
warm.destroy();

/** Decode tokens/s after a prompt of `prompt` tokens (the prompt's own time returned too). */
async function decodeAfter(prompt: number) {
  const seq = new Sequence(model);
  let start = performance.now();
  if (prompt > 1) await seq.forward(ids.slice(0, prompt - 1), { logits: 'none' });
  let next = await seq.forwardGreedy([ids[prompt - 1]]);
  await device.queue.onSubmittedWorkDone();
  const prefillMs = performance.now() - start;
  // As the classifier decodes: the next steps queued (fed on the GPU) before this one's token is read; and with
  // one step queued ahead instead of GREEDY_RUN_AHEAD, for comparison.
  const ms = await pipelinedDecodeMs(seq, next, decodeTokens);
  const oneAheadMs = await pipelinedDecodeMs(seq, next % 200000, decodeTokens, 1);
  // One step at a time (each token read back before the next is encoded), for comparison.
  start = performance.now();
  for (let i = 0; i < 16; i++) next = await seq.forwardGreedy([next % 200000]);
  const serialMs = (performance.now() - start) / 16;
  // The same step with one pair of timestamps around its single compute pass: GPU time vs wall time.
  const steps = [];
  for (let i = 0; i < 8; i++) steps.push(await seq.timeGreedyStep(next % 200000));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const gpuMs = median(steps.map((s) => s.gpuMs));
  const traffic = decodeTraffic(config, prompt + decodeTokens / 2);
  return {
    seq,
    prefillMs,
    figures: {
      tokens_per_s: round(1000 / ms),
      ms_per_token: round(ms, 3),
      one_ahead_tokens_per_s: round(1000 / oneAheadMs),
      unpipelined_tokens_per_s: round(1000 / serialMs),
      bytes_per_token: Math.round(traffic.total),
      bandwidth_fraction: round((traffic.total / (ms / 1000)) / bandwidth, 3),
      roofline_tokens_per_s: round(bandwidth / traffic.total, 0),
      gpu_ms_per_token: round(gpuMs, 3),
      gpu_bandwidth_fraction: round((traffic.total / (gpuMs / 1000)) / bandwidth, 3),
      host_ms_per_token: round(median(steps.map((s) => s.wallMs)) - gpuMs, 3),
    },
  };
}

const main = await decodeAfter(promptTokens);
const short = await decodeAfter(16);
short.seq.destroy();
const long = longContext > 0 ? await decodeAfter(longContext) : null;

// Per-kernel GPU time of one decode step at ~1k context and of one prompt pass of the prefill's chunk size after it
// (the passes the prefill figure is made of).
// Also one such pass after the long prompt, where attention takes a larger share.
const profiles: Record<string, Record<string, number>> = {};
const timestamps = device.features.has('timestamp-query');
if (timestamps) {
  const passes: [string, Sequence, number[]][] = [['decode_1_token_ms', main.seq, [7]], [`prefill_${chunk}_tokens_ms`, main.seq, ids.slice(0, chunk)]];
  if (long) passes.push([`prefill_${chunk}_tokens_after_${longContext}_ms`, long.seq, ids.slice(0, chunk)]);
  for (const [label, seq, tokens] of passes) {
    const p = await seq.profile(tokens);
    profiles[label] = { total: round(sum(p), 3), ...Object.fromEntries([...p].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v, 4)])) };
  }
}
long?.seq.destroy();

// Each prompt attention kernel (KernelChoices.promptAttention) on the main and the long prompt, twice in turn:
// prefill tokens/s, and the kernel's own time and the whole pass's (each dispatch timed alone) in a chunk-sized
// pass at the start of the prompt and after it.
type PassFigures = { prefill_tokens_per_s: number[]; attention_ms_first_pass: number[]; first_pass_ms: number[]; attention_ms_in_pass: number[]; pass_ms: number[] };
const promptAttention: Record<string, PassFigures> = {};
for (const prompt of [promptTokens, longContext].filter((n) => n > 0)) {
  for (const kernel of ['rows', 'queries', 'rows', 'queries'] as const) {
    const seq = new Sequence(model, { promptAttention: kernel });
    const first = timestamps ? await seq.profile(ids.slice(0, chunk)) : new Map<string, number>();
    await device.queue.onSubmittedWorkDone();
    const start = performance.now();
    await seq.forward(ids.slice(0, prompt), { logits: 'none' });
    await device.queue.onSubmittedWorkDone();
    const ms = performance.now() - start;
    const after = timestamps ? await seq.profile(ids.slice(0, chunk)) : new Map<string, number>();
    seq.destroy();
    const figures = (promptAttention[`${kernel}_at_${prompt}`] ??= { prefill_tokens_per_s: [], attention_ms_first_pass: [], first_pass_ms: [], attention_ms_in_pass: [], pass_ms: [] });
    figures.prefill_tokens_per_s.push(round(prompt / (ms / 1000), 1));
    figures.attention_ms_first_pass.push(round(first.get(`attention-${kernel}`) ?? NaN, 3));
    figures.first_pass_ms.push(round(sum(first), 3));
    figures.attention_ms_in_pass.push(round(after.get(`attention-${kernel}`) ?? NaN, 3));
    figures.pass_ms.push(round(sum(after), 3));
  }
}

// One verdict through the classifier (600-token policy cached, 150-token content, 100 reasoning tokens).
const tokenizerBytes = await readFile(values.tokenizer);
const tokenizer = HarmonyTokenizer.fromJson(JSON.parse((values.tokenizer.endsWith('.gz') ? gunzipSync(tokenizerBytes) : tokenizerBytes).toString('utf8')));
const verdict = await timeToVerdict(model, tokenizer, { policyTokens: 600, contentTokens: 150, reasoningTokens: 100 });

const plan = model.memoryPlan;
const result = {
  model: `gpt-oss-20b shape${values.layers ? ` (${values.layers} layers)` : ''}, synthetic weights`,
  adapter: report.adapter.description,
  read_bandwidth_tb_s: round(bandwidth / 1e12, 3),
  prefill_tokens: promptTokens,
  prefill_chunk: chunk,
  attention_split_keys: Number(values['split-keys']),
  prefill_tokens_per_s: round(promptTokens / (main.prefillMs / 1000), 1),
  decode_tokens: decodeTokens,
  [`decode_at_${promptTokens}`]: main.figures,
  decode_at_16: short.figures,
  ...(long ? { [`decode_at_${longContext}`]: long.figures, [`prefill_${longContext}_tokens_per_s`]: round(longContext / (long.prefillMs / 1000), 1) } : {}),
  time_to_verdict: verdict,
  dispatches_per_decode_token: main.seq.dispatchCount({ tokens: 1, logitRows: 1, end: promptTokens + 1, rowPerSequence: true }),
  dispatches_per_prefill_chunk: main.seq.dispatchCount({ tokens: chunk, logitRows: 1, end: chunk }),
  gpu_memory_bytes: plan.total,
  gpu_memory_gib: round(plan.total / 2 ** 30),
  memory_plan: plan,
  kernel_profile: profiles,
  prompt_attention: promptAttention,
};
console.log(JSON.stringify(result));
main.seq.destroy();

// Several sequences decoded together, against the single-sequence figures above (a second JSON line);
// `--batch none` stops here.
const batchSizes = values.batch.split(',').filter((n) => n && n !== 'none').map(Number);
if (values.batch === 'none') {
  model.destroy();
  device.destroy();
  process.exit(0);
}
const batched = [];
for (const n of [1, ...batchSizes]) batched.push(await batchedDecode(model, ids, n, promptTokens, Math.min(decodeTokens, 32)));
// Variants beside the default choices (kernel_ms has each kernel's time): the MoE per (token, expert) (with its
// rounds of rows) and grouped by expert (4-slot tiles, their inputs in the default number of parts, in one and in
// two) at every size, whichever the thresholds choose; then the sizes between.
for (const n of [4, 8, 16, 24, 32]) {
  const variants = [{ groupedMoeFrom: 64 }, { groupedMoeFrom: 4 }, { groupedMoeFrom: 4, tileKParts: 1 }, { groupedMoeFrom: 4, tileKParts: 2 }];
  for (const variant of variants) batched.push(await batchedDecode(model, ids, n, promptTokens, 16, variant));
}
// Rounds of rows where the default is one (passes of 1-3 rows: fewer, longer workgroups).
for (const n of [1, 2]) for (const expertRowSteps of [2, 4]) batched.push(await batchedDecode(model, ids, n, promptTokens, 16, { expertRowSteps }));
// The expert down projection and the weighted sum as two dispatches (moe-down, moe-combine) where the default
// fuses them (moe-down-combine, 1-3 rows), and fused where it does not.
for (const n of [1, 2]) batched.push(await batchedDecode(model, ids, n, promptTokens, 16, { fusedDownMaxRows: 0 }));
for (const n of [4, 8]) batched.push(await batchedDecode(model, ids, n, promptTokens, 16, { fusedDownMaxRows: n }));
for (const n of [2, 4, 16, 24].filter((n) => !batchSizes.includes(n))) batched.push(await batchedDecode(model, ids, n, promptTokens, 16));
console.log(JSON.stringify({ batched_decode: batched.map((b) => ({ ...b, times_single: round(b.aggregate_tokens_per_s / main.figures.tokens_per_s) })) }));
const work = { items: Number(values.items), policyTokens: 600, contentTokens: 150, generatedTokens: 100 };
const verdicts = [await verdictsPerMinute(model, ids, { ...work, items: Math.min(work.items, 12) }, 1)];
for (const n of batchSizes) verdicts.push(await verdictsPerMinute(model, ids, work, n));
console.log(JSON.stringify({ verdicts: { work, single_measured_on: verdicts[0].items, results: verdicts }, batch_memory_8x4096: batchMemory(model, 8, 4096) }));
model.destroy();
device.destroy();
process.exit(0);
