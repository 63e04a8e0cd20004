// A model folder read back from the IndexedDB cache: each chunk's sha256 is checked before any of its bytes are
// handed to the loader, so nothing unverified reaches the GPU. JavaScript holds at most CACHED_CHUNKS chunks.
import { CheckpointError, IntegrityError } from '../common/errors';
import type { ByteSource } from '../engine/weights/byte-source';
import type { CheckpointFolder } from '../engine/weights/checkpoint';
import { sha256Hex } from './digest';
import { chunkKey, chunkRange, type ModelManifest, type ModelStore, type StoredFile } from './model-store';

const CACHED_CHUNKS = 2;

/** A stored chunk is missing or does not match its checksum; the caller discards it and downloads it again. */
export class ChunkIntegrityError extends IntegrityError {
  constructor(
    readonly path: string,
    readonly index: number,
    why: string,
  ) {
    super(`The cached chunk ${index} of ${path} is ${why}.`);
  }
}

/** Chunk bytes the cache readers hold now, and the most they held during the latest load (memory report). */
export const readerMemory = { current: 0, peak: 0 };

/** Chunks held for every file of one folder together (insertion order = least recently loaded first). */
type HeldChunks = Map<string, Uint8Array>;

class CachedByteSource implements ByteSource {
  constructor(
    private readonly store: ModelStore,
    private readonly manifest: ModelManifest,
    private readonly file: StoredFile,
    private readonly held: HeldChunks,
  ) {}

  private get modelId() {
    return this.manifest.modelId;
  }

  /** Marks the chunk as not stored, so the model shows as partial and the next download fetches it again. */
  private async discard(index: number) {
    this.file.chunks[index] = null;
    this.file.verified = false;
    await this.store.updateManifestIfPresent(this.manifest);
  }

  get name() {
    return `cache:${this.modelId}/${this.file.path}`;
  }

  get size() {
    return this.file.size;
  }

  private async chunk(index: number): Promise<Uint8Array> {
    const hit = this.held.get(`${this.file.path}#${index}`);
    if (hit) return hit;
    const expected = this.file.chunks[index];
    if (!expected) throw new ChunkIntegrityError(this.file.path, index, 'not stored');
    const bytes = await this.store.getChunk(chunkKey(this.modelId, this.file.path, index));
    const [start, end] = chunkRange(this.file, index);
    const problem = !bytes
      ? 'missing from IndexedDB'
      : bytes.length !== end - start
        ? `${bytes.length} bytes instead of ${end - start}`
        : (await sha256Hex(bytes)) !== expected
          ? 'corrupted (its sha256 does not match)'
          : null;
    if (problem || !bytes) {
      await this.discard(index);
      throw new ChunkIntegrityError(this.file.path, index, `${problem}; it was discarded and will be downloaded again`);
    }
    if (this.held.size >= CACHED_CHUNKS) release(this.held, this.held.keys().next().value!);
    this.held.set(`${this.file.path}#${index}`, bytes);
    readerMemory.current += bytes.length;
    readerMemory.peak = Math.max(readerMemory.peak, readerMemory.current);
    return bytes;
  }


  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.file.size);
    const out = new Uint8Array(Math.max(0, end - offset));
    for (let pos = offset; pos < end; ) {
      const index = Math.floor(pos / this.file.chunkBytes);
      const bytes = await this.chunk(index);
      const within = pos - index * this.file.chunkBytes;
      const take = Math.min(end - pos, bytes.length - within);
      out.set(bytes.subarray(within, within + take), pos - offset);
      pos += take;
    }
    return out;
  }

}

function release(held: HeldChunks, key: string) {
  readerMemory.current -= held.get(key)!.length;
  held.delete(key);
}

export interface CachedFolder extends CheckpointFolder {
  /** Drops the chunks still held in memory (call after loading). */
  close(): void;
}

export function cachedFolder(store: ModelStore, manifest: ModelManifest): CachedFolder {
  const held: HeldChunks = new Map();
  readerMemory.peak = readerMemory.current; // the report is per load
  const fileOf = (path: string) => manifest.files.find((f) => f.path === path);
  const open = (path: string) => {
    const file = fileOf(path);
    if (!file) throw new CheckpointError(`${path} is not part of the cached model ${manifest.modelId}`);
    return new CachedByteSource(store, manifest, file, held);
  };
  return {
    name: `${manifest.repo}@${manifest.revision} (cached)`,
    async readText(path) {
      if (!fileOf(path)) return null;
      const source = open(path);
      return new TextDecoder().decode(await source.read(0, source.size));
    },
    async open(path) {
      return open(path);
    },
    close() {
      for (const key of [...held.keys()]) release(held, key);
    },
  };
}
