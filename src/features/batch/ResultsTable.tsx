// Every row of a batch with its verdict, in a virtualised list (@tanstack/react-virtual: only the visible rows
// are in the page, so 10,000 rows scroll smoothly), with filters, sorting and search. Opening a row shows its
// reasoning and the review controls.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { OutputFormat } from '../../../classify/formats/output-format';
import { labelSpace, labelText } from '../../../classify/batch/labels';
import { agreementOf, type ResultFilter, type SortKey, type TableRow } from './result-filters';

interface Props {
  rows: TableRow[];
  total: number;
  format: OutputFormat;
  hasLabels: boolean;
  filter: ResultFilter;
  onFilter: (f: ResultFilter) => void;
  /** Rows being classified now. */
  activeRows: readonly number[];
  selectedRow: number | null;
  onOpen: (row: number) => void;
}

const ROW_HEIGHT = 40;

export function ResultsTable({ rows, total, format, hasLabels, filter, onFilter, activeRows, selectedRow, onOpen }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const set = (change: Partial<ResultFilter>) => onFilter({ ...filter, ...change });
  const sortBy = (sort: SortKey) => set({ sort, descending: filter.sort === sort ? !filter.descending : false });
  const header = (key: SortKey, text: string) => (
    <div role="columnheader" aria-sort={filter.sort === key ? (filter.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => sortBy(key)}>{text}{filter.sort === key ? (filter.descending ? ' ↓' : ' ↑') : ''}</button>
    </div>
  );

  return (
    <div className="results">
      <div className="filters" role="group" aria-label="Filter results">
        <label className="field">
          <span>Verdict</span>
          <select value={filter.verdict} onChange={(e) => set({ verdict: e.target.value })}>
            <option value="all">all</option>
            {labelSpace(format).map((l) => <option key={l} value={l}>{labelText(l, format)}</option>)}
            <option value="inconclusive">inconclusive</option>
            <option value="error">not classified</option>
            <option value="pending">pending</option>
          </select>
        </label>
        {hasLabels && (
          <label className="field">
            <span>Expected label</span>
            <select value={filter.agreement} onChange={(e) => set({ agreement: e.target.value as ResultFilter['agreement'] })}>
              <option value="all">all</option>
              <option value="agrees">agrees</option>
              <option value="differs">differs</option>
              <option value="unlabelled">no label</option>
            </select>
          </label>
        )}
        <label className="field narrow">
          <span>Probability ≥</span>
          <input type="number" min={0} max={1} step={0.05} value={filter.minProbability} onChange={(e) => set({ minProbability: clamp(e.target.valueAsNumber, 0) })} />
        </label>
        <label className="field narrow">
          <span>≤</span>
          <input type="number" min={0} max={1} step={0.05} value={filter.maxProbability} onChange={(e) => set({ maxProbability: clamp(e.target.valueAsNumber, 1) })} />
        </label>
        <label className="field grow">
          <span>Search</span>
          <input type="search" value={filter.search} placeholder="id, text or rationale" onChange={(e) => set({ search: e.target.value })} />
        </label>
      </div>
      <p className="detail" data-testid="result-count" aria-live="polite">Showing {rows.length} of {total}</p>
      <div className="table-scroll">
        <div role="table" aria-label="Batch results" aria-rowcount={rows.length + 1} className="grid-table">
          <div role="rowgroup">
            <div role="row" className="grid-row grid-head" aria-rowindex={1}>
              {header('row', 'Row')}{header('id', 'Id')}<div role="columnheader">Text</div>{header('verdict', 'Verdict')}{header('probability', 'P')}
              <div role="columnheader">Rules</div>{header('expected', 'Expected')}<div role="columnheader">Review</div>
            </div>
          </div>
          <div ref={scroller} className="grid-body" role="rowgroup">
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {virtual.getVirtualItems().map((v) => {
                const r = rows[v.index];
                const agreement = agreementOf(r);
                return (
                  <div key={r.item.row} role="row" aria-rowindex={v.index + 2} data-testid="result-row" data-row={r.item.row} aria-selected={selectedRow === r.item.row}
                    className={`grid-row${selectedRow === r.item.row ? ' selected' : ''}${activeRows.includes(r.item.row) ? ' active' : ''}`}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }}>
                    <div role="cell">{r.item.row}</div>
                    <div role="cell"><button type="button" className="link" onClick={() => onOpen(r.item.row)} aria-label={`${r.item.id}, open row ${r.item.row}`}>{r.item.id}</button></div>
                    <div role="cell" className="clip" title={r.item.text}>{r.item.text || <em>empty</em>}</div>
                    <div role="cell"><VerdictChip row={r} format={format} running={activeRows.includes(r.item.row)} /></div>
                    <div role="cell">{r.result?.probability == null ? '' : r.result.probability.toFixed(2)}</div>
                    <div role="cell" className="clip">{r.result?.verdict?.ruleIds.join(' ') ?? ''}</div>
                    <div role="cell" className={agreement === 'differs' ? 'differs' : undefined}>{r.item.expected === null ? '' : labelText(r.item.expected, format)}{agreement === 'differs' ? ' ≠' : ''}</div>
                    <div role="cell">{r.result?.override != null ? `→ ${labelText(r.result.override, format)}` : ''}</div>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

export function VerdictChip({ row, format, running = false }: { row: TableRow; format: OutputFormat; running?: boolean }) {
  if (running) return <span className="chip chip-running">running…</span>;
  if (!row.result) return <span className="chip chip-pending">pending</span>;
  if (row.result.status === 'error') return <span className="chip chip-error" title={row.result.error ?? ''}>not classified</span>;
  const tone = row.predicted === null ? 'inconclusive' : format.kind !== 'labels' ? (row.predicted === '1' ? 'violation' : 'safe') : 'label';
  return <span className={`chip chip-${tone}`}>{labelText(row.predicted ?? null, format)}</span>;
}

const clamp = (value: number, fallback: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : fallback);
