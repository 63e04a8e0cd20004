// safeguard serve: the engine (Node + Dawn: the real GPU when present) as an OpenAI-compatible server. Prints one
// JSON line {"url", "model"} on stdout once it listens, logs one line per request on stderr (never the content),
// and stops on SIGINT/SIGTERM.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, openBatch } from '../../backends/local-webgpu/classify-many-gpu';
import { Classifier } from '../../classify/classifier';
import type { Model } from '../../engine/runtime/model';
import { PrefixCachedGenerator } from '../../engine/runtime/prefix-cached-generator';
import type { HarmonyTokenizer } from '../../harmony/tokenizer';
import { createOpenAIServer, type BatchLane } from '../../server/openai-server';
import { parseNumber, UsageError } from './cli-args';
import { loadModel } from './load-classifier';

export const SERVE_USAGE =
  'safeguard serve --model DIR [--host 127.0.0.1] [--port 8080] [--model-name NAME (default: the folder name)] ' +
  '[--cors-origin URL (repeatable; * for any)] [--max-waiting 16] [--max-context 8192] ' +
  `[--batch ${DEFAULT_CONCURRENCY} (greedy requests decoded together; 1: one at a time)]`;

export async function serve(rest: string[]): Promise<never> {
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        model: { type: 'string' }, tokenizer: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8080' },
        'model-name': { type: 'string' }, 'cors-origin': { type: 'string', multiple: true, default: [] }, 'max-waiting': { type: 'string' }, 'max-context': { type: 'string' }, batch: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. usage: ${SERVE_USAGE}`);
  }
  if (!values.model) throw new UsageError('--model DIR is required (a folder with config.json, tokenizer.json and safetensors)');
  const port = parseNumber('port', values.port, 8080, true);
  if (port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535 (0 picks a free port), got ${port}`);
  const origins = values['cors-origin']!;
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin)) throw new UsageError(`--cors-origin takes an origin like http://localhost:5173 (no path), got "${origin}"`);
  }
  const maxWaiting = parseNumber('max-waiting', values['max-waiting'], 16, true);
  const maxContext = parseNumber('max-context', values['max-context'], 8192, true);
  const slots = parseNumber('batch', values.batch, DEFAULT_CONCURRENCY, true);
  if (slots < 1 || slots > MAX_CONCURRENCY) throw new UsageError(`--batch must be 1..${MAX_CONCURRENCY} (1 decodes one request at a time), got ${slots}`);
  const modelName = values['model-name'] ?? path.basename(path.resolve(values.model));

  const { model, tokenizer } = await loadModel(values.model, values.tokenizer, maxContext);
  const classifier = new Classifier(new PrefixCachedGenerator(model), tokenizer);
  const batch = slots > 1 ? await batchLane(model, tokenizer, slots) : undefined;
  const server = createOpenAIServer({ classifier, modelName, corsOrigins: origins, maxWaiting, batch, log: (line) => process.stderr.write(`${line}\n`) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${port} is in use: pick another with --port (0 picks a free one)`) : error));
    server.listen(port, values.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`${JSON.stringify({ url: `http://${host}:${address.port}/v1`, model: modelName, batch_slots: batch?.slots ?? 1 })}\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<never>(() => {});
}

/** Slots for greedy requests decoded together: as many as asked, or as the GPU holds (halved until they fit). */
async function batchLane(model: Model, tokenizer: HarmonyTokenizer, wanted: number): Promise<BatchLane | undefined> {
  const generator = await openBatch(model, wanted);
  if (!generator || generator.slots < 2) {
    generator?.dispose();
    process.stderr.write('the GPU has room for one sequence only: requests are decoded one at a time\n');
    return undefined;
  }
  if (generator.slots < wanted) process.stderr.write(`the GPU holds ${generator.slots} sequences beside the model, not ${wanted}: up to ${generator.slots} greedy requests are decoded together\n`);
  return { slots: generator.slots, take: () => new Classifier(generator.take(), tokenizer) };
}
