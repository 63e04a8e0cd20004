// How the policy did on a labelled set: accuracy, precision, recall, F1, the confusion matrix and the
// inconclusive count; for 0/1 verdicts also the precision/recall curve over the model's violation probability,
// with the metrics at the threshold the user picks; and the disagreements, each opening its row.
import { useMemo } from 'react';
import type { OutputFormat } from '../../../classify/formats/output-format';
import { labelText } from '../../../classify/batch/labels';
import { atThreshold, binaryMetrics, precisionRecallCurve, type BinaryMetrics, type LabelMetrics, type Outcome } from '../../../classify/batch/metrics';
import { PrCurve } from './PrCurve';

interface Props {
  metrics: BinaryMetrics | LabelMetrics;
  outcomes: Map<number, Outcome>;
  format: OutputFormat;
  onOpen: (row: number) => void;
  /** Kept by the run view, so it survives a switch to another tab and back. */
  threshold: number;
  onThreshold: (threshold: number) => void;
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

export function EvaluationPanel({ metrics, outcomes, format, onOpen, threshold, onThreshold: setThreshold }: Props) {
  const list = useMemo(() => [...outcomes.values()], [outcomes]);
  const curve = useMemo(() => (metrics.kind === 'binary' ? precisionRecallCurve(list) : []), [metrics.kind, list]);
  const thresholded = metrics.kind === 'binary' && curve.length > 0 ? binaryMetrics(atThreshold(list, threshold)) : null;
  const disagreements = [...outcomes].filter(([, o]) => o.expected !== null && o.predicted !== null && o.predicted !== o.expected);

  return (
    <div className="evaluation" data-testid="evaluation">
      <MetricCards metrics={metrics} caption="As the model answered" />
      {metrics.kind === 'binary' ? <BinaryMatrix m={metrics} /> : <LabelMatrix m={metrics} />}
      {thresholded && (
        <div className="threshold">
          <h3>Probability threshold</h3>
          <p className="detail">Call an item a violation when the model's probability of a violation is at least the threshold. Moves precision against recall without running again.</p>
          <div className="threshold-row">
            <PrCurve points={curve} current={{ precision: thresholded.precision, recall: thresholded.recall }} />
            <div>
              <label className="field">
                <span>Threshold: {threshold.toFixed(2)}</span>
                <input type="range" min={0} max={1} step={0.01} value={threshold} onChange={(e) => setThreshold(e.target.valueAsNumber)} aria-label="Probability threshold" />
              </label>
              <MetricCards metrics={thresholded} caption={`At threshold ${threshold.toFixed(2)}`} testId="threshold-metrics" />
            </div>
          </div>
        </div>
      )}
      <h3>Disagreements ({disagreements.length})</h3>
      {disagreements.length === 0 ? <p className="detail">None: every labelled, conclusive verdict matches its expected label.</p> : (
        <ul className="disagreements">
          {disagreements.map(([row, o]) => (
            <li key={row}>
              <button type="button" className="link" onClick={() => onOpen(row)}>Row {row}</button>: expected {labelText(o.expected, format)}, model said {labelText(o.predicted, format)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MetricCards({ metrics: m, caption, testId = 'metrics' }: { metrics: BinaryMetrics | LabelMetrics; caption: string; testId?: string }) {
  const cards: [string, string, string][] = [
    ['accuracy', 'Accuracy', pct(m.accuracy)], ['precision', m.kind === 'labels' ? 'Precision (macro)' : 'Precision', pct(m.precision)],
    ['recall', m.kind === 'labels' ? 'Recall (macro)' : 'Recall', pct(m.recall)], ['f1', 'F1', pct(m.f1)], ['n', 'Items scored', String(m.n)],
    ['inconclusive', 'Inconclusive', String(m.inconclusive)],
  ];
  return (
    <dl className="metric-cards" aria-label={caption} data-testid={testId}>
      {cards.map(([key, name, value]) => (
        <div key={key} className="metric" data-metric={key}><dt>{name}</dt><dd>{value}</dd></div>
      ))}
    </dl>
  );
}

function BinaryMatrix({ m }: { m: BinaryMetrics }) {
  const c = m.confusion;
  return (
    <table className="confusion" aria-label="Confusion matrix" data-testid="confusion">
      <thead><tr><th /><th scope="col">Model: violation</th><th scope="col">Model: no violation</th></tr></thead>
      <tbody>
        <tr><th scope="row">Expected: violation</th><td data-cell="tp">{c.tp}</td><td data-cell="fn">{c.fn}</td></tr>
        <tr><th scope="row">Expected: no violation</th><td data-cell="fp">{c.fp}</td><td data-cell="tn">{c.tn}</td></tr>
      </tbody>
    </table>
  );
}

function LabelMatrix({ m }: { m: LabelMetrics }) {
  const { labels, matrix } = m.confusion;
  return (
    <table className="confusion" aria-label="Confusion matrix (rows: expected, columns: model)" data-testid="confusion">
      <thead><tr><th />{labels.map((l) => <th key={l} scope="col">{l}</th>)}</tr></thead>
      <tbody>{labels.map((l, i) => <tr key={l}><th scope="row">{l}</th>{matrix[i].map((n, j) => <td key={j}>{n}</td>)}</tr>)}</tbody>
    </table>
  );
}
