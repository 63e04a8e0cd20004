// Pure parts of model delivery: retry delays, the Hub tree listing, the rate meter, the manifest summary.
import { describe, expect, it } from 'vitest';
import { serverDelayMs } from './fetch-retry';
import { parseTreeListing } from './hub-listing';
import { summarize, type ModelManifest } from './model-store';
import { RateMeter } from './rate-meter';

describe('serverDelayMs', () => {
  it('reads Retry-After in seconds or as a date, else the RateLimit t= parameter', () => {
    expect(serverDelayMs(new Headers({ 'Retry-After': '3' }))).toBe(3000);
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(serverDelayMs(new Headers({ 'Retry-After': 'Sat, 21 Nov 2026 10:00:05 GMT' }), now)).toBe(5000);
    expect(serverDelayMs(new Headers({ RateLimit: '"resolvers";r=0;t=42' }))).toBe(42000);
    expect(serverDelayMs(new Headers())).toBeNull();
  });
});

describe('parseTreeListing', () => {
  const sha = 'a'.repeat(64);
  const sha1 = 'b'.repeat(40);
  it('keeps the files loading needs, with LFS sha256 or git blob sha1', () => {
    const files = parseTreeListing([
      { type: 'file', path: 'config.json', size: 10, oid: sha1 },
      { type: 'file', path: 'tokenizer.json', size: 20, oid: sha1 },
      { type: 'file', path: 'README.md', size: 5, oid: sha1 },
      { type: 'directory', path: 'original', size: 0, oid: sha1 },
      { type: 'file', path: 'original/model.safetensors', size: 9, oid: sha1, lfs: { oid: sha, size: 9 } },
      { type: 'file', path: 'model-00000-of-00002.safetensors', size: 134, oid: sha1, lfs: { oid: sha, size: 4_000_000_000 } },
    ]);
    expect(files.map((f) => f.path)).toEqual(['config.json', 'tokenizer.json', 'model-00000-of-00002.safetensors']);
    expect(files[2]).toEqual({ path: 'model-00000-of-00002.safetensors', size: 4_000_000_000, digest: { algorithm: 'sha256', hex: sha } });
    expect(files[0].digest).toEqual({ algorithm: 'git-sha1', hex: sha1 });
  });

  it('says what is missing', () => {
    expect(() => parseTreeListing({ error: 'Repository not found' })).toThrow(/not a JSON array/);
    expect(() => parseTreeListing([{ type: 'file', path: 'config.json', size: 1, oid: sha1 }])).toThrow(/no tokenizer.json/);
  });
});

describe('RateMeter', () => {
  it('measures bytes per second over its window and derives the ETA', () => {
    let t = 0;
    const meter = new RateMeter(() => t);
    meter.add(0);
    t = 1000;
    meter.add(2_000_000);
    expect(meter.rate()).toBeCloseTo(2_000_000, -3);
    expect(meter.eta(4_000_000)).toBeCloseTo(2, 1);
  });
});

describe('summarize', () => {
  const file = (chunks: (string | null)[], verified: boolean) => ({
    path: 'x', size: 10, digest: { algorithm: 'sha256' as const, hex: '' }, chunkBytes: 4, chunks, verified,
  });
  const manifest = (files: ReturnType<typeof file>[], problem: string | null = null): ModelManifest => ({
    modelId: 'm', repo: 'r', revision: 'v', baseUrl: '', files, problem, updatedAt: 0, trust: { kind: 'first-use', mirror: '' }, fingerprint: 'f',
  });
  it('complete only when every chunk is stored and every file verified; counts the last short chunk', () => {
    expect(summarize(manifest([file(['a', 'b', 'c'], true)]))).toMatchObject({ state: 'complete', storedBytes: 10, totalBytes: 10 });
    expect(summarize(manifest([file(['a', null, 'c'], false)]))).toMatchObject({ state: 'partial', storedBytes: 6 });
    expect(summarize(manifest([file(['a', 'b', 'c'], false)])).state).toBe('partial');
    expect(summarize(manifest([file(['a', 'b', 'c'], true)], 'bad checksum')).state).toBe('corrupt');
  });
});
