// The models the app knows, each at a revision, with the pinned manifest its files must match where one is known
// (pinned-manifest.ts).
// Files are fetched from `{baseUrl}/{repo}/resolve/{revision}/{path}`: the Hugging Face Hub by default, or any
// mirror that serves the same layout (plus the Hub's tree listing at `{baseUrl}/api/models/{repo}/tree/{revision}`,
// which gives every file's size and checksum, see hub-listing.ts).
import type { PinnedManifest } from './pinned-manifest';

export interface ModelEntry {
  id: string;
  title: string;
  repo: string;
  revision: string;
  description: string;
  /** Approximate total download, for display before the listing is fetched. */
  approxBytes: number;
  /** The files and sha256 values shipped in the app; null = not known yet (the listing is trusted on first use). */
  pin: PinnedManifest | null;
  /** Only offered when the page is opened with ?debug=1 (tests and demos). */
  testOnly?: boolean;
}

const BUILT_IN = 'built into the app';

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
    // The official sha256 values could not be looked up here (no Hub access); see docs/delivery.md.
    pin: null,
  },
  {
    id: 'scripted-test-model',
    title: 'Scripted test model',
    repo: 'safeguard-web/scripted-gpt-oss',
    revision: 'v1',
    description: 'A one-layer gpt-oss checkpoint with the real vocabulary that always answers "1" (for tests and demos; serve it yourself).',
    approxBytes: 53_628_647,
    testOnly: true,
    // What scripts/fixtures/make-scripted-model.ts writes (it is deterministic); registry.test.ts regenerates it.
    pin: {
      repo: 'safeguard-web/scripted-gpt-oss',
      revision: 'v1',
      source: BUILT_IN,
      files: [
        { path: 'config.json', size: 873, sha256: '713710e3de65eab50cd51ba1010a67f620d12abbe8fd8fa428a7785d2fd76877' },
        { path: 'model-00000-of-00002.safetensors', size: 25_748_936, sha256: '455d9442e3349d0ce28fa550de5223325d41fb6cb3394a6875b1097c8ff6fb90' },
        { path: 'model-00001-of-00002.safetensors', size: 8834, sha256: 'eeffd982b44b06bcf4a7cd0461a91183c00f7b7b63f0a496dd3cbaaddcf3015b' },
        { path: 'model.safetensors.index.json', size: 1830, sha256: 'bdd852ca99cd8303162388c7b6de5184a681c8b451efd995300dc9cbff15d530' },
        { path: 'tokenizer.json', size: 27_868_174, sha256: '0614fe83cadab421296e664e1f48f4261fa8fef6e03e63bb75c20f38e37d07d3' },
      ],
    },
  },
];

/** The models offered in the model list: test-only ones only when debugging. */
export const offeredModels = (debug: boolean) => MODELS.filter((m) => debug || !m.testOnly);

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
