// One stderr line per finished item: where the batch is, what the item came to, the rate and the time left.
import type { ExportRecord } from '../../classify/batch/export';

export function progressLine(record: ExportRecord, done: number, total: number, doneHere: number, elapsedMs: number): string {
  const perMinute = elapsedMs > 0 ? (doneHere / elapsedMs) * 60_000 : 0;
  const etaS = perMinute > 0 ? ((total - done) / perMinute) * 60 : 0;
  const what = record.error ? `error: ${record.error}` : `${record.verdict}${record.probability === null ? '' : ` (p=${record.probability.toFixed(3)})`}`;
  return `[${done}/${total}] row ${record.row} (${record.id}): ${what} · ${perMinute.toFixed(1)} items/min · ETA ${Math.ceil(etaS)} s`;
}
