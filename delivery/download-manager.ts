// Downloads a registry model into the IndexedDB cache: Range requests of at most 64 MiB, a few in parallel,
// each chunk hashed and committed before the manifest lists it; then every file is re-read from the cache and
// checked against the listing's checksum. Resumes from whatever the manifest lists (after a reload, a crash or a
// network loss); pausing is aborting, since nothing half-written is ever trusted.
import { IntegrityError, MirrorMismatchError } from '../common/errors';
import { fileVerifier, sha256Hex } from './digest';
import { fetchRange } from './fetch-retry';
import { fetchListing } from './hub-listing';
import { checkListing, filesFingerprint, mirrorMessage, pinnedDigest, storedFilesDiffer, type PinnedManifest } from './pinned-manifest';
import { chunkKey, chunkRange, summarize, type CachedModelSummary, type ModelManifest, type ModelStore, type StoredFile } from './model-store';
import { resolveUrl, type ModelEntry } from './registry';
import { RateMeter } from './rate-meter';

export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
const DEFAULT_PARALLEL = 3;

export interface DownloadProgress {
  modelId: string;
  /** 'other-tab': another tab of the app downloads it; the figures come from the shared cache. */
  phase: 'listing' | 'downloading' | 'importing' | 'verifying' | 'complete' | 'other-tab';
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  /** Latest retry, e.g. "HTTP 503, retrying in 2 s". */
  notice: string | null;
}

export interface DownloadOptions {
  baseUrl: string;
  /** The manifest the files must match (the registry's, or an organisation's); null = trust the listing on first use. */
  pin?: PinnedManifest | null;
  chunkBytes?: number;
  parallel?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

export async function downloadModel(store: ModelStore, entry: ModelEntry, options: DownloadOptions): Promise<CachedModelSummary> {
  const report = (p: Omit<DownloadProgress, 'modelId'>) => options.onProgress?.({ modelId: entry.id, ...p });
  const m = await openManifest(store, entry, options, report);

  // Manifest writes are serialised: parallel chunk commits must not overwrite each other's entries.
  let writing = Promise.resolve();
  const saveManifest = () => (writing = writing.then(() => store.putManifest(m)));

  const total = m.files.reduce((a, f) => a + f.size, 0);
  const meter = new RateMeter();
  let done = summarize(m).storedBytes;
  let notice: string | null = null;
  const progress = (phase: DownloadProgress['phase']) =>
    report({ phase, bytesDone: done, bytesTotal: total, bytesPerSecond: meter.rate(), etaSeconds: meter.eta(total - done), notice });

  for (let round = 1; ; round++) {
    const jobs = m.files.flatMap((file) => file.chunks.flatMap((hash, index) => (hash ? [] : [{ file, index }])));
    const fetchOne = async ({ file, index }: { file: StoredFile; index: number }) => {
      const [start, end] = chunkRange(file, index);
      const bytes = await fetchRange(resolveUrl(entry, options.baseUrl, file.path), start, end, {
        signal: options.signal,
        onBytes: (n) => {
          done += n;
          meter.add(n);
          progress('downloading');
        },
        onRetry: ({ reason, delayMs }) => {
          notice = `${file.path}: ${reason}, retrying in ${Math.ceil(delayMs / 1000)} s`;
          progress('downloading');
        },
      });
      const hash = await sha256Hex(bytes);
      await store.putChunk(chunkKey(entry.id, file.path, index), bytes);
      file.chunks[index] = hash;
      file.verified = false;
      await saveManifest();
    };
    await runParallel(jobs, options.parallel ?? DEFAULT_PARALLEL, fetchOne);
    await writing;

    const bad = await verifyFiles(store, m, options.signal, () => progress('verifying'));
    await saveManifest(); // the verified flags, or the chunks discarded
    await writing;
    if (bad.length === 0) break;
    done = summarize(m).storedBytes;
    if (round >= 2) {
      const pin = options.pin;
      m.problem = pin
        ? mirrorMessage(options.baseUrl, pin, `${bad.join(', ')} did not match the pinned sha256 even after downloading again`)
        : `${bad.join(', ')} did not match the checksum in the listing even after downloading again: the server is sending different files than it lists.`;
      await saveManifest();
      await writing;
      throw pin ? new MirrorMismatchError(m.problem) : new IntegrityError(m.problem);
    }
  }
  notice = null;
  progress('complete');
  return summarize(m);
}

/** The model's manifest, created when there is none yet or it is for another revision. Files and checksums come
 *  from the pin when there is one (the mirror's listing must agree with it), else from the listing (trusted on
 *  first use); never from where the bytes come from. A cached copy that disagrees with the pin is refused. */
export async function openManifest(
  store: ModelStore,
  entry: ModelEntry,
  options: Pick<DownloadOptions, 'baseUrl' | 'chunkBytes' | 'signal' | 'pin'>,
  report: (p: Omit<DownloadProgress, 'modelId'>) => void,
): Promise<ModelManifest> {
  const chunkBytes = Math.min(options.chunkBytes ?? MAX_CHUNK_BYTES, MAX_CHUNK_BYTES);
  const pin = options.pin ?? null;
  let manifest = await store.getManifest(entry.id);
  if (!manifest || manifest.revision !== entry.revision || manifest.repo !== entry.repo) {
    let notice: string | null = null;
    const listingProgress = () => report({ phase: 'listing', bytesDone: 0, bytesTotal: entry.approxBytes, bytesPerSecond: 0, etaSeconds: null, notice });
    listingProgress();
    const listing = await fetchListing(entry, options.baseUrl, options.signal, (why) => {
      notice = `File list from ${new URL(options.baseUrl).host}: ${why}`;
      listingProgress();
    });
    if (pin) checkListing(listing, pin, options.baseUrl);
    const files = pin ? pin.files.map((f) => ({ path: f.path, size: f.size, digest: pinnedDigest(f) })) : listing;
    await store.deleteModel(entry.id); // another revision's files, or chunks a crash left behind
    manifest = {
      modelId: entry.id, repo: entry.repo, revision: entry.revision, baseUrl: options.baseUrl, problem: null, updatedAt: Date.now(),
      trust: pin ? { kind: 'pinned', source: pin.source } : { kind: 'first-use', mirror: options.baseUrl },
      fingerprint: await filesFingerprint(files),
      files: files.map((f) => ({ ...f, chunkBytes, chunks: new Array(Math.ceil(f.size / chunkBytes)).fill(null), verified: false })),
    };
    await store.putManifest(manifest);
  }
  const differs = pin && storedFilesDiffer(manifest.files, pin);
  if (differs) {
    throw new MirrorMismatchError(
      `The cached copy of ${entry.title} was checked against other files than the pinned manifest of ${pin.repo}@${pin.revision} (${pin.source}): ${differs}. Delete it under Cached models and download it again.`,
    );
  }
  const trust = pin ? { kind: 'pinned' as const, source: pin.source } : (manifest.trust ?? { kind: 'first-use' as const, mirror: manifest.baseUrl });
  return { ...manifest, baseUrl: options.baseUrl, problem: null, trust, fingerprint: manifest.fingerprint ?? (await filesFingerprint(manifest.files)) };
}

/** Re-reads each unverified file (of `only`, when given) from the cache, checking chunks and the whole-file
 *  checksum. Bad parts are discarded (their chunk hashes set to null) so they are fetched again. Returns the bad files. */
export async function verifyFiles(store: ModelStore, m: ModelManifest, signal: AbortSignal | undefined, tick: () => void, only?: Set<string>): Promise<string[]> {
  const bad: string[] = [];
  for (const file of m.files) {
    if (file.verified || (only && !only.has(file.path))) continue;
    const verifier = await fileVerifier(file.digest, file.size);
    let chunkProblem = false;
    for (let i = 0; i < file.chunks.length; i++) {
      signal?.throwIfAborted();
      const bytes = await store.getChunk(chunkKey(m.modelId, file.path, i));
      const [start, end] = chunkRange(file, i);
      if (!bytes || bytes.length !== end - start || (await sha256Hex(bytes)) !== file.chunks[i]) {
        file.chunks[i] = null; // lost or altered in storage: fetch this chunk again
        chunkProblem = true;
        continue;
      }
      verifier.update(bytes);
      tick();
    }
    if (chunkProblem) {
      bad.push(file.path);
      continue;
    }
    if (verifier.mismatch() !== null) {
      await store.deleteChunks(file.chunks.map((_, i) => chunkKey(m.modelId, file.path, i)));
      file.chunks.fill(null);
      bad.push(file.path);
      continue;
    }
    file.verified = true;
  }
  return bad;
}

async function runParallel<T>(jobs: T[], parallel: number, work: (job: T) => Promise<void>) {
  let next = 0;
  let failed: unknown = null;
  const lane = async () => {
    while (next < jobs.length && failed === null) {
      const job = jobs[next++];
      try {
        await work(job);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, lane));
  if (failed !== null) throw failed;
}
