// Reads the batch results the app stored in its own IndexedDB (in the workspace storage bucket), to check what was
// (not) classified again.
import type { Page } from '@playwright/test';

/** Finish times of the stored results, by row (read from the app's own IndexedDB). */
export const finishTimes = (page: Page) =>
  page.evaluate(async () => {
    const bucket = await (navigator as Navigator & { storageBuckets: { open(name: string): Promise<{ indexedDB: IDBFactory }> } }).storageBuckets.open('workspace');
    return new Promise<Record<number, number>>((resolve, reject) => {
      const open = bucket.indexedDB.open('safeguard-batch-results');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction('results').objectStore('results').getAll();
        request.onsuccess = () => resolve(Object.fromEntries((request.result as { row: number; finishedAt: number }[]).map((r) => [r.row, r.finishedAt])));
        request.onerror = () => reject(request.error);
      };
    });
  });
