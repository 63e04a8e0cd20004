// Where a batch stands: items done of all, items per minute and the time left while it runs, and its controls.
import type { BatchRun, ItemResult } from '../../../classify/batch/batch-job';
import type { BatchView } from './batch-controller';

interface Props {
  run: BatchRun;
  results: ReadonlyMap<number, ItemResult>;
  view: BatchView;
  ready: boolean;
  /** Why it cannot run now (when not ready). */
  waiting: string;
  now: number;
  onResume: () => void;
  onPause: () => void;
  onCancel: () => void;
}

const STATE_TEXT: Record<BatchRun['state'], string> = {
  ready: 'Not started', running: 'Running', paused: 'Paused', cancelled: 'Cancelled', finished: 'Finished',
};

export function RunProgress({ run, results, view, ready, waiting, now, onResume, onPause, onCancel }: Props) {
  const done = results.size;
  const total = run.items.length;
  const errors = [...results.values()].filter((r) => r.status === 'error').length;
  const active = view.activeRunId === run.id;
  const pace = active && view.pace ? view.pace : null;
  const finishedHere = pace ? done - pace.doneAtStart : 0;
  const minutes = pace ? (now - pace.since) / 60_000 : 0;
  const perMinute = finishedHere > 0 && minutes > 0 ? finishedHere / minutes : null;
  const etaMinutes = perMinute ? (total - done) / perMinute : null;
  const interrupted = view.interruptedRunId === run.id;
  const otherActive = view.activeRunId !== null && !active;

  return (
    <div className="run-progress" data-testid="batch-progress" data-state={active ? 'running' : run.state} data-done={done} data-total={total}>
      <div className="row">
        <strong className={`state state-${active ? 'running' : run.state}`}>{active ? 'Running' : interrupted ? 'Interrupted' : STATE_TEXT[run.state]}</strong>
        <span data-testid="batch-counts">{done} of {total} done{errors ? ` · ${errors} not classified` : ''}</span>
        {active && <span className="detail" data-testid="batch-rate">{perMinute ? `${perMinute.toFixed(1)} items/min · about ${formatMinutes(etaMinutes!)} left` : 'measuring speed…'}</span>}
        {active && view.atOnce && <span className="detail" data-testid="batch-at-once">{view.atOnce} at once</span>}
      </div>
      <progress max={total} value={done} aria-label="Items done" />
      {run.stoppedBy && !active && (
        <p className="problem-inline" role="alert" data-testid="batch-stopped">
          Stopped: {run.stoppedBy}. Finished items are kept; {interrupted ? 'it resumes by itself when the model is ready again.' : 'Resume goes on from where it stopped.'}
        </p>
      )}
      {interrupted && !run.stoppedBy && !active && <p className="notice" role="status" data-testid="batch-interrupted">This batch was running when the page closed. {ready ? 'Resuming…' : 'It resumes when its model is ready.'}</p>}
      <div className="row buttons">
        {active && <button type="button" onClick={onPause}>Pause</button>}
        {!active && (run.state === 'paused' || run.state === 'ready' || run.state === 'running') && (
          <button type="button" className="primary" disabled={!ready || otherActive} onClick={onResume} title={otherActive ? 'Another batch is running' : undefined}>
            {done > 0 ? 'Resume' : 'Start'}
          </button>
        )}
        {(active || run.state === 'paused' || run.state === 'ready' || run.state === 'running') && <button type="button" onClick={onCancel}>Cancel batch</button>}
        {!ready && !active && run.state !== 'finished' && run.state !== 'cancelled' && <span className="detail" data-testid="batch-waiting">{waiting}</span>}
      </div>
    </div>
  );
}

function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.max(1, Math.round(minutes * 60))} s`;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}
