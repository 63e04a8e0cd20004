// An idb-keyval store whose connection steps aside: when another context deletes or upgrades the database (the
// Delete button in another tab, the browser evicting the model cache), the connection closes at once instead of
// blocking that delete forever, and the next use opens the database again (empty, if it was deleted).
import { promisifyRequest, type UseStore } from 'idb-keyval';

export function yieldingStore(
  dbName: string,
  storeName: string,
  factory: () => IDBFactory | Promise<IDBFactory> = () => indexedDB,
  afterOpen?: (db: IDBDatabase) => Promise<void>,
): UseStore {
  let connection: Promise<IDBDatabase> | undefined;
  const open = () => {
    connection ??= (async () => {
      const request = (await factory()).open(dbName);
      request.onupgradeneeded = () => request.result.createObjectStore(storeName);
      const db = await promisifyRequest(request);
      const forget = () => { if (connection === opened) connection = undefined; };
      db.onversionchange = () => { db.close(); forget(); };
      db.onclose = forget; // closed by the browser (storage cleared, disk error)
      await afterOpen?.(db);
      return db;
    })();
    const opened = connection;
    opened.catch(() => { if (connection === opened) connection = undefined; }); // a failed open is tried again next time
    return opened;
  };
  return (mode, callback) => open().then((db) => callback(db.transaction(storeName, mode).objectStore(storeName)));
}
