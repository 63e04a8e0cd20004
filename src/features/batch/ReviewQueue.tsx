// The review queue: the rows of a batch that need a person (disagreements with the expected label, inconclusive
// answers, low probability), one at a time, decided by keyboard (ResultDetail's keys).
import { useMemo, useState } from 'react';
import type { OutputFormat } from '../../../classify/formats/output-format';
import { agreementOf, type TableRow } from './result-filters';
import { ResultDetail } from './ResultDetail';

interface Props {
  rows: TableRow[];
  format: OutputFormat;
  onReview: (row: number, override: string | null, note: string | null) => void;
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

export function ReviewQueue({ rows, format, onReview }: Props) {
  const [rule, setRule] = useState<QueueRule>({ disagreements: true, inconclusive: true, below: 0.75, unreviewedOnly: false });
  const [at, setAt] = useState(0);
  const queue = useMemo(() => rows.filter((r) => needsReview(r, rule)), [rows, rule]);
  const reviewed = queue.filter((r) => r.result?.override != null).length;
  const index = Math.min(at, Math.max(0, queue.length - 1));
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
      {queue.length === 0 ? <p className="detail">Nothing to review with these rules.</p> : (
        <ResultDetail row={queue[index]} position={{ index, count: queue.length }} format={format}
          onMove={(step) => setAt(Math.max(0, Math.min(queue.length - 1, index + step)))}
          onReview={(override, note) => onReview(queue[index].item.row, override, note)} onClose={() => setAt(0)} />
      )}
    </div>
  );
}
