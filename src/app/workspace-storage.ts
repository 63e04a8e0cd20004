// Policies and batches live in a storage bucket of their own ("workspace"), apart from the model cache in the
// site's default bucket. Browsers evict storage a bucket at a time, so a browser that frees disk space by removing
// the model (gigabytes, downloaded again on demand) leaves the reviewer's work in place; and the workspace bucket
// asks to be persistent, which the browser grants once the site may keep data. Where the Storage Buckets API is
// missing (Firefox, Safari today) the stores stay in the default bucket.
import { createStore, entries, setMany, type UseStore } from 'idb-keyval';
import { yieldingStore } from '../../common/idb-store';

const BUCKET = 'workspace';
const MIGRATED = 'safeguard.workspace.migrated.';

interface StorageBucket {
  indexedDB: IDBFactory;
  persist(): Promise<boolean>;
  persisted(): Promise<boolean>;
}
interface StorageBucketManager {
  open(name: string, options?: { persisted?: boolean; durability?: 'strict' | 'relaxed' }): Promise<StorageBucket>;
}

const manager = () => (typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { storageBuckets?: StorageBucketManager }).storageBuckets);

let opened: Promise<StorageBucket | null> | null = null;

/** Whether policies and batches are kept apart from the model (the browser has Storage Buckets). */
export const workspaceKeptApart = () => manager() !== undefined;

/** The workspace bucket, or null where the browser has no Storage Buckets. */
export function workspaceBucket(): Promise<StorageBucket | null> {
  const buckets = manager();
  opened ??= !buckets ? Promise.resolve(null) : buckets.open(BUCKET, { persisted: true, durability: 'strict' }).catch(() => buckets.open(BUCKET)).catch(() => null);
  return opened;
}

/** Asks the browser to keep the workspace bucket (after the site was granted persistent storage). */
export async function persistWorkspace(): Promise<boolean> {
  const bucket = await workspaceBucket();
  return bucket ? bucket.persist().catch(() => false) : false;
}

/** An idb-keyval store in the workspace bucket. The first use in a browser moves what an earlier version of the
 *  app kept in the default bucket under the same name (copied, then the old database deleted). */
export function workspaceStore(dbName: string, storeName: string): UseStore {
  return yieldingStore(dbName, storeName, async () => (await workspaceBucket())?.indexedDB ?? indexedDB,
    async (db) => { if (await workspaceBucket()) await moveFromDefaultBucket(db, dbName, storeName); });
}

async function moveFromDefaultBucket(target: IDBDatabase, dbName: string, storeName: string) {
  const move = async () => {
    if (localStorage.getItem(MIGRATED + dbName)) return;
    if ((await indexedDB.databases()).some((d) => d.name === dbName)) {
      const old = createStore(dbName, storeName);
      const into: UseStore = (mode, callback) => Promise.resolve(callback(target.transaction(storeName, mode).objectStore(storeName)));
      await setMany(await entries(old), into);
      old('readonly', (store) => store.transaction.db.close()).catch(() => {}); // our own connection would block the delete
      indexedDB.deleteDatabase(dbName); // completes once no other tab holds it open
    }
    localStorage.setItem(MIGRATED + dbName, '1'); // never copied twice, so a stale copy cannot overwrite newer work
  };
  // One tab at a time: a second tab waits and then finds the move done.
  await (navigator.locks ? navigator.locks.request(`safeguard-move-${dbName}`, move) : move());
}
