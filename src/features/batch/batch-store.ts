// Batches and their results in IndexedDB (idb-keyval, databases of their own in the workspace storage bucket,
// apart from the model cache). Each result is written the moment its item finishes, under the key
// "<run id>:<row>", so a reload or a crash loses at most the item that was running.
import { del, get, promisifyRequest, set, values, type UseStore } from 'idb-keyval';
import { workspaceStore } from '../../app/workspace-storage';
import type { BatchRun, ItemResult } from '../../../classify/batch/batch-job';

const key = (runId: string, row: number) => `${runId}:${String(row).padStart(9, '0')}`;
const rangeOf = (runId: string) => IDBKeyRange.bound(`${runId}:`, `${runId}:\uffff`);

export class BatchStore {
  constructor(
    private readonly runStore: UseStore = workspaceStore('safeguard-batch-runs', 'runs'),
    private readonly resultStore: UseStore = workspaceStore('safeguard-batch-results', 'results'),
  ) {}

  /** Every saved run, newest first. */
  async listRuns(): Promise<BatchRun[]> {
    return (await values<BatchRun>(this.runStore)).sort((a, b) => b.createdAt - a.createdAt);
  }

  getRun(id: string): Promise<BatchRun | undefined> {
    return get<BatchRun>(id, this.runStore);
  }

  saveRun(run: BatchRun): Promise<void> {
    return set(run.id, run, this.runStore);
  }

  async results(runId: string): Promise<Map<number, ItemResult>> {
    const list = await this.resultStore('readonly', (store) => promisifyRequest(store.getAll(rangeOf(runId)) as IDBRequest<ItemResult[]>));
    return new Map(list.map((r) => [r.row, r]));
  }

  result(runId: string, row: number): Promise<ItemResult | undefined> {
    return get<ItemResult>(key(runId, row), this.resultStore);
  }

  saveResult(runId: string, result: ItemResult): Promise<void> {
    return set(key(runId, result.row), result, this.resultStore);
  }

  /** Deletes the run first (so it disappears at once), then its results. */
  async deleteRun(runId: string): Promise<void> {
    await del(runId, this.runStore);
    await this.resultStore('readwrite', (store) => promisifyRequest(store.delete(rangeOf(runId))));
  }
}
