// safeguard batch: a CSV or JSONL file classified item by item with one policy, through the same batch code as
// the app (classify/batch/). One JSON line per item goes to --output as it finishes (so an interrupted run keeps
// what it did), progress goes to stderr, and one summary object (with metrics when a label column is given) is
// the command's result on stdout.
import { createWriteStream } from 'node:fs';
import { readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { policyHash, type BatchRun, type ItemResult } from '../../classify/batch/batch-job';
import { completeLines, resultFromRecord } from '../../classify/batch/read-results';
import { batchSummary } from '../../classify/batch/evaluate';
import { exportRecords } from '../../classify/batch/export';
import { ColumnError, toBatchItems } from '../../classify/batch/items';
import { runBatch } from '../../classify/batch/run-batch';
import type { ClassifyManyFn } from '../../classify/classify-many';
import { classifyManyOnGpu, MAX_CONCURRENCY } from '../../backends/local-webgpu/classify-many-gpu';
import { RemoteOpenAIBackend } from '../../backends/remote-openai/remote-backend';
import { detectFormat, readTable, TableReadError } from '../../classify/batch/table';
import { outputFormatOf } from '../../classify/formats/output-format';
import { today } from '../../classify/request';
import { policyTitle } from '../../classify/policy-title';
import { REASONING_EFFORTS, type ReasoningEffort } from '../../harmony/render';
import { parseFormat, parseNumber, readInput, UsageError } from './cli-args';
import { loadModel } from './load-classifier';
import { progressLine } from './batch-progress';

export const BATCH_USAGE =
  'safeguard batch --model DIR --policy FILE --input FILE.csv|.jsonl [--text-column text] [--id-column id] [--label-column label] ' +
  '[--effort low] [--format binary|json|labels:A,B] [--max-new N] [--date YYYY-MM-DD] [--output results.jsonl] [--with-reasoning] ' +
  '[--concurrency N: items decoded together, default: as many as the GPU memory holds, up to 8] ' +
  '| the same with --server URL --server-model NAME [--concurrency 4] instead of --model (API key from SAFEGUARD_API_KEY)';

export async function batch(rest: string[]) {
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        model: { type: 'string' }, tokenizer: { type: 'string' }, policy: { type: 'string' }, input: { type: 'string' },
        'text-column': { type: 'string', default: 'text' }, 'id-column': { type: 'string' }, 'label-column': { type: 'string' },
        effort: { type: 'string', default: 'low' }, format: { type: 'string' }, 'max-new': { type: 'string' }, date: { type: 'string' },
        output: { type: 'string' }, resume: { type: 'boolean', default: false }, 'with-reasoning': { type: 'boolean', default: false },
        server: { type: 'string' }, 'server-model': { type: 'string' }, concurrency: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. usage: ${BATCH_USAGE}`);
  }
  if (!values.model && !values.server) throw new UsageError('--model DIR (a folder with config.json, tokenizer.json and safetensors) or --server URL is required');
  if (values.model && values.server) throw new UsageError('give --model DIR (this machine) or --server URL (a server), not both');
  if (values.server && !values['server-model']) throw new UsageError('--server needs --server-model NAME (the model name the server serves; see its /v1/models)');
  const concurrency = values.concurrency === undefined ? undefined : parseNumber('concurrency', values.concurrency, 1, true);
  if (concurrency !== undefined && !(concurrency >= 1 && concurrency <= MAX_CONCURRENCY)) throw new UsageError(`--concurrency must be from 1 to ${MAX_CONCURRENCY}`);
  if (!REASONING_EFFORTS.includes(values.effort as ReasoningEffort)) throw new UsageError(`--effort must be low, medium or high, got "${values.effort}"`);
  const date = values.date ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date must be YYYY-MM-DD, got "${date}"`);
  const maxTokens = parseNumber('max-new', values['max-new'], 2048, true);
  if (maxTokens < 1) throw new UsageError('--max-new must be ≥ 1');
  const policy = await readInput('policy', values.policy);
  const format = values.format ? parseFormat(values.format) : (outputFormatOf(policy) ?? { kind: 'binary' as const });
  const inputText = await readInput('input', values.input);

  let items;
  try {
    const table = readTable(inputText, detectFormat(values.input!, inputText));
    items = toBatchItems(table, { text: values['text-column']!, id: values['id-column'] ?? null, label: values['label-column'] ?? null }, format);
  } catch (error) {
    if (error instanceof TableReadError || error instanceof ColumnError) throw new UsageError(`--input ${values.input}: ${error.message}`);
    throw error;
  }

  const run: BatchRun = {
    id: 'cli', title: path.basename(values.input!), createdAt: Date.now(), state: 'running', stoppedBy: null, items,
    source: { fileName: path.basename(values.input!), columns: { text: values['text-column']!, id: values['id-column'] ?? null, label: values['label-column'] ?? null } },
    settings: {
      policy: { name: policyTitle(policy, path.basename(values.policy!)), text: policy, hash: await policyHash(policy) },
      effort: values.effort as ReasoningEffort, format, maxTokens, date,
      model: values.server ? { id: `${values['server-model']} at ${values.server}`, revision: null } : { id: path.basename(path.resolve(values.model!)), revision: null },
    },
  };

  if (values.resume && !values.output) throw new UsageError('--resume needs --output FILE (the results file to continue)');
  const results = values.resume ? await resumeFrom(values.output!, run) : new Map<number, ItemResult>();
  const backend = values.server ? await connect(values.server, values['server-model']!) : await loadModel(values.model!, values.tokenizer);
  const output = values.output ? createWriteStream(values.output, { flags: values.resume ? 'a' : 'w' }) : null;
  const resumed = results.size;
  const started = Date.now();
  // This machine's GPU decodes the items it holds together; a server gets that many requests at once.
  const classifyMany: ClassifyManyFn = backend instanceof RemoteOpenAIBackend
    ? (inputs, options) => backend.classifyMany(inputs, options)
    : (inputs, options) => classifyManyOnGpu(backend.model, backend.tokenizer, inputs, options);
  await runBatch(run.items, run.settings, new Set(results.keys()), classifyMany, {
    onConcurrency: (n) => process.stderr.write(`classifying ${n} items at once ${backend instanceof RemoteOpenAIBackend ? 'on the server' : 'on this GPU'}\n`),
    onResult: async (result) => {
      results.set(result.row, result);
      const [record] = exportRecords(run, new Map([[result.row, result]]), { reasoning: values['with-reasoning'] });
      if (output) await new Promise<void>((resolve, reject) => output.write(JSON.stringify(record) + '\n', (e) => (e ? reject(e) : resolve())));
      process.stderr.write(progressLine(record, results.size, run.items.length, results.size - resumed, Date.now() - started) + '\n');
    },
  }, new AbortController().signal, concurrency);
  if (output) await new Promise<void>((resolve, reject) => output.end((e?: Error | null) => (e ? reject(e) : resolve())));
  if (backend instanceof RemoteOpenAIBackend) backend.dispose();
  else backend.model.destroy();

  const summary = batchSummary(run, results);
  if (!summary.metrics) return summary;
  const { kind: _kind, ...metrics } = summary.metrics;
  return { ...summary, metrics };
}

/** The server's backend, after a connection test (lists its models: nothing is classified before it passes). */
async function connect(server: string, model: string): Promise<RemoteOpenAIBackend> {
  let backend: RemoteOpenAIBackend;
  try {
    backend = new RemoteOpenAIBackend({ baseUrl: server, model, apiKey: process.env.SAFEGUARD_API_KEY ?? '' });
  } catch (error) {
    throw new UsageError(`--server: ${(error as Error).message}`);
  }
  await backend.prepare();
  return backend;
}

/** The rows an earlier run of the same batch already wrote to `file` (a line cut off by a crash is dropped). */
async function resumeFrom(file: string, run: BatchRun): Promise<Map<number, ItemResult>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new UsageError(`--output ${file}: ${(error as Error).message}`);
  }
  let parsed;
  try {
    parsed = completeLines(text);
  } catch {
    throw new UsageError(`--output ${file}: not a results file written by safeguard batch (a line is not JSON)`);
  }
  const results = new Map<number, ItemResult>();
  for (const record of parsed.records) {
    const item = run.items.find((i) => i.row === record.row);
    if (record.policy_hash !== run.settings.policy.hash || !item || item.text !== record.text) {
      throw new UsageError(`--output ${file}: row ${record.row} was written for another policy or input; resume with the same --policy and --input, or choose a new --output`);
    }
    results.set(record.row, resultFromRecord(record));
  }
  await truncate(file, parsed.keepBytes);
  return results;
}
