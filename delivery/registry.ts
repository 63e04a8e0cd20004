// The models the app knows, pinned to a revision so files (and their checksums) cannot change under a download.
// Files are fetched from `{baseUrl}/{repo}/resolve/{revision}/{path}`: the Hugging Face Hub by default, or any
// mirror that serves the same layout (plus the Hub's tree listing at `{baseUrl}/api/models/{repo}/tree/{revision}`,
// which gives every file's size and checksum, see hub-listing.ts).

export interface ModelEntry {
  id: string;
  title: string;
  repo: string;
  revision: string;
  description: string;
  /** Approximate total download, for display before the listing is fetched. */
  approxBytes: number;
}

export const HUGGING_FACE = 'https://huggingface.co';

export const MODELS: readonly ModelEntry[] = [
  {
    id: 'gpt-oss-safeguard-20b',
    title: 'gpt-oss-safeguard-20b',
    repo: 'openai/gpt-oss-safeguard-20b',
    // The branch, not a commit: this workplace has no access to the Hub to look the commit up. The tree listing
    // taken when a download starts (sizes + sha256) is stored and every later byte is checked against it.
    revision: 'main',
    description: "OpenAI's open-weight safety reasoning model (21B parameters, 3.6B active; MXFP4 experts).",
    approxBytes: 13.8e9,
  },
  {
    id: 'scripted-test-model',
    title: 'Scripted test model (26 MB)',
    repo: 'safeguard-web/scripted-gpt-oss',
    revision: 'v1',
    description: 'A one-layer gpt-oss checkpoint with the real vocabulary that always answers "1" (for tests and demos; serve it yourself).',
    approxBytes: 53e6,
  },
];

export function findModel(id: string): ModelEntry {
  const entry = MODELS.find((m) => m.id === id);
  if (!entry) throw new Error(`unknown model "${id}" (known: ${MODELS.map((m) => m.id).join(', ')})`);
  return entry;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function resolveUrl(entry: ModelEntry, baseUrl: string, path: string): string {
  return `${trimSlash(baseUrl)}/${entry.repo}/resolve/${encodeURIComponent(entry.revision)}/${path}`;
}

export function treeUrl(entry: ModelEntry, baseUrl: string): string {
  return `${trimSlash(baseUrl)}/api/models/${entry.repo}/tree/${encodeURIComponent(entry.revision)}?recursive=true`;
}
