// Storage permission and figures. persist() exists only on the main thread (not in workers), and should be asked
// for right before the big download, inside the user's click.
export interface StorageFigures {
  persisted: boolean;
  usage: number | null;
  quota: number | null;
}

export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist().catch(() => false);
}

export async function storageFigures(): Promise<StorageFigures> {
  const persisted = (await navigator.storage?.persisted?.().catch(() => false)) ?? false;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}
