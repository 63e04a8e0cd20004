// Checksums with hash-wasm (incremental WASM SHA-256/SHA-1: WebCrypto cannot hash a multi-GB file in pieces).
import { createSHA1, createSHA256, sha256 } from 'hash-wasm';
import type { FileDigest } from './hub-listing';

export const sha256Hex = (bytes: Uint8Array): Promise<string> => sha256(bytes);

/** Hashes a file piece by piece and compares with the listing's checksum (sha256, or git's blob sha1). */
export async function fileVerifier(digest: FileDigest, size: number) {
  const hasher = digest.algorithm === 'sha256' ? await createSHA256() : await createSHA1();
  hasher.init();
  if (digest.algorithm === 'git-sha1') hasher.update(`blob ${size}\0`); // git hashes a header before the content
  return {
    update: (bytes: Uint8Array) => hasher.update(bytes),
    /** The computed hex digest when it differs from the expected one, else null. */
    mismatch: (): string | null => {
      const actual = hasher.digest('hex');
      return actual === digest.hex.toLowerCase() ? null : actual;
    },
  };
}
