// One batch: what it was run with, its progress and controls, its results (filter, sort, search, open a row
// to read and review it), its evaluation when the file had expected labels, and the export of what it produced.
import * as Tabs from '@radix-ui/react-tabs';
import { useEffect, useMemo, useState } from 'react';
import type { BatchRun, ItemResult } from '../../../classify/batch/batch-job';
import { evaluate, outcomes } from '../../../classify/batch/evaluate';
import { exportRecords, toCsv, toJsonl } from '../../../classify/batch/export';
import { formatName } from '../../../classify/formats/output-format';
import type { BatchView } from './batch-controller';
import { downloadText } from './download-file';
import { EvaluationPanel } from './EvaluationPanel';
import { ResultDetail } from './ResultDetail';
import { ResultsTable } from './ResultsTable';
import { filterRows, NO_FILTER, tableRows, type ResultFilter } from './result-filters';
import { RunProgress } from './RunProgress';
import { CompareView } from './CompareView';
import { ReviewQueue } from './ReviewQueue';

/** No rows running (a stable empty list, so the table does not re-render for nothing). */
const NONE: readonly number[] = [];

interface Props {
  run: BatchRun;
  results: ReadonlyMap<number, ItemResult>;
  view: BatchView;
  ready: boolean;
  /** Why it cannot run now (when not ready). */
  waiting: string;
  onResume: () => void;
  onPause: () => void;
  onCancel: () => void;
  onDelete: () => void;
  onReview: (row: number, override: string | null, note: string | null) => void;
  resultsOf: (id: string) => Promise<Map<number, ItemResult>>;
}

export function RunView({ run, results, view, ready, waiting, onResume, onPause, onCancel, onDelete, onReview, resultsOf }: Props) {
  const [filter, setFilter] = useState<ResultFilter>(NO_FILTER);
  const [selected, setSelected] = useState<number | null>(null);
  const [tab, setTab] = useState('results');
  const [withReasoning, setWithReasoning] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [threshold, setThreshold] = useState(0.5);
  const now = useNow(view.activeRunId === run.id);
  const all = useMemo(() => tableRows(run, results), [run, results]);
  const rows = useMemo(() => filterRows(all, filter), [all, filter]);
  const outcomeMap = useMemo(() => outcomes(run, results), [run, results]);
  const metrics = useMemo(() => evaluate(run, [...outcomeMap.values()]), [run, outcomeMap]);
  const { settings } = run;
  const queueEntries = useMemo(() => all.map((row) => ({ runId: run.id, runTitle: run.title, format: run.settings.format, row })), [all, run]);
  useEffect(() => {
    setSelected(null);
    setThreshold(0.5);
  }, [run.id]);

  const index = rows.findIndex((r) => r.item.row === selected);
  const open = (row: number) => {
    setSelected(row);
    setTab('results');
    if (!rows.some((r) => r.item.row === row)) setFilter(NO_FILTER); // a row the filter hides is shown with the filter off
  };
  const exportAs = (kind: 'csv' | 'jsonl') => {
    const records = exportRecords(run, results, { reasoning: withReasoning });
    const base = run.source.fileName.replace(/\.[^.]+$/, '') + '-results';
    if (kind === 'csv') downloadText(`${base}.csv`, toCsv(records), 'text/csv;charset=utf-8');
    else downloadText(`${base}.jsonl`, toJsonl(records), 'application/jsonl;charset=utf-8');
  };

  return (
    <div className="run-view" data-testid="run-view" data-run={run.id}>
      <div className="row run-title">
        <h2>{run.title}</h2>
        <span className="spacer" />
        {confirmDelete ? (
          <span className="confirm" role="group" aria-label="Confirm delete">
            Delete this batch and its {results.size} results?
            <button type="button" className="danger" onClick={onDelete}>Delete batch</button>
            <button type="button" onClick={() => setConfirmDelete(false)}>Keep</button>
          </span>
        ) : <button type="button" onClick={() => setConfirmDelete(true)}>Delete…</button>}
      </div>
      <p className="detail run-settings">
        Policy <strong>{settings.policy.name}</strong> (<code title={settings.policy.hash}>{settings.policy.hash.slice(0, 12)}</code>) · effort {settings.effort} ·
        format {formatName(settings.format)} · answer limit {settings.maxTokens} · model {settings.model.id}{settings.model.revision ? `@${settings.model.revision}` : ''} · date {settings.date}
      </p>
      <RunProgress run={run} results={results} view={view} ready={ready} waiting={waiting} now={now} onResume={onResume} onPause={onPause} onCancel={onCancel} />
      <div className="row export">
        <span>Export {results.size} results:</span>
        <button type="button" onClick={() => exportAs('csv')} disabled={results.size === 0}>CSV</button>
        <button type="button" onClick={() => exportAs('jsonl')} disabled={results.size === 0}>JSONL</button>
        <label><input type="checkbox" checked={withReasoning} onChange={(e) => setWithReasoning(e.target.checked)} /> include reasoning</label>
      </div>
      <Tabs.Root value={tab} onValueChange={setTab}>
        <Tabs.List className="tabs" aria-label="Batch views">
          <Tabs.Trigger value="results" className="tab">Results</Tabs.Trigger>
          <Tabs.Trigger value="evaluation" className="tab" disabled={!metrics}>Evaluation{metrics ? '' : ' (needs a label column)'}</Tabs.Trigger>
          <Tabs.Trigger value="review" className="tab">Needs review</Tabs.Trigger>
          <Tabs.Trigger value="compare" className="tab">Compare (A/B)</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="results" className="tab-panel">
          <div className={`results-layout${selected !== null && index >= 0 ? ' with-detail' : ''}`}>
            <ResultsTable rows={rows} total={all.length} format={settings.format} hasLabels={run.source.columns.label !== null} filter={filter} onFilter={setFilter}
              activeRows={view.activeRunId === run.id ? view.activeRows : NONE} selectedRow={selected} onOpen={open} />
            {selected !== null && index >= 0 && (
              <ResultDetail row={rows[index]} position={{ index, count: rows.length }} format={settings.format}
                onMove={(step) => { const next = rows[index + step]; if (next) setSelected(next.item.row); }}
                onReview={(override, note) => onReview(rows[index].item.row, override, note)} onClose={() => setSelected(null)} />
            )}
          </div>
        </Tabs.Content>
        <Tabs.Content value="evaluation" className="tab-panel">
          {metrics && <EvaluationPanel metrics={metrics} outcomes={outcomeMap} format={settings.format} onOpen={open} threshold={threshold} onThreshold={setThreshold} />}
        </Tabs.Content>
        <Tabs.Content value="review" className="tab-panel">
          <ReviewQueue entries={queueEntries} onReview={(entry, override, note) => onReview(entry.row.item.row, override, note)} />
        </Tabs.Content>
        <Tabs.Content value="compare" className="tab-panel">
          <CompareView run={run} results={results} runs={view.runs} progressKey={`${view.activeRunId}:${view.activeRows.join()}:${view.runs.map((r) => r.state).join()}`} resultsOf={resultsOf} onOpen={open} />
        </Tabs.Content>
      </Tabs.Root>
    </div>
  );
}

/** The time, ticking every second while `live` (for the rate and the time left). */
function useNow(live: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  return now;
}
