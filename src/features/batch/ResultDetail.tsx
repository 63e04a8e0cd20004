// One row of a batch opened: its text, verdict, rationale and reasoning, and a reviewer's decision. Keys (when
// the panel has focus, not while typing a note): J / K next and previous, A accept the verdict, 1 / 0 (or the
// label's number) override, X clear, N write a note, Esc close.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { OutputFormat } from '../../../classify/formats/output-format';
import { labelSpace, labelText } from '../../../classify/batch/labels';
import { VerdictChip } from './ResultsTable';
import type { TableRow } from './result-filters';

interface Props {
  row: TableRow;
  position: { index: number; count: number };
  format: OutputFormat;
  onMove: (step: 1 | -1) => void;
  onReview: (override: string | null, note: string | null) => void;
  onClose: () => void;
}

export const REVIEW_KEYS = 'J/K next/previous · A accept · 1/0 or label number override · X clear · N note · Esc close';

export function ResultDetail({ row, position, format, onMove, onReview, onClose }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState(row.result?.note ?? '');
  const result = row.result;
  const labels = labelSpace(format);
  // Binary keys are the digits themselves; a label format numbers its labels from 1.
  const keyLabel = (key: string) => (format.kind === 'labels' ? labels[Number(key) - 1] : key === '1' || key === '0' ? key : undefined);
  const reviewable = result?.status === 'done';

  useEffect(() => {
    setNote(row.result?.note ?? '');
    panel.current?.focus();
  }, [row.item.row, row.result?.note]);

  const decide = (override: string | null) => reviewable && onReview(override, note.trim() || null);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLTextAreaElement || e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.toLowerCase();
    const label = keyLabel(e.key);
    if (key === 'j' || e.key === 'ArrowDown') onMove(1);
    else if (key === 'k' || e.key === 'ArrowUp') onMove(-1);
    else if (key === 'a' && row.predicted != null) decide(row.predicted);
    else if (label) decide(label);
    else if (key === 'x') decide(null);
    else if (key === 'n') noteField.current?.focus();
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };

  return (
    <div ref={panel} className="result-detail" tabIndex={-1} onKeyDown={onKeyDown} role="region" aria-label={`Row ${row.item.row}`} data-testid="result-detail" data-row={row.item.row}>
      <div className="row">
        <strong>Row {row.item.row} · {row.item.id}</strong>
        <span className="detail">{position.index + 1} of {position.count}</span>
        <span className="spacer" />
        <button type="button" onClick={() => onMove(-1)} disabled={position.index === 0} aria-keyshortcuts="K">Previous</button>
        <button type="button" onClick={() => onMove(1)} disabled={position.index + 1 >= position.count} aria-keyshortcuts="J">Next</button>
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">Close</button>
      </div>
      <pre className="item-text">{row.item.text}</pre>
      <div className="row">
        <VerdictChip row={row} format={format} />
        {result?.probability != null && <span>p = {result.probability.toFixed(3)}</span>}
        {result?.verdict?.ruleIds.length ? <span>rules {result.verdict.ruleIds.join(', ')}</span> : null}
        {row.item.expected !== null && <span className={row.predicted !== undefined && row.predicted !== row.item.expected ? 'expected-differs' : 'detail'}>expected {labelText(row.item.expected, format)}</span>}
        {result?.override != null && <span data-testid="override">reviewer: {labelText(result.override, format)}</span>}
      </div>
      {result?.error && <p className="problem-inline">Not classified: {result.error}</p>}
      {result?.verdict?.rationale && <p><strong>Rationale:</strong> {result.verdict.rationale}</p>}
      {result?.verdict?.problems.length ? <p className="detail">Answer problems: {result.verdict.problems.join('; ')}</p> : null}
      {result?.reasoning && (
        <details className="reasoning" open>
          <summary>Reasoning</summary>
          <pre>{result.reasoning}</pre>
        </details>
      )}
      {reviewable && (
        <div className="review">
          <div className="row buttons" role="group" aria-label="Review">
            <button type="button" onClick={() => row.predicted != null && decide(row.predicted)} disabled={row.predicted == null} aria-keyshortcuts="A">Accept verdict</button>
            {labels.map((l, i) => (
              <button key={l} type="button" onClick={() => decide(l)} aria-keyshortcuts={format.kind === 'labels' ? String(i + 1) : l}>
                {labelText(l, format)}
              </button>
            ))}
            <button type="button" onClick={() => decide(null)} disabled={result?.override == null} aria-keyshortcuts="X">Clear</button>
          </div>
          <label className="block">
            Note
            <textarea ref={noteField} rows={2} value={note} onChange={(e) => setNote(e.target.value)}
              onBlur={() => (note.trim() || null) !== (result?.note ?? null) && onReview(result?.override ?? null, note.trim() || null)} />
          </label>
        </div>
      )}
      <p className="detail keys">Keys: {REVIEW_KEYS}</p>
    </div>
  );
}
