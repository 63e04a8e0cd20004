// What the app trusts about a model's files: a pinned manifest (repository, revision, every file's size and sha256)
// shipped in the app or supplied by an organisation for its mirror. A mirror's own tree listing is only a claim:
// when a pin exists, the files and checksums come from the pin and a listing that disagrees is a named error.
// Without a pin the listing is trusted on first use, and the stored files get a fingerprint the user can compare.
import { MirrorMismatchError, PinnedManifestError } from '../common/errors';
import { sha256Hex } from './digest';
import type { FileDigest, ListedFile } from './hub-listing';

export interface PinnedFile {
  path: string;
  size: number;
  sha256: string;
}

export interface PinnedManifest {
  repo: string;
  revision: string;
  files: PinnedFile[];
  /** Where the pin came from, for messages: "built into the app", a URL or a file name. */
  source: string;
}

/** Checks a manifest JSON (an organisation's file or URL) and names what is wrong with it. */
export function parsePinnedManifest(json: unknown, source: string): PinnedManifest {
  const fail = (why: string) => {
    throw new PinnedManifestError(`The pinned manifest from ${source} ${why}. Expected {"repo", "revision", "files": [{"path", "size", "sha256"}]}.`);
  };
  const m = json as Partial<PinnedManifest> | null;
  if (!m || typeof m !== 'object') return fail('is not a JSON object');
  if (typeof m.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(m.repo)) fail('has no "repo" like "openai/gpt-oss-safeguard-20b"');
  if (typeof m.revision !== 'string' || !m.revision) fail('has no "revision"');
  if (!Array.isArray(m.files) || m.files.length === 0) fail('lists no "files"');
  for (const f of m.files as unknown as Partial<PinnedFile>[]) {
    if (typeof f?.path !== 'string' || !f.path) fail('has a file without a "path"');
    if (!Number.isSafeInteger(f.size) || (f.size as number) < 0) fail(`gives ${f.path} no usable "size"`);
    if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(f.sha256)) fail(`gives ${f.path} no 64-hex-digit "sha256"`);
  }
  return { repo: m.repo!, revision: m.revision!, source, files: m.files!.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256.toLowerCase() })) };
}

export const pinnedDigest = (f: PinnedFile): FileDigest => ({ algorithm: 'sha256', hex: f.sha256 });

/**
 * Compares a mirror's listing with the pin before anything is downloaded. The listing may omit a file's sha256
 * (small files carry git's sha1), but a size or sha256 it states must agree, and every pinned file must be listed.
 */
export function checkListing(listing: ListedFile[], pin: PinnedManifest, mirror: string): void {
  for (const pinned of pin.files) {
    const listed = listing.find((l) => l.path === pinned.path);
    const differs = !listed
      ? 'does not list it'
      : listed.size !== pinned.size
        ? `lists ${listed.size} bytes instead of ${pinned.size}`
        : listed.digest.algorithm === 'sha256' && listed.digest.hex.toLowerCase() !== pinned.sha256
          ? `lists sha256 ${listed.digest.hex.slice(0, 12)}… instead of ${pinned.sha256.slice(0, 12)}…`
          : null;
    if (differs) throw new MirrorMismatchError(mirrorMessage(mirror, pin, `${pinned.path}: the mirror ${differs}`));
  }
}

/** The files a stored manifest checked against, compared with a pin (a copy cached before the pin was set). */
export function storedFilesDiffer(stored: { path: string; size: number; digest: FileDigest }[], pin: PinnedManifest): string | null {
  for (const pinned of pin.files) {
    const s = stored.find((f) => f.path === pinned.path);
    if (!s) return `${pinned.path} is not in the cached copy`;
    if (s.size !== pinned.size || s.digest.algorithm !== 'sha256' || s.digest.hex.toLowerCase() !== pinned.sha256) return `${pinned.path} in the cached copy is not the pinned file`;
  }
  return null;
}

export function mirrorMessage(mirror: string, pin: PinnedManifest, detail: string): string {
  return `${mirror} serves different files than the pinned manifest of ${pin.repo}@${pin.revision} (${pin.source}): ${detail}. Nothing from it was kept as trusted; use the official source or ask whoever runs the mirror.`;
}

/**
 * A short, readable fingerprint of a set of files (path, size, checksum), to compare copies across machines when
 * no pin exists: e.g. "3f2a-91c0-77be-0d14".
 */
export async function filesFingerprint(files: { path: string; size: number; digest: FileDigest }[]): Promise<string> {
  const canonical = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((f) => `${f.path} ${f.size} ${f.digest.algorithm}:${f.digest.hex.toLowerCase()}`)
    .join('\n');
  const hex = await sha256Hex(new TextEncoder().encode(canonical));
  return hex.slice(0, 16).match(/.{4}/g)!.join('-');
}
