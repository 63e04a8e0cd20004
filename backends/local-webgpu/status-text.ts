// What the page says when preparing the model ends without a loaded model: a stop the user asked for (pause,
// delete) is a notice, anything else an error; and what an import from disk did. Pure functions of the outcome.
import { describeError, type ErrorInfo } from '../../common/errors';
import type { DownloadProgress } from '../../delivery/download-manager';
import type { ImportReport } from '../../delivery/import-manager';

export function stoppedOrFailed(error: unknown, stop: 'pause' | 'delete' | null, download: DownloadProgress | null): { error: ErrorInfo | null; notice?: string } {
  if (describeError(error).name !== 'AbortedError' || !stop) return { error: describeError(error) };
  if (stop === 'delete') return { error: null }; // remove() says what happened
  const stored = download && download.bytesTotal > 0 ? ` (${Math.round((download.bytesDone / download.bytesTotal) * 100)} % stored)` : '';
  return { error: null, notice: `Download paused${stored}. Press Resume download to continue from what is stored.` };
}

export function describeImport(r: ImportReport): string {
  const parts = [`Imported from disk and verified: ${r.imported.length ? r.imported.join(', ') : 'nothing'}.`];
  for (const { path, reason } of r.rejected) parts.push(`Not imported: ${path} ${reason}.`);
  if (r.missing.length) parts.push(`Not in the folder: ${r.missing.join(', ')}.`);
  if (r.summary.state !== 'complete') parts.push('Press Resume download to fetch what is still missing.');
  return parts.join(' ');
}
