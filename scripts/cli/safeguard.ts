// Headless command line: the same engine as the browser worker, in Node through Dawn (a real GPU when
// present, otherwise SwiftShader). Prints exactly one JSON object on stdout; errors are one line on stderr.
//   safeguard logits   --model DIR --ids 1,2,3            → {"logits": [[...], ...]}
//   safeguard generate --model DIR --ids 1,2,3 --max-new 8 [--temperature T --top-p P --seed S] → {"ids": [...]}
//   safeguard render   --tokenizer FILE --policy FILE --content FILE [--effort low] [--date YYYY-MM-DD] → {"ids", "text"}
//   safeguard classify --model DIR --policy FILE --content FILE [--effort low] [--max-new N] [--format binary|json|labels:A,B]
//                      [--tokenizer FILE (default DIR/tokenizer.json)] → the verdict, probability, reasoning, tokens, timings
//   safeguard batch    --model DIR --policy FILE --input FILE.csv|.jsonl [...] → {"items", "classified", "errors", "metrics"}
//                      (batch-command.ts)
//   safeguard serve    --model DIR [--host 127.0.0.1] [--port 8080] [--cors-origin URL] → an OpenAI-compatible server;
//                      prints {"url", "model"} once it listens (serve-command.ts)
import { parseArgs } from 'node:util';
import { renderPrompt, REASONING_EFFORTS, type ReasoningEffort } from '../../harmony/render';
import { pinRequest } from '../../classify/request';
import { loadTokenizer, parseFormat, parseIds, parseNumber, readInput, UsageError } from './cli-args';
import { batch, BATCH_USAGE } from './batch-command';
import { serve, SERVE_USAGE } from './serve-command';
import { loadClassifier } from './load-classifier';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { localFolder } from '../../platform/node/node-checkpoint';
import { openCheckpoint } from '../../engine/weights/checkpoint';
import { Model } from '../../engine/runtime/model';
import { Sequence } from '../../engine/runtime/sequence';
import { Sampler } from '../../engine/runtime/sampler';

const USAGE =
  'usage: safeguard <logits|generate> --model DIR --ids 1,2,3 [--max-new N] [--temperature T] [--top-p P] [--seed S] | ' +
  'safeguard render --tokenizer FILE --policy FILE --content FILE [--effort low|medium|high] [--date YYYY-MM-DD] | ' +
  'safeguard classify --model DIR --policy FILE --content FILE [--effort low] [--max-new N] [--format binary|json|labels:A,B] | ' +
  BATCH_USAGE + ' | ' + SERVE_USAGE;

async function classify(rest: string[]) {
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        model: { type: 'string' }, tokenizer: { type: 'string' }, policy: { type: 'string' }, content: { type: 'string' },
        effort: { type: 'string', default: 'low' }, 'max-new': { type: 'string' }, format: { type: 'string', default: 'binary' }, date: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${USAGE}`);
  }
  if (!values.model) throw new UsageError('--model DIR is required (a folder with config.json, tokenizer.json and safetensors)');
  if (!REASONING_EFFORTS.includes(values.effort as ReasoningEffort)) throw new UsageError(`--effort must be low, medium or high, got "${values.effort}"`);
  const maxNew = parseNumber('max-new', values['max-new'], 2048, true);
  if (maxNew < 1) throw new UsageError('--max-new must be ≥ 1');
  const format = parseFormat(values.format!);
  const policy = await readInput('policy', values.policy);
  const content = await readInput('content', values.content);
  const classifier = await loadClassifier(values.model, values.tokenizer);
  const result = await classifier.classify(pinRequest({ policy, content, effort: values.effort as ReasoningEffort, format, maxTokens: maxNew, date: values.date }));
  const v = result.verdict;
  return {
    label: v.label, violation: v.violation, probability: result.probability, category: v.category, rule_ids: v.ruleIds,
    confidence: v.confidence, rationale: v.rationale, problems: v.problems, answer: result.answer, reasoning: result.reasoning,
    stop: result.stop, tokens: result.tokens, timings: result.timings,
  };
}

async function render(rest: string[]) {
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: { tokenizer: { type: 'string' }, policy: { type: 'string' }, content: { type: 'string' }, effort: { type: 'string', default: 'low' }, date: { type: 'string' } },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${USAGE}`);
  }
  if (!REASONING_EFFORTS.includes(values.effort as ReasoningEffort)) throw new UsageError(`--effort must be low, medium or high, got "${values.effort}"`);
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date must be YYYY-MM-DD, got "${date}"`);
  const tokenizer = await loadTokenizer(values.tokenizer);
  const policy = await readInput('policy', values.policy);
  const content = await readInput('content', values.content);
  const { ids, text } = renderPrompt(tokenizer, { policy, content, effort: values.effort as ReasoningEffort, date });
  return { ids, text };
}

async function main(argv: string[]): Promise<unknown> {
  const [command, ...rest] = argv;
  if (command === 'render') return render(rest);
  if (command === 'classify') return classify(rest);
  if (command === 'batch') return batch(rest);
  if (command === 'serve') return serve(rest);
  if (command !== 'logits' && command !== 'generate') throw new UsageError(command ? `unknown command "${command}". ${USAGE}` : USAGE);
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        model: { type: 'string' },
        ids: { type: 'string' },
        'max-new': { type: 'string' },
        temperature: { type: 'string' },
        'top-p': { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${USAGE}`);
  }
  if (!values.model) throw new UsageError('--model DIR is required (a folder with config.json and safetensors)');
  const ids = parseIds(values.ids);
  const maxNew = parseNumber('max-new', values['max-new'], 16, true);
  if (maxNew < 1) throw new UsageError('--max-new must be ≥ 1');
  const sampler = new Sampler({
    temperature: parseNumber('temperature', values.temperature, 0),
    topP: parseNumber('top-p', values['top-p'], 1),
    seed: parseNumber('seed', values.seed, 0, true),
  });

  // Open and validate the checkpoint before touching the GPU, so bad files fail fast and clearly.
  const checkpoint = await openCheckpoint(localFolder(values.model));
  const vocab = checkpoint.config.vocabSize;
  const outside = ids.find((id) => id >= vocab);
  if (outside !== undefined) throw new UsageError(`token id ${outside} is outside the vocabulary (0..${vocab - 1})`);
  const { device } = await acquireNodeDevice();
  const chunk = 128;
  const model = await Model.load(device, checkpoint, {
    maxContext: Math.max(ids.length + (command === 'generate' ? maxNew : 0), 16),
    chunk,
    logitRows: command === 'logits' ? Math.min(ids.length, chunk) : 1,
  });
  const ctx = new Sequence(model);
  if (command === 'logits') {
    const { logits } = await ctx.forward(ids, { logits: 'all' });
    return { logits: logits.map((row) => Array.from(row)) };
  }
  const out: number[] = [];
  let next = sampler.greedy ? await ctx.forwardGreedy(ids) : sampler.sample((await ctx.forward(ids)).logits[0]);
  while (out.length < maxNew) {
    out.push(next);
    if (out.length === maxNew) break;
    next = sampler.greedy ? await ctx.forwardGreedy([next]) : sampler.sample((await ctx.forward([next])).logits[0]);
  }
  return { ids: out };
}

main(process.argv.slice(2)).then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  },
  (error: Error) => {
    const prefix = error instanceof UsageError ? 'safeguard: ' : `safeguard: ${error.name}: `;
    process.stderr.write(prefix + error.message.replace(/\s*\n\s*/g, ' ') + '\n');
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
