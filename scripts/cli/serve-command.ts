// safeguard serve: the engine (Node + Dawn: the real GPU when present) as an OpenAI-compatible server. Prints one
// JSON line {"url", "model"} on stdout once it listens, logs one line per request on stderr (never the content),
// and stops on SIGINT/SIGTERM.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { createOpenAIServer } from '../../server/openai-server';
import { parseNumber, UsageError } from './cli-args';
import { loadClassifier } from './load-classifier';

export const SERVE_USAGE =
  'safeguard serve --model DIR [--host 127.0.0.1] [--port 8080] [--model-name NAME (default: the folder name)] ' +
  '[--cors-origin URL (repeatable; * for any)] [--max-waiting 16] [--max-context 8192]';

export async function serve(rest: string[]): Promise<never> {
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        model: { type: 'string' }, tokenizer: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8080' },
        'model-name': { type: 'string' }, 'cors-origin': { type: 'string', multiple: true, default: [] }, 'max-waiting': { type: 'string' }, 'max-context': { type: 'string' },
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
  const modelName = values['model-name'] ?? path.basename(path.resolve(values.model));

  const classifier = await loadClassifier(values.model, values.tokenizer, maxContext);
  const server = createOpenAIServer({ classifier, modelName, corsOrigins: origins, maxWaiting, log: (line) => process.stderr.write(`${line}\n`) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${port} is in use: pick another with --port (0 picks a free one)`) : error));
    server.listen(port, values.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`${JSON.stringify({ url: `http://${host}:${address.port}/v1`, model: modelName })}\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<never>(() => {});
}
