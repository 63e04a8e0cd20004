// The one action that gets the chosen model onto the GPU (download, resume or load), shared by the Model section
// and the model line of the Classify section so both offer the same thing under the same name.
import type { CachedModelSummary, LocalStatus } from '../../../backends/local-webgpu/local-backend';

/** The label of the button that downloads, resumes or loads the chosen model (error advice names it too). */
export function downloadButtonLabel(state: CachedModelSummary['state'] | undefined): string {
  return state === 'partial' ? 'Resume download' : state === 'complete' ? 'Load model' : 'Download model';
}

/** The button to offer now, or null while the model is downloading, loading or ready. */
export function primaryModelAction(state: Pick<LocalStatus, 'phase'>, cached: CachedModelSummary | undefined, sourceProblem: string | null): { label: string; disabled: boolean } | null {
  if (state.phase === 'downloading' || state.phase === 'ready' || state.phase === 'loading') return null;
  const disabled = state.phase === 'starting' || state.phase === 'unavailable' || state.phase === 'recovering' || sourceProblem !== null;
  return { label: downloadButtonLabel(cached?.state), disabled };
}
