// Storage permission and figures. persist() exists only on the main thread (not in workers), and should be asked
// for right before the big download, inside the user's click.
export interface StorageFigures {
  persisted: boolean;
  usage: number | null;
  quota: number | null;
}

const storage = () => (typeof navigator === 'undefined' ? undefined : navigator.storage);

export async function requestPersistentStorage(): Promise<boolean> {
  if (!storage()?.persist) return false;
  if (await storage()!.persisted()) return true;
  return storage()!.persist().catch(() => false);
}

export async function storageFigures(): Promise<StorageFigures> {
  const persisted = (await storage()?.persisted?.().catch(() => false)) ?? false;
  const estimate = await storage()?.estimate?.().catch(() => null);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}
