// The verdict, its label probability, the rationale and the model's reasoning (collapsed: raw reasoning is for
// practitioners). Everything the model wrote is rendered as text, never as HTML.
import type { ClassifyResult } from '../../../classify/request';
import type { LabelledExample } from '../policies/policies';

interface Props {
  result: ClassifyResult | null;
  reasoning: string;
  answer: string;
  running: boolean;
  /** Set when the content was one of the policy's labelled examples. */
  expected: LabelledExample | null;
}

export function ResultCard({ result, reasoning, answer, running, expected }: Props) {
  const v = result?.verdict;
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
          </p>
          {v.category && <p>Category: {v.category}</p>}
          {v.ruleIds.length > 0 && <p>Rules: {v.ruleIds.join(', ')}</p>}
          {v.rationale && <p>Rationale: {v.rationale}</p>}
          {v.problems.length > 0 && (
            <ul className="detail" data-testid="verdict-problems">
              {v.problems.map((p) => <li key={p}>{p}</li>)}
            </ul>
          )}
          {expected && (
            <p data-testid="expected" data-agrees={v.violation === expected.label}>
              Labelled example: expected {expected.label}{expected.rules.length ? ` (${expected.rules.join(', ')})` : ''} ·{' '}
              {v.violation === expected.label ? 'the verdict agrees' : 'the verdict differs'}
            </p>
          )}
          <p className="detail">Answer: <code data-testid="verdict-answer">{result.answer ?? '(none)'}</code></p>
        </div>
      )}
      {(reasoning || result) && (
        <details className="reasoning" data-testid="reasoning">
          <summary>Model reasoning (raw, for reviewers)</summary>
          <pre>{result?.reasoning ?? reasoning}</pre>
        </details>
      )}
      {result && (
        <p className="detail" data-testid="stats">
          Prompt {result.tokens.prompt} tokens ({result.tokens.policyPrefilled === 0 ? 'policy reused from cache' : `policy ${result.tokens.policy}`}) ·
          answer {result.tokens.generated} tokens · prefill {result.timings.prefillTokensPerS.toFixed(0)} tokens/s · decode{' '}
          {result.timings.decodeTokensPerS.toFixed(1)} tokens/s · total {(result.timings.totalMs / 1000).toFixed(1)} s
        </p>
      )}
    </section>
  );
}
