// A/B: this run beside another run over the same items: both runs' metrics on the rows both finished, and
// every item whose verdict flipped, each opening its row.
import { useEffect, useMemo, useState } from 'react';
import type { BatchRun, ItemResult } from '../../../classify/batch/batch-job';
import { compareRuns, sameItems } from '../../../classify/batch/compare';
import { labelText } from '../../../classify/batch/labels';
import type { BinaryMetrics, LabelMetrics } from '../../../classify/batch/metrics';

interface Props {
  run: BatchRun;
  results: ReadonlyMap<number, ItemResult>;
  runs: BatchRun[];
  /** Changes whenever any run makes progress, so the other side's results are read again. */
  progressKey: string;
  resultsOf: (id: string) => Promise<Map<number, ItemResult>>;
  onOpen: (row: number) => void;
}

const pct = (x: number | null | undefined) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
const ROWS: [string, (m: BinaryMetrics | LabelMetrics) => string][] = [
  ['Accuracy', (m) => pct(m.accuracy)], ['Precision', (m) => pct(m.precision)], ['Recall', (m) => pct(m.recall)], ['F1', (m) => pct(m.f1)],
  ['Items scored', (m) => String(m.n)], ['Inconclusive', (m) => String(m.inconclusive)],
];

export function CompareView({ run, results, runs, progressKey, resultsOf, onOpen }: Props) {
  const candidates = useMemo(() => runs.filter((r) => r.id !== run.id && sameItems(r, run)), [runs, run]);
  const partner = candidates.find((r) => run.pair && r.pair?.id === run.pair.id);
  const [otherId, setOtherId] = useState<string>(partner?.id ?? candidates[0]?.id ?? '');
  const [otherResults, setOtherResults] = useState<Map<number, ItemResult> | null>(null);
  const other = candidates.find((r) => r.id === otherId);

  useEffect(() => {
    let stale = false;
    if (other) resultsOf(other.id).then((r) => !stale && setOtherResults(r));
    return () => void (stale = true);
  }, [other, resultsOf, progressKey]);

  if (candidates.length === 0) return <p className="detail">No other batch classified these same items. Start an A/B from New batch (Compare with), or run this file again with another policy.</p>;
  const comparison = other && otherResults ? compareRuns(run, results, other, otherResults) : null;
  const [a, b] = [run, other];

  return (
    <div className="compare" data-testid="compare">
      <label className="field">
        <span>Compare with</span>
        <select value={otherId} onChange={(e) => setOtherId(e.target.value)}>
          {candidates.map((r) => <option key={r.id} value={r.id}>{r.title} ({new Date(r.createdAt).toLocaleString()})</option>)}
        </select>
      </label>
      {comparison && b && (
        <>
          <p className="detail">{comparison.compared} items finished in both runs.</p>
          {comparison.metricsA && comparison.metricsB && (
            <table className="confusion compare-metrics" aria-label="Metrics side by side">
              <thead><tr><th /><th scope="col">{a.settings.policy.name}</th><th scope="col">{b.settings.policy.name}</th></tr></thead>
              <tbody>{ROWS.map(([name, value]) => <tr key={name}><th scope="row">{name}</th><td>{value(comparison.metricsA!)}</td><td>{value(comparison.metricsB!)}</td></tr>)}</tbody>
            </table>
          )}
          <h3>Verdicts that flipped ({comparison.flips.length})</h3>
          {comparison.flips.length === 0 ? <p className="detail">None: both policies gave every finished item the same verdict.</p> : (
            <ul className="disagreements" data-testid="flips">
              {comparison.flips.map((f) => (
                <li key={f.row}>
                  <button type="button" className="link" onClick={() => onOpen(f.row)}>Row {f.row}</button> ({f.id}):{' '}
                  {verdict(f.a, a)} → {verdict(f.b, b)}{f.expected !== null ? `, expected ${labelText(f.expected, a.settings.format)}` : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

const verdict = (label: string | null, run: BatchRun) => (label === 'error' ? 'not classified' : labelText(label, run.settings.format));
