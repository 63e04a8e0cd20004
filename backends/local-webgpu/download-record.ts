// Which models this browser has downloaded completely, kept in localStorage beside the IndexedDB cache. A model
// on this list that the cache no longer has was removed by the browser (storage pressure evicts IndexedDB of
// sites without persistent storage), not by the user, whose Delete takes it off the list.

const KEY = 'safeguard.downloadedModels';

export class DownloadRecord {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {}

  private read(): string[] {
    try {
      return JSON.parse(this.storage?.getItem(KEY) ?? '[]') as string[];
    } catch {
      return [];
    }
  }

  private write(ids: string[]) {
    this.storage?.setItem(KEY, JSON.stringify(ids));
  }

  add(modelId: string) {
    const ids = this.read();
    if (!ids.includes(modelId)) this.write([...ids, modelId]);
  }

  remove(modelId: string) {
    this.write(this.read().filter((id) => id !== modelId));
  }

  /** Models downloaded here earlier that the cache no longer holds at all. */
  evicted(cachedIds: string[]): string[] {
    return this.read().filter((id) => !cachedIds.includes(id));
  }
}
