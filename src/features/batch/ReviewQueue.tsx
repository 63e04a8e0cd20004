// The review queue: rows that need a person (disagreements with the expected label, inconclusive answers, low
// probability), one at a time, decided by keyboard (ResultDetail's keys). It serves one batch (its Review tab)
// or every batch of this browser (the Review section), where each row says which batch it is from.
import { useMemo, useState } from 'react';
import type { OutputFormat } from '../../../classify/formats/output-format';
import { agreementOf, type TableRow } from './result-filters';
import { ResultDetail } from './ResultDetail';

/** One row in the queue, with the batch it belongs to (its format decides the review keys). */
export interface QueueEntry {
  runId: string;
  runTitle: string;
  format: OutputFormat;
  row: TableRow;
}

interface Props {
  entries: QueueEntry[];
  onReview: (entry: QueueEntry, override: string | null, note: string | null) => void;
  /** Rows come from several batches: each says which. */
  showBatch?: boolean;
}

export interface QueueRule {
  disagreements: boolean;
  inconclusive: boolean;
  /** Rows whose verdict probability is below this (0 = off). */
  below: number;
  unreviewedOnly: boolean;
}

export function needsReview(row: TableRow, rule: QueueRule): boolean {
  if (row.result?.status !== 'done') return false;
  if (rule.unreviewedOnly && row.result.override !== null) return false;
  return (rule.disagreements && agreementOf(row) === 'differs') || (rule.inconclusive && row.predicted === null)
    || (rule.below > 0 && row.result.probability !== null && row.result.probability < rule.below);
}

export function ReviewQueue({ entries, onReview, showBatch = false }: Props) {
  const [rule, setRule] = useState<QueueRule>({ disagreements: true, inconclusive: true, below: 0.75, unreviewedOnly: false });
  const [at, setAt] = useState(0);
  const queue = useMemo(() => entries.filter((e) => needsReview(e.row, rule)), [entries, rule]);
  const reviewed = queue.filter((e) => e.row.result?.override != null).length;
  const index = Math.min(at, Math.max(0, queue.length - 1));
  const entry = queue[index];
  const check = (key: 'disagreements' | 'inconclusive' | 'unreviewedOnly', text: string) => (
    <label><input type="checkbox" checked={rule[key]} onChange={(e) => { setRule({ ...rule, [key]: e.target.checked }); setAt(0); }} /> {text}</label>
  );

  return (
    <div className="review-queue" data-testid="review-queue">
      <div className="row filters" role="group" aria-label="What needs review">
        {check('disagreements', 'disagrees with the expected label')}
        {check('inconclusive', 'inconclusive')}
        <label className="field narrow">
          <span>probability below</span>
          <input type="number" min={0} max={1} step={0.05} value={rule.below} onChange={(e) => { setRule({ ...rule, below: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : 0 }); setAt(0); }} />
        </label>
        {check('unreviewedOnly', 'not yet reviewed')}
      </div>
      <p data-testid="queue-count">{queue.length} {queue.length === 1 ? 'item needs' : 'items need'} review · {reviewed} reviewed</p>
      {!entry ? <p className="detail">Nothing to review with these rules.</p> : (
        <>
          {showBatch && <p className="detail" data-testid="queue-batch">From batch <strong>{entry.runTitle}</strong>, row {entry.row.item.row}</p>}
          <ResultDetail key={`${entry.runId}:${entry.row.item.row}`} row={entry.row} position={{ index, count: queue.length }} format={entry.format}
            onMove={(step) => setAt(Math.max(0, Math.min(queue.length - 1, index + step)))}
            onReview={(override, note) => onReview(entry, override, note)} onClose={() => setAt(0)} />
        </>
      )}
    </div>
  );
}
