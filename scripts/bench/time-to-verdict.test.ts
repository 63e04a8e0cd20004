// The benchmark's time-to-verdict runs the real classifier with a forced answer of the asked length: the prompt
// has the asked token counts, the policy comes from its snapshot, every forced token is one GPU step, and the
// verdict and its label probability come out of the parser. On the scripted full-vocabulary checkpoint.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { localFolder } from '../../platform/node/node-checkpoint';
import type { AcquiredDevice } from '../../engine/gpu/device';
import { openCheckpoint } from '../../engine/weights/checkpoint';
import { Model } from '../../engine/runtime/model';
import { loadTestTokenizer, writeScriptedModel } from '../../testing/scripted-model-files';
import { timeToVerdict } from './time-to-verdict';

let gpu: AcquiredDevice;
let model: Model;
beforeAll(async () => {
  gpu = await acquireNodeDevice();
  const dir = mkdtempSync(path.join(tmpdir(), 'scripted-gpt-oss-'));
  await writeScriptedModel(dir);
  model = await Model.load(gpu.device, await openCheckpoint(localFolder(dir)), { maxContext: 512, chunk: 128 });
}, 300_000);
afterAll(() => {
  model?.destroy();
  gpu?.device.destroy();
});

it('times a verdict of the asked shape through the classifier, policy cached', async () => {
  const tokenizer = await loadTestTokenizer();
  let submits = 0;
  const submit = model.device.queue.submit.bind(model.device.queue);
  model.device.queue.submit = (buffers) => { submits++; submit(buffers); };
  const r = await timeToVerdict(model, tokenizer, { policyTokens: 140, contentTokens: 12, reasoningTokens: 5 }, 1);
  model.device.queue.submit = submit;
  // The rendered policy prefix within a token of the asked length (a cut may merge), restored, not prefilled.
  expect(Math.abs(r.tokens.policy_cached - 140)).toBeLessThanOrEqual(1);
  expect(r.tokens.policy_prefilled).toBe(0);
  expect(r.tokens.content).toBe(12);
  // <|channel|>analysis<|message|> + 5 + <|end|><|start|>assistant<|channel|>final<|message|> + answer + <|return|>
  expect(r.tokens.generated).toBe(3 + 5 + 6 + r.tokens.answer + 1);
  expect(r.tokens.answer).toBe(6); // {"|vi|olation|":|1|}
  expect(r.verdict).toBe('violation');
  expect(r.label_probability).toBeGreaterThan(0);
  expect(r.label_probability).toBeLessThanOrEqual(1);
  expect(r.seconds).toBeGreaterThan(0);
  expect(r.decode_ms).toBeGreaterThan(0);
  // Two classifications (the caching one and the timed one), each at least one submit per generated token.
  expect(submits).toBeGreaterThanOrEqual(2 * r.tokens.generated);
}, 300_000);
