// Batch & evaluate: the saved batches of this browser on the left, the chosen one (or a new one) on the right.
// A batch that was running when the page went away resumes by itself once the model is ready.
import { useEffect } from 'react';
import { ErrorPanel } from '../../ui/ErrorPanel';
import { NewBatch, type PolicyOption } from './NewBatch';
import { canRunOn, waitingFor } from './run-model';
import { RunView } from './RunView';
import type { BatchController, BatchView } from './batch-controller';

interface Props {
  /** The server host items are sent to, in server mode. */
  sendsTo?: string | null;
  /** From useBatch(), held by the page so the Classify section knows when a batch is running. */
  controller: BatchController;
  view: BatchView;
  policies: PolicyOption[];
  model: { id: string; revision: string | null } | null;
}

export function BatchSection({ controller, view, policies, model, sendsTo = null }: Props) {
  const { current } = view;
  const interrupted = view.runs.find((r) => r.id === view.interruptedRunId);
  const resumable = interrupted !== undefined && canRunOn(interrupted, model);

  useEffect(() => {
    if (resumable && view.interruptedRunId && !view.activeRunId) void controller.start(view.interruptedRunId);
  }, [resumable, view.interruptedRunId, view.activeRunId, controller]);

  return (
    <div className="batch-layout">
      <nav className="run-list" aria-label="Batches">
        <button type="button" className="primary" onClick={() => void controller.open(null)} aria-pressed={current === null}>New batch</button>
        <ul>
          {view.runs.map((r) => (
            <li key={r.id}>
              <button type="button" className={`run-item${current?.id === r.id ? ' selected' : ''}`} aria-current={current?.id === r.id ? 'true' : undefined} onClick={() => void controller.open(r.id)}>
                <span className="run-name">{r.title}</span>
                <span className="detail">{view.activeRunId === r.id ? 'running' : r.state} · {r.items.length} items · {new Date(r.createdAt).toLocaleDateString()}</span>
              </button>
            </li>
          ))}
        </ul>
        {view.loaded && view.runs.length === 0 && <p className="detail">No batches yet. Results are kept in this browser until you delete them.</p>}
      </nav>
      <div className="batch-main">
        {view.error && <ErrorPanel name={view.error.name} message={view.error.message} testId="batch-error" />}
        {current ? (
          <RunView run={current} results={view.results} view={view} ready={canRunOn(current, model)} waiting={waitingFor(current, model)}
            onResume={() => void controller.start(current.id)} onPause={() => controller.pause()} onCancel={() => void controller.cancel(current.id)}
            onDelete={() => void controller.remove(current.id)} onReview={(row, override, note) => void controller.review(row, override, note)}
            resultsOf={controller.resultsOf} />
        ) : (
          <NewBatch policies={policies} model={model} sendsTo={sendsTo} onCreate={(run, partner) => void controller.create(run, partner)} />
        )}
      </div>
    </div>
  );
}
