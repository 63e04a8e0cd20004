// The verdict, its label probability, the rationale and the model's reasoning (collapsed: raw reasoning is for
// practitioners). Everything the model wrote is rendered as text, never as HTML.
import type { ClassifyResult } from '../../../classify/request';
import type { LabelledExample } from '../policies/policies';
import type { RunMeta } from './useClassifyRun';

interface Props {
  result: ClassifyResult | null;
  reasoning: string;
  answer: string;
  running: boolean;
  /** Set when the content was one of the policy's labelled examples. */
  expected: LabelledExample | null;
  /** Which model, policy and settings produced the verdict. */
  meta: RunMeta | null;
}

/** What to try when the model gave no usable answer. */
const INCONCLUSIVE_HINT =
  'The model did not give an answer in the format the policy asks for (see the problems above and its reasoning). Try again with higher reasoning effort or a larger answer limit, and check that the policy ends with a clear OUTPUT FORMAT section.';

export function ResultCard({ result, reasoning, answer, running, expected, meta }: Props) {
  const v = result?.verdict;
  const agrees = v && expected ? v.violation === expected.label : null;
  return (
    <section aria-label="Result" className="result">
      <h2>Result</h2>
      {running && !result && <p role="status" data-testid="running">Classifying… {answer ? `answer: ${answer}` : reasoning ? 'reasoning' : 'reading the prompt'}</p>}
      {v && (
        <div className={`verdict verdict-${v.label}`} data-testid="verdict">
          <p className="verdict-label">
            <strong data-testid="verdict-label">{v.label}</strong>
            {result.probability !== null && (
              <span data-testid="verdict-probability" data-probability={result.probability}> · label probability {(result.probability * 100).toFixed(1)} %</span>
            )}
            {result.probability === null && result.server && v.label !== 'inconclusive' && (
              <span className="detail" data-testid="verdict-probability-missing"> · label probability not available ({result.server.logprobs ? 'the logprobs did not spell the answer' : 'the server sent no logprobs'})</span>
            )}
          </p>
          {v.category && <p>Category: {v.category}</p>}
          {v.ruleIds.length > 0 && <p>Rules: {v.ruleIds.join(', ')}</p>}
          {v.rationale && <p>Rationale: {v.rationale}</p>}
          {v.problems.length > 0 && (
            <ul className="detail" data-testid="verdict-problems">
              {v.problems.map((p) => <li key={p}>{p}</li>)}
            </ul>
          )}
          {v.label === 'inconclusive' && <p className="hint" data-testid="inconclusive-hint">{INCONCLUSIVE_HINT}</p>}
          {expected && (
            <p data-testid="expected" data-agrees={agrees} className={agrees ? 'expected-agrees' : 'expected-differs'}>
              {agrees ? '✓ ' : '✗ '}Labelled example: expected {expected.label}{expected.rules.length ? ` (${expected.rules.join(', ')})` : ''} ·{' '}
              <strong>{agrees ? 'the verdict agrees' : 'the verdict differs'}</strong>
            </p>
          )}
          <p className="detail">Answer: <code data-testid="verdict-answer">{result.answer ?? '(none)'}</code></p>
          {meta && (
            <p className="detail" data-testid="verdict-meta">
              {meta.model} · policy “{meta.policy}”{meta.policyEdited ? ' (edited)' : ''} · {meta.effort} reasoning · answer limit {meta.maxTokens.toLocaleString('en')} tokens
            </p>
          )}
        </div>
      )}
      {(reasoning || result) && (
        <details className="reasoning" data-testid="reasoning">
          <summary>Model reasoning (raw, for reviewers)</summary>
          <pre>{result?.reasoning ?? reasoning}</pre>
        </details>
      )}
      {result?.server && (
        <p className="detail" data-testid="stats">
          Classified by {result.server.model} on {result.server.host} · prompt {result.tokens.prompt} tokens · answer {result.tokens.generated} tokens ·
          first text after {(result.timings.prefillMs / 1000).toFixed(1)} s · total {(result.timings.totalMs / 1000).toFixed(1)} s
        </p>
      )}
      {result && !result.server && (
        <p className="detail" data-testid="stats">
          Prompt {result.tokens.prompt} tokens ({result.tokens.policyPrefilled === 0 ? 'policy reused from cache' : `policy ${result.tokens.policy}`}) ·
          answer {result.tokens.generated} tokens · prefill {result.timings.prefillTokensPerS.toFixed(0)} tokens/s · decode{' '}
          {result.timings.decodeTokensPerS.toFixed(1)} tokens/s · total {(result.timings.totalMs / 1000).toFixed(1)} s
        </p>
      )}
    </section>
  );
}
