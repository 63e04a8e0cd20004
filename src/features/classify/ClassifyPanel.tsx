// Policy + content in, Run/Cancel. The live token count comes from the model's own tokenizer in the worker. The
// output format selector rewrites the policy's OUTPUT FORMAT section, so what the model is asked for and how the
// answer is parsed always agree. Presets come with labelled examples to try the policy on.
import { SendsToNotice } from '../server/SendsToNotice';
import { useEffect, useState, type ReactNode } from 'react';
import type { ReasoningEffort } from '../../../harmony/render';
import { outputFormatOf, withOutputFormat, type OutputFormat, type PolicyOutputFormat } from '../../../classify/formats/output-format';
import type { LabelledExample } from '../policies/policies';
import type { PolicyEditor } from '../policies/usePolicyEditor';
import { PolicySelect } from '../policies/PolicySelect';
import { policyTokensText, usePolicyTokens } from '../policies/usePolicyTokens';
import type { PromptSize } from '../../../backends/local-webgpu/local-backend';
import { DEFAULT_MAX_TOKENS, type ClassifyInput } from '../../../classify/request';
import { runBlocker } from './run-blocker';
import { truncateToFit } from './truncate-content';

export interface ClassifyPanelInput {
  policy: string;
  content: string;
  effort: ReasoningEffort;
  format: OutputFormat;
  /** Most tokens the model may write (reasoning + answer). */
  maxTokens: number;
  /** The label a chosen example is expected to get, to compare with the verdict. */
  expected: LabelledExample | null;
}

interface Props {
  /** The policy being edited (its state lives with the page, not in this panel). */
  editor: PolicyEditor;
  ready: boolean;
  running: boolean;
  countTokens: (text: string) => Promise<number>;
  measurePrompt: (input: ClassifyInput) => Promise<PromptSize>;
  onRun: (input: ClassifyPanelInput) => void;
  onCancel: () => void;
  /** A batch is classifying: Run waits for it to be paused or finished. */
  batchRunning?: boolean;
  /** The server host content goes to, in server mode (said beside the content box). */
  sendsTo?: string | null;
  /** Opens the Policies section (saved policies, import, export). */
  onManagePolicies: () => void;
  /** The run's outcome (streamed result, errors), shown beside the policy under the content. */
  children?: ReactNode;
}

/** Choices for the answer limit (reasoning + answer tokens); the model card suggests room for long reasoning. */
const ANSWER_LIMITS = [512, 1024, 2048, 4096, 8192, 16384];

export function ClassifyPanel({ editor, ready, running, countTokens, measurePrompt, onRun, onCancel, batchRunning = false, sendsTo = null, onManagePolicies, children }: Props) {
  const policy = editor.text;
  const [content, setContent] = useState('');
  const [example, setExample] = useState<LabelledExample | null>(null);
  const [effort, setEffort] = useState<ReasoningEffort>('low');
  const [chosenFormat, setChosenFormat] = useState<PolicyOutputFormat>('binary');
  const tokens = usePolicyTokens(policy, ready, countTokens);
  const [maxTokens, setMaxTokens] = useState(DEFAULT_MAX_TOKENS);
  const [size, setSize] = useState<PromptSize | null>(null);
  const writtenFormat = outputFormatOf(policy);
  // The selector offers binary and JSON; a label-set section written by hand is parsed as a label set.
  const written = writtenFormat && writtenFormat.kind !== 'labels' ? writtenFormat.kind : null;
  const format = written ?? chosenFormat;
  const examples = editor.preset?.examples ?? [];

  useEffect(() => setExample(null), [editor.source]); // examples belong to the policy they were picked from

  // The whole prompt's size (policy + content + harmony frame) against the context, while typing.
  useEffect(() => {
    if (!ready) return setSize(null);
    let stale = false;
    const timer = setTimeout(() => measurePrompt({ policy, content, effort, format: { kind: 'binary' } }).then((s) => !stale && setSize(s), () => !stale && setSize(null)), 300);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [policy, content, effort, ready, measurePrompt]);

  const blocker = runBlocker({ ready, running, policy, content, size, maxTokens, batchRunning, server: sendsTo });
  const run = () => {
    if (!blocker && !running) onRun({ policy, content, effort, format: writtenFormat ?? { kind: format }, maxTokens, expected: example });
  };
  const runOnCtrlEnter = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  };

  /** Cuts the content's end (with a visible marker) so the prompt and the answer limit fit the context. */
  const truncateContent = async (current: PromptSize) => {
    const contentTokens = await countTokens(content);
    const fit = contentTokens - (current.promptTokens + maxTokens - current.capacity);
    setContent(truncateToFit(content, contentTokens, Math.max(0, fit)));
    setExample(null);
  };

  const chooseFormat = (f: PolicyOutputFormat) => {
    setChosenFormat(f);
    editor.setText(withOutputFormat(policy, { kind: f }));
  };

  return (
    <section aria-label="Classify" className="classify">
      <div className="policy-side">
      <h2>Policy</h2>
      <PolicySelect editor={editor} onManage={onManagePolicies} />
      <label className="block">
        Policy{' '}
        <span className="detail" data-testid="policy-tokens">
          {policyTokensText(tokens)}
        </span>
        <textarea aria-label="Policy" rows={12} value={policy} onChange={(e) => editor.setText(e.target.value)} onKeyDown={runOnCtrlEnter} spellCheck={false} />
      </label>
      {writtenFormat === null && (
        <p className="detail" data-testid="format-hint">
          This policy has no standard OUTPUT FORMAT section. Pick an output format below to add one, or make sure your own wording asks for {format === 'json' ? 'a JSON object' : 'exactly 0 or 1'}.
        </p>
      )}
      </div>
      <div className="content-side">
      <h2>Content</h2>
      {examples.length > 0 && (
        <label className="block">
          Try a labelled example{' '}
          <select
            aria-label="Labelled example"
            value={example ? String(examples.indexOf(example)) : ''}
            onChange={(e) => {
              const picked = e.target.value === '' ? null : examples[Number(e.target.value)];
              setExample(picked);
              if (picked) setContent(picked.content);
            }}
          >
            <option value="">Choose an example…</option>
            {examples.map((x, i) => (
              <option key={i} value={i}>{`${x.label} · ${x.content.slice(0, 70)}${x.content.length > 70 ? '…' : ''}`}</option>
            ))}
          </select>
        </label>
      )}
      <SendsToNotice host={sendsTo} />
      <label className="block">
        Content to classify
        <textarea
          aria-label="Content"
          rows={5}
          value={content}
          onKeyDown={runOnCtrlEnter}
          onChange={(e) => {
            setContent(e.target.value);
            if (example && e.target.value !== example.content) setExample(null);
          }}
        />
      </label>
      <div className="row">
        <label>
          Reasoning{' '}
          <select aria-label="Reasoning effort" value={effort} onChange={(e) => setEffort(e.target.value as ReasoningEffort)}>
            <option value="low">low</option>
            <option value="medium">medium</option>
            <option value="high">high</option>
          </select>
        </label>
        <label>
          Output{' '}
          <select aria-label="Output format" value={format} onChange={(e) => chooseFormat(e.target.value as PolicyOutputFormat)}>
            <option value="binary">0 / 1</option>
            <option value="json">JSON with rationale</option>
          </select>
        </label>
        <label>
          Answer limit{' '}
          <select aria-label="Answer limit" value={maxTokens} onChange={(e) => setMaxTokens(Number(e.target.value))}>
            {ANSWER_LIMITS.filter((n) => !size || n < size.capacity).map((n) => <option key={n} value={n}>{n.toLocaleString('en')} tokens</option>)}
          </select>
        </label>
        <button type="button" disabled={blocker !== null || running} aria-describedby="run-hint" onClick={run} title="Ctrl+Enter">Run</button>
        <button type="button" disabled={!running} onClick={onCancel}>Cancel</button>
      </div>
      <p className="detail" data-testid="prompt-size" data-over={size ? size.promptTokens + maxTokens > size.capacity : undefined}>
        {size
          ? `Prompt ${size.promptTokens.toLocaleString('en')} tokens + up to ${maxTokens.toLocaleString('en')} for the answer, of a ${size.capacity.toLocaleString('en')}-token context.`
          : ''}
      </p>
      <p className={blocker?.startsWith('Too long') ? 'problem-inline' : 'detail'} id="run-hint" data-testid="run-hint">
        {blocker ?? (running ? 'Classifying…' : 'Ready to run (Ctrl+Enter or ⌘+Enter in a text box).')}
        {blocker?.startsWith('Too long') && size && content.trim() && (
          <>
            {' '}
            <button type="button" onClick={() => void truncateContent(size)}>Cut the content to fit</button>
          </>
        )}
      </p>
      {children}
      </div>
    </section>
  );
}
