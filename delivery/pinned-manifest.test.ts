// Pinned manifests: parsing an organisation's file names what is wrong; a listing that disagrees with the pin is
// refused before any download; a cached copy checked against other files is named; fingerprints are stable.
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import type { ListedFile } from './hub-listing';
import { checkListing, filesFingerprint, parsePinnedManifest, storedFilesDiffer } from './pinned-manifest';
import { pinFor } from './delivery-service';
import { findModel } from './registry';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const pin = parsePinnedManifest({ repo: 'org/model', revision: 'abc123', files: [{ path: 'config.json', size: 3, sha256: sha('cfg') }, { path: 'w.safetensors', size: 9, sha256: sha('weights!!') }] }, 'pin.json');
const listed = (path: string, size: number, hex: string, algorithm: 'sha256' | 'git-sha1' = 'sha256'): ListedFile => ({ path, size, digest: { algorithm, hex } });

test('a malformed manifest is refused with what is wrong', () => {
  expect(() => parsePinnedManifest('x', 'a.json')).toThrow(/a\.json is not a JSON object/);
  expect(() => parsePinnedManifest({ repo: 'org/model', revision: 'r', files: [] }, 'a.json')).toThrow(/lists no "files"/);
  expect(() => parsePinnedManifest({ repo: 'org/model', revision: 'r', files: [{ path: 'x', size: 1, sha256: 'abc' }] }, 'a.json')).toThrow(/x no 64-hex-digit "sha256"/);
  expect(() => parsePinnedManifest({ repo: 'nope', revision: 'r', files: [{ path: 'x', size: 1, sha256: sha('') }] }, 'a.json')).toThrow(/no "repo"/);
  try {
    parsePinnedManifest(null, 'a.json');
  } catch (e) {
    expect((e as Error).name).toBe('PinnedManifestError');
  }
});

test('a listing that vouches for other bytes is a MirrorMismatchError naming the file and the mirror', () => {
  const honest = [listed('config.json', 3, 'f'.repeat(40), 'git-sha1'), listed('w.safetensors', 9, sha('weights!!'))];
  expect(() => checkListing(honest, pin, 'https://mirror.example')).not.toThrow();
  const lying = [honest[0], listed('w.safetensors', 9, sha('tampered!'))];
  expect(() => checkListing(lying, pin, 'https://mirror.example')).toThrow(/https:\/\/mirror\.example serves different files than the pinned manifest of org\/model@abc123 \(pin\.json\): w\.safetensors: the mirror lists sha256/);
  try {
    checkListing(lying, pin, 'm');
  } catch (e) {
    expect((e as Error).name).toBe('MirrorMismatchError');
  }
  expect(() => checkListing([honest[0], listed('w.safetensors', 10, sha('weights!!'))], pin, 'm')).toThrow(/lists 10 bytes instead of 9/);
  expect(() => checkListing([honest[1]], pin, 'm')).toThrow(/config\.json: the mirror does not list it/);
});

test('a cached copy is compared with the pin file by file', () => {
  const stored = pin.files.map((f) => ({ path: f.path, size: f.size, digest: { algorithm: 'sha256' as const, hex: f.sha256 } }));
  expect(storedFilesDiffer(stored, pin)).toBeNull();
  expect(storedFilesDiffer([stored[0], { ...stored[1], digest: { algorithm: 'sha256', hex: sha('other') } }], pin)).toMatch(/w\.safetensors in the cached copy is not the pinned file/);
  expect(storedFilesDiffer([{ ...stored[0], digest: { algorithm: 'git-sha1', hex: 'a'.repeat(40) } }, stored[1]], pin)).toMatch(/config\.json/); // first-use checksums do not count as pinned
});

test('the fingerprint depends on every path, size and checksum but not on order', async () => {
  const files = [listed('a', 1, sha('a')), listed('b', 2, sha('b'))];
  const fp = await filesFingerprint(files);
  expect(fp).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
  expect(await filesFingerprint([...files].reverse())).toBe(fp);
  expect(await filesFingerprint([files[0], listed('b', 2, sha('c'))])).not.toBe(fp);
  expect(await filesFingerprint([files[0], listed('b', 3, sha('b'))])).not.toBe(fp);
});

test("a built-in pin wins over an organisation's; an organisation's pin only applies to its repo and revision", () => {
  const scripted = findModel('scripted-test-model');
  const big = findModel('gpt-oss-safeguard-20b');
  const orgPin = { ...pin, repo: big.repo, revision: big.revision };
  expect(pinFor(scripted, orgPin)).toBe(scripted.pin);
  expect(pinFor(big, orgPin)).toBe(orgPin);
  expect(pinFor(big, pin)).toBeNull(); // another repository's pin
  expect(pinFor(big, null)).toBeNull();
});
