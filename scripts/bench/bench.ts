// Benchmark: the full gpt-oss-20b shape with synthetic weights generated on the GPU (real layout and dtypes).
// Prints decode tokens/s, prefill tokens/s for a 1,024-token prompt and the GPU memory the engine allocated.
//   npm run bench [-- --prompt 1024 --decode 64]   (on the GPU machine: node .device/app/bench.mjs)
import { parseArgs } from 'node:util';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { parseConfig } from '../../engine/model/config';
import { GPT_OSS_20B } from '../../engine/model/gpt-oss-20b';
import { Model } from '../../engine/runtime/model';
import { Sequence } from '../../engine/runtime/sequence';
import { syntheticWeights } from './synthetic-weights';

const { values } = parseArgs({ options: { prompt: { type: 'string', default: '1024' }, decode: { type: 'string', default: '64' }, layers: { type: 'string' } } });
const promptTokens = Number(values.prompt);
const decodeTokens = Number(values.decode);
const raw = values.layers ? { ...GPT_OSS_20B, num_hidden_layers: Number(values.layers), layer_types: GPT_OSS_20B.layer_types.slice(0, Number(values.layers)) } : GPT_OSS_20B;
const config = parseConfig(raw);

const { device, report } = await acquireNodeDevice();
console.log(`adapter: ${report.adapter.vendor} ${report.adapter.architecture} ${report.adapter.description}; binding limit ${report.limits.maxStorageBufferBindingSize}; features ${report.features.join(',')}`);
let t = performance.now();
const weights = await syntheticWeights(device, config);
console.log(`synthetic weights: ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
const model = await Model.fromGpuWeights(device, config, weights, { maxContext: promptTokens + decodeTokens + 256, chunk: 128, logitRows: 1 });
console.log(`pipelines: ${(performance.now() - t).toFixed(0)} ms`);
const plan = model.memoryPlan;
const ids = Array.from({ length: promptTokens }, (_, i) => (i * 7919 + 13) % 200000);

// Warm-up (first dispatches of each pipeline).
const warm = new Sequence(model);
await warm.forward(ids.slice(0, 130));
await warm.forwardGreedy([1]);
warm.destroy();

const ctx = new Sequence(model);
t = performance.now();
await ctx.forward(ids);
const prefillMs = performance.now() - t;
let next = await ctx.forwardGreedy([42]);
t = performance.now();
for (let i = 0; i < decodeTokens; i++) next = await ctx.forwardGreedy([next % 200000]);
const decodeMs = performance.now() - t;

// Decode right after a short prompt too: the difference to the figure above is the cost of attention
// over the longer context.
const short = new Sequence(model);
let shortNext = await short.forwardGreedy(ids.slice(0, 16));
t = performance.now();
for (let i = 0; i < decodeTokens; i++) shortNext = await short.forwardGreedy([shortNext % 200000]);
const shortMs = performance.now() - t;
short.destroy();

// Per-kernel GPU time of one decode step at ~1k context and of one 128-token prefill chunk.
const profiles: Record<string, Record<string, number>> = {};
if (device.features.has('timestamp-query')) {
  for (const [label, tokens] of [['decode_1_token_ms', [7]], ['prefill_128_tokens_ms', ids.slice(0, 128)]] as const) {
    const p = await ctx.profile(tokens);
    profiles[label] = Object.fromEntries([...p].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +v.toFixed(3)]));
  }
}

const result = {
  model: 'gpt-oss-20b shape, synthetic weights',
  prefill_tokens: promptTokens,
  prefill_tokens_per_s: +(promptTokens / (prefillMs / 1000)).toFixed(1),
  decode_tokens: decodeTokens,
  decode_tokens_per_s: +(decodeTokens / (decodeMs / 1000)).toFixed(2),
  decode_ms_per_token: +(decodeMs / decodeTokens).toFixed(2),
  decode_after_16_tokens_per_s: +(decodeTokens / (shortMs / 1000)).toFixed(2),
  gpu_memory_bytes: plan.total,
  gpu_memory_gib: +(plan.total / 2 ** 30).toFixed(2),
  memory_plan: plan,
  kernel_profile: profiles,
};
console.log(JSON.stringify(result));
ctx.destroy();
model.destroy();
device.destroy();
process.exit(0);
