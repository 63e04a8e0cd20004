// The Review section: one queue over every batch of this browser (or the one picked), so a reviewer works
// through what needs a person without opening batches one by one. Decisions are saved to the row's own batch.
import { useEffect, useMemo, useState } from 'react';
import type { ItemResult } from '../../../classify/batch/batch-job';
import type { BatchController, BatchView } from './batch-controller';
import { tableRows } from './result-filters';
import { ReviewQueue, type QueueEntry } from './ReviewQueue';

interface Props {
  controller: BatchController;
  view: BatchView;
}

const ALL = 'all';

export function ReviewSection({ controller, view }: Props) {
  const [batch, setBatch] = useState(ALL);
  const [results, setResults] = useState<ReadonlyMap<string, ReadonlyMap<number, ItemResult>> | null>(null);
  const runs = useMemo(() => view.runs.filter((r) => batch === ALL || r.id === batch), [view.runs, batch]);
  // Reloaded when a run starts an item or changes state, or when the shown batch's results change (view.results).
  const progressKey = `${view.activeRows.join()}:${view.runs.map((r) => `${r.id}=${r.state}`).join()}`;

  useEffect(() => {
    let stale = false;
    void Promise.all(runs.map(async (r) => [r.id, await controller.resultsOf(r.id)] as const)).then((loaded) => !stale && setResults(new Map(loaded)));
    return () => {
      stale = true;
    };
  }, [runs, controller, progressKey, view.results]);

  const entries = useMemo<QueueEntry[]>(
    () => (results ? runs.flatMap((run) => tableRows(run, results.get(run.id) ?? new Map()).map((row) => ({ runId: run.id, runTitle: run.title, format: run.settings.format, row }))) : []),
    [runs, results],
  );

  const review = async (entry: QueueEntry, override: string | null, note: string | null) => {
    await controller.review(entry.row.item.row, override, note, entry.runId);
    const saved = entry.row.result && { ...entry.row.result, override, note };
    if (saved) setResults((prev) => prev && new Map(prev).set(entry.runId, new Map(prev.get(entry.runId)).set(saved.row, saved)));
  };

  return (
    <section aria-label="Review" className="review-section">
      <div className="row">
        <h2>Review</h2>
        <label>
          Batches{' '}
          <select aria-label="Batches to review" value={batch} onChange={(e) => setBatch(e.target.value)}>
            <option value={ALL}>All batches ({view.runs.length})</option>
            {view.runs.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
          </select>
        </label>
      </div>
      {view.loaded && view.runs.length === 0 ? (
        <p className="detail">No batches yet. Run one under Batch &amp; evaluate; the items that need a person then appear here.</p>
      ) : results === null ? <p role="status">Loading the results…</p> : (
        <ReviewQueue entries={entries} onReview={(entry, override, note) => void review(entry, override, note)} showBatch />
      )}
    </section>
  );
}
