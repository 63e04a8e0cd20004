// Policy + content in, Run/Cancel. Policies come from the presets in policies/ or are typed; the live token count
// comes from the model's own tokenizer in the worker.
import { useEffect, useState } from 'react';
import type { OutputFormat } from '../../workers/engine/harmony/verdict';
import type { ReasoningEffort } from '../../workers/engine/harmony/render';
import { PRESET_POLICIES } from '../lib/policies';

export interface ClassifyInput {
  policy: string;
  content: string;
  effort: ReasoningEffort;
  format: OutputFormat;
}

interface Props {
  ready: boolean;
  running: boolean;
  countTokens: (text: string) => Promise<number>;
  onRun: (input: ClassifyInput) => void;
  onCancel: () => void;
}

export function ClassifyPanel({ ready, running, countTokens, onRun, onCancel }: Props) {
  const [policy, setPolicy] = useState(PRESET_POLICIES[0]?.text ?? '');
  const [content, setContent] = useState('');
  const [effort, setEffort] = useState<ReasoningEffort>('low');
  const [format, setFormat] = useState<'binary' | 'json'>('binary');
  const [tokens, setTokens] = useState<number | null>(null);

  useEffect(() => {
    if (!ready) return setTokens(null);
    let stale = false;
    const timer = setTimeout(() => countTokens(policy).then((n) => !stale && setTokens(n), () => !stale && setTokens(null)), 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [policy, ready, countTokens]);

  return (
    <section aria-label="Classify" className="classify">
      <h2>Policy and content</h2>
      <div className="row">
        <label>
          Preset{' '}
          <select aria-label="Policy preset" defaultValue="" onChange={(e) => e.target.value && setPolicy(PRESET_POLICIES.find((p) => p.id === e.target.value)!.text)}>
            <option value="">Choose a preset…</option>
            {PRESET_POLICIES.map((p) => (
              <option key={p.id} value={p.id}>{p.title}</option>
            ))}
          </select>
        </label>
        <span className="detail" data-testid="policy-tokens">{tokens === null ? '' : `${tokens} tokens`}</span>
      </div>
      <label className="block">
        Policy
        <textarea aria-label="Policy" rows={10} value={policy} onChange={(e) => setPolicy(e.target.value)} spellCheck={false} />
      </label>
      <label className="block">
        Content to classify
        <textarea aria-label="Content" rows={5} value={content} onChange={(e) => setContent(e.target.value)} />
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
          <select aria-label="Output format" value={format} onChange={(e) => setFormat(e.target.value as 'binary' | 'json')}>
            <option value="binary">0 / 1</option>
            <option value="json">JSON</option>
          </select>
        </label>
        <button type="button" disabled={!ready || running || !policy.trim() || !content.trim()} onClick={() => onRun({ policy, content, effort, format: { kind: format } })}>
          Run
        </button>
        <button type="button" disabled={!running} onClick={onCancel}>Cancel</button>
      </div>
      {!ready && <p className="detail">The model must be loaded before classifying.</p>}
    </section>
  );
}
