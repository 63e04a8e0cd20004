// A batch runs on the model it was started with, to its end: its results are one model's answers, and a batch
// made in this browser never goes to a server (or the other way round) without the user starting it there.
import type { BatchRun } from '../../../classify/batch/batch-job';

export type CurrentModel = { id: string; revision: string | null } | null;

/** Whether `run` can go on now: the model ready now is the one it was started with. */
export const canRunOn = (run: BatchRun, model: CurrentModel) => model !== null && model.id === run.settings.model.id;

/** Why a run cannot go on now, for the run's progress line. */
export function waitingFor(run: BatchRun, model: CurrentModel): string {
  const wanted = run.settings.model.id;
  if (model === null) return `It needs ${wanted}: load it (Classify, Model) or connect to its server.`;
  return `It was started on ${wanted}, and ${model.id} is ready now: switch back (Where the model runs) to resume it, or start a new batch.`;
}
