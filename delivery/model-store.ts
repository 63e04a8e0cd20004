// The IndexedDB model cache, through idb-keyval with two named stores: chunks (Blobs, ≤ 64 MiB each, keyed
// "model/file#index") and manifests (one per model). A chunk counts as stored only once the manifest lists it
// with its sha256, and the manifest is written only after the chunk: a crash in between leaves an orphan chunk
// that is simply downloaded again, never a manifest that points at missing or unchecked bytes. A delete removes
// the manifest first (the model is gone for every reader at once), then its chunks; chunks left by a crash in
// between are swept when the model's next manifest is created.
import { del, delMany, get, keys, set, values, type UseStore } from 'idb-keyval';
import { yieldingStore } from '../common/idb-store';
import { StorageFullError } from '../common/errors';
import type { FileDigest } from './hub-listing';
import { isQuotaError } from '../common/quota';

export interface StoredFile {
  path: string;
  size: number;
  digest: FileDigest;
  chunkBytes: number;
  /** sha256 (hex) of each committed chunk; null = not stored yet (or discarded after a failed check). */
  chunks: (string | null)[];
  /** Whole-file checksum verified against the listing. */
  verified: boolean;
}

export type ModelState = 'complete' | 'partial' | 'corrupt';

export interface ModelManifest {
  modelId: string;
  repo: string;
  revision: string;
  baseUrl: string;
  files: StoredFile[];
  /** Why the cache is unusable until repaired (a failed checksum), if it is. */
  problem: string | null;
  /** What the checksums came from: a pinned manifest (its source), or the mirror's listing trusted on first use. */
  trust: Trust;
  /** Short fingerprint of the files' sizes and checksums, to compare copies (filesFingerprint). */
  fingerprint: string;
  updatedAt: number;
}

export type Trust = { kind: 'pinned'; source: string } | { kind: 'first-use'; mirror: string };

export interface CachedModelSummary {
  modelId: string;
  state: ModelState;
  storedBytes: number;
  totalBytes: number;
  problem: string | null;
  trust: Trust;
  /** Null for a manifest stored before fingerprints existed (it gets one at the next download). */
  fingerprint: string | null;
}

export const chunkKey = (modelId: string, path: string, index: number) => `${modelId}/${path}#${index}`;

export function chunkRange(file: StoredFile, index: number): [number, number] {
  const start = index * file.chunkBytes;
  return [start, Math.min(file.size, start + file.chunkBytes)];
}

export function summarize(m: ModelManifest): CachedModelSummary {
  let storedBytes = 0;
  let totalBytes = 0;
  for (const f of m.files) {
    totalBytes += f.size;
    f.chunks.forEach((c, i) => {
      if (c) storedBytes += chunkRange(f, i)[1] - chunkRange(f, i)[0];
    });
  }
  const complete = m.files.every((f) => f.verified && f.chunks.every(Boolean));
  return { modelId: m.modelId, state: m.problem ? 'corrupt' : complete ? 'complete' : 'partial', storedBytes, totalBytes, problem: m.problem,
    trust: m.trust ?? { kind: 'first-use', mirror: m.baseUrl }, fingerprint: m.fingerprint ?? null };
}


export class ModelStore {
  private readonly chunks: UseStore;
  private readonly manifests: UseStore;

  constructor(prefix = 'safeguard') {
    // Yielding: a model deleted from another tab, or evicted by the browser, is never held open by this one.
    this.chunks = yieldingStore(`${prefix}-model-chunks`, 'chunks');
    this.manifests = yieldingStore(`${prefix}-model-manifests`, 'manifests');
  }

  getManifest(modelId: string): Promise<ModelManifest | undefined> {
    return get<ModelManifest>(modelId, this.manifests);
  }

  async putManifest(manifest: ModelManifest): Promise<void> {
    await this.guardQuota(() => set(manifest.modelId, { ...manifest, updatedAt: Date.now() }, this.manifests));
  }

  async putChunk(key: string, bytes: Uint8Array): Promise<void> {
    await this.guardQuota(() => set(key, new Blob([bytes as Uint8Array<ArrayBuffer>]), this.chunks));
  }

  /** The chunk's bytes, or null when the record is missing or unreadable (Chrome's "Data lost due to missing file"). */
  async getChunk(key: string): Promise<Uint8Array | null> {
    try {
      const blob = await get<Blob>(key, this.chunks);
      return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
    } catch {
      return null;
    }
  }

  async list(): Promise<CachedModelSummary[]> {
    return (await values<ModelManifest>(this.manifests)).map(summarize);
  }

  /** Writes the manifest only if the model is still cached (a reader must not bring a deleted model back). */
  async updateManifestIfPresent(manifest: ModelManifest): Promise<boolean> {
    const current = await this.getManifest(manifest.modelId);
    if (!current || current.revision !== manifest.revision) return false;
    await this.putManifest(manifest);
    return true;
  }

  async deleteModel(modelId: string): Promise<void> {
    await del(modelId, this.manifests);
    await this.deleteChunksOf(modelId);
  }

  /** Every stored chunk of a model (also orphans that no manifest lists). */
  async deleteChunksOf(modelId: string): Promise<void> {
    const prefix = `${modelId}/`;
    await delMany((await keys(this.chunks)).filter((k) => String(k).startsWith(prefix)), this.chunks);
  }

  async deleteChunks(keysToDelete: string[]): Promise<void> {
    await delMany(keysToDelete, this.chunks);
  }

  private async guardQuota(write: () => Promise<void>) {
    try {
      await write();
    } catch (error) {
      if (isQuotaError(error)) {
        throw new StorageFullError(
          'The browser refused to store more model data (storage quota reached). Everything downloaded so far is kept and verified; free disk space or allow persistent storage, then press Resume.',
        );
      }
      throw error;
    }
  }
}
