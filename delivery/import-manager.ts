// Imports a model folder the user already has on disk (picked or dropped) into the same IndexedDB cache a download
// fills, without downloading the weights. The files to expect and their checksums still come from the listing
// (one small request, or none when a manifest exists), so a local file is trusted exactly as far as a downloaded
// one: each chunk is hashed and committed before the manifest lists it, then the whole file is checked. Files
// that are missing or do not match are left for a normal download to fetch.
import { WrongFolderError } from '../common/errors';
import { sha256Hex } from './digest';
import { openManifest, verifyFiles, type DownloadProgress } from './download-manager';
import { chunkKey, chunkRange, summarize, type CachedModelSummary, type ModelStore, type StoredFile } from './model-store';
import { RateMeter } from './rate-meter';
import type { PinnedManifest } from './pinned-manifest';
import type { ModelEntry } from './registry';

/** A file from the user's disk and its path inside the picked folder ("folder/model-00000-of-00002.safetensors"). */
export interface LocalFile {
  path: string;
  file: File;
}

export interface ImportReport {
  summary: CachedModelSummary;
  /** Model files imported and verified. */
  imported: string[];
  /** Model files found on disk but not imported, and why. */
  rejected: { path: string; reason: string }[];
  /** Model files not in the folder (and not cached yet): a download fetches them. */
  missing: string[];
}

export interface ImportOptions {
  baseUrl: string;
  /** The manifest the files must match (see download-manager's DownloadOptions.pin). */
  pin?: PinnedManifest | null;
  chunkBytes?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

/** The local file for a listed path: same name at the folder's top or below it (e.g. a Hub cache snapshot). */
export function matchLocalFile(listedPath: string, local: LocalFile[], size: number): LocalFile | { wrongSize: LocalFile } | null {
  const candidates = local.filter((l) => {
    const p = l.path.replace(/\\/g, '/');
    return p === listedPath || p.endsWith(`/${listedPath}`);
  });
  return candidates.find((c) => c.file.size === size) ?? (candidates[0] ? { wrongSize: candidates[0] } : null);
}

export async function importModelFiles(store: ModelStore, entry: ModelEntry, local: LocalFile[], options: ImportOptions): Promise<ImportReport> {
  const report = (p: Omit<DownloadProgress, 'modelId'>) => options.onProgress?.({ modelId: entry.id, ...p });
  const m = await openManifest(store, entry, options, report);

  const rejected: ImportReport['rejected'] = [];
  const jobs: { file: StoredFile; source: File }[] = [];
  for (const file of m.files) {
    if (file.verified) continue;
    const match = matchLocalFile(file.path, local, file.size);
    if (match && 'wrongSize' in match) rejected.push({ path: file.path, reason: `is ${match.wrongSize.file.size} bytes on disk, the official file is ${file.size} bytes` });
    else if (match) jobs.push({ file, source: match.file });
  }
  if (jobs.length === 0 && rejected.length === 0) {
    const expected = m.files.filter((f) => !f.verified).map((f) => f.path);
    throw new WrongFolderError(
      expected.length === 0
        ? `${entry.title} is already complete in the cache; there is nothing to import.`
        : `None of the chosen files belong to ${entry.repo}: expected ${expected.join(', ')}. Choose the folder that contains them.`,
    );
  }

  const total = jobs.reduce((a, j) => a + j.file.size, 0);
  const meter = new RateMeter();
  let done = 0;
  const progress = (phase: DownloadProgress['phase']) =>
    report({ phase, bytesDone: done, bytesTotal: total, bytesPerSecond: meter.rate(), etaSeconds: meter.eta(total - done), notice: null });

  // One chunk at a time: reading a local disk is fast, and this keeps JS memory at one chunk.
  for (const { file, source } of jobs) {
    for (let index = 0; index < file.chunks.length; index++) {
      options.signal?.throwIfAborted();
      const [start, end] = chunkRange(file, index);
      if (file.chunks[index]) {
        done += end - start; // already stored by an earlier download; the verify pass checks it with the rest
        continue;
      }
      const bytes = new Uint8Array(await source.slice(start, end).arrayBuffer());
      const hash = await sha256Hex(bytes);
      await store.putChunk(chunkKey(entry.id, file.path, index), bytes);
      file.chunks[index] = hash;
      file.verified = false;
      await store.putManifest(m);
      done += bytes.length;
      meter.add(bytes.length);
      progress('importing');
    }
  }

  const bad = await verifyFiles(store, m, options.signal, () => progress('verifying'), new Set(jobs.map((j) => j.file.path)));
  await store.putManifest(m);
  for (const path of bad) rejected.push({ path, reason: 'does not match the checksum of the official file (a different revision or a damaged copy)' });
  const summary = summarize(m);
  progress('complete');
  return {
    summary,
    imported: jobs.map((j) => j.file.path).filter((p) => !bad.includes(p)),
    rejected,
    missing: m.files.filter((f) => !f.verified && !jobs.some((j) => j.file === f) && !rejected.some((r) => r.path === f.path)).map((f) => f.path),
  };
}
