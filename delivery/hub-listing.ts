// The Hub's tree listing (GET /api/models/{repo}/tree/{revision}) → the files a gpt-oss checkpoint needs, with
// sizes and checksums: LFS files carry their sha256 (lfs.oid); small git files their git blob sha1 (oid).
import { DownloadError } from '../common/errors';
import { treeUrl, type ModelEntry } from './registry';
import { fetchWithRetry } from './fetch-retry';

export type FileDigest = { algorithm: 'sha256' | 'git-sha1'; hex: string };

export interface ListedFile {
  path: string;
  size: number;
  digest: FileDigest;
}

interface TreeEntry {
  type: string;
  path: string;
  size: number;
  oid: string;
  lfs?: { oid: string; size: number };
}

/** Files at the repository root that loading needs: config, tokenizer, index and safetensors shards. */
export function neededFile(path: string): boolean {
  return ['config.json', 'tokenizer.json', 'model.safetensors.index.json'].includes(path) || /^model[^/]*\.safetensors$/.test(path);
}

export function parseTreeListing(entries: unknown): ListedFile[] {
  if (!Array.isArray(entries)) throw new DownloadError('the tree listing is not a JSON array (is the base URL a Hugging Face mirror?)');
  const files: ListedFile[] = [];
  for (const e of entries as TreeEntry[]) {
    if (e?.type !== 'file' || typeof e.path !== 'string' || !neededFile(e.path)) continue;
    const digest: FileDigest = e.lfs ? { algorithm: 'sha256', hex: e.lfs.oid } : { algorithm: 'git-sha1', hex: e.oid };
    const size = e.lfs?.size ?? e.size;
    if (!/^[0-9a-f]{40,64}$/.test(digest.hex) || !Number.isSafeInteger(size) || size < 0) {
      throw new DownloadError(`the tree listing entry for ${e.path} has no usable size or checksum`);
    }
    files.push({ path: e.path, size, digest });
  }
  for (const required of ['config.json', 'tokenizer.json']) {
    if (!files.some((f) => f.path === required)) throw new DownloadError(`the model repository has no ${required}`);
  }
  if (!files.some((f) => f.path.endsWith('.safetensors'))) throw new DownloadError('the model repository has no .safetensors weights');
  return files;
}

/** `onRetry` hears each retry ("HTTP 503, retrying in 4 s"), so a dead mirror does not look like a hang. */
export async function fetchListing(entry: ModelEntry, baseUrl: string, signal?: AbortSignal, onRetry?: (why: string) => void): Promise<ListedFile[]> {
  let url: string | null = treeUrl(entry, baseUrl);
  const all: unknown[] = [];
  while (url) {
    const response = await fetchWithRetry(url, { signal, onRetry: (r) => onRetry?.(`${r.reason}, retrying in ${Math.ceil(r.delayMs / 1000)} s (attempt ${r.attempt + 1})`) });
    const page = await response.json().catch(() => {
      throw new DownloadError(`${url}: the tree listing is not JSON (is the base URL a Hugging Face mirror?)`);
    });
    if (!Array.isArray(page)) return parseTreeListing(page);
    all.push(...page);
    url = nextPage(response.headers.get('link'));
  }
  return parseTreeListing(all);
}

function nextPage(link: string | null): string | null {
  const match = link?.match(/<([^>]+)>;\s*rel="next"/);
  return match ? match[1] : null;
}
