// Settings that come from the URL (so an organisation can link to its own mirror) or are saved locally.
// `?debug=1` offers test-only features (the scripted test model, simulated device loss); it is never saved.
import { HUGGING_FACE, offeredModels } from '../../delivery/registry';
import type { PinnedManifest } from '../../delivery/pinned-manifest';
import type { ServerConfig } from '../../backends/remote-openai/server-config';

/** Where the model runs: in this browser on its GPU (nothing leaves the machine) or on an OpenAI-compatible server. */
export type Runner = 'browser' | 'server';

export interface Settings {
  modelId: string;
  baseUrl: string;
  /** Download chunk size; smaller is only useful for tests and very slow links. */
  chunkBytes: number | undefined;
  /** An organisation's pinned manifest for its mirror (file or URL), for models the app has no pin for. */
  orgPin: PinnedManifest | null;
  /** Longest context to allocate ('auto': the model's maximum when the GPU holds it). */
  context: number | 'auto';
  runner: Runner;
  /** The server for runner 'server'; its API key is kept in this browser's storage only. */
  server: ServerConfig;
  debug: boolean;
}

export const NO_SERVER: ServerConfig = { baseUrl: '', model: '', apiKey: '' };

const KEY = 'safeguard-settings';

export function loadSettings(search = location.search): Settings {
  const params = new URLSearchParams(search);
  const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
  const debug = params.get('debug') === '1';
  const models = offeredModels(debug);
  const modelId = params.get('model') ?? saved.modelId ?? models[0].id;
  const chunkMiB = Number(params.get('chunkMiB'));
  return {
    modelId: models.some((m) => m.id === modelId) ? modelId : models[0].id,
    baseUrl: params.get('mirror') ?? saved.baseUrl ?? HUGGING_FACE,
    chunkBytes: chunkMiB > 0 ? Math.round(chunkMiB * 1024 * 1024) : undefined,
    orgPin: saved.orgPin ?? null,
    context: typeof saved.context === 'number' && saved.context > 0 ? saved.context : 'auto',
    runner: saved.runner === 'server' ? 'server' : 'browser',
    server: { ...NO_SERVER, ...saved.server },
    debug,
  };
}

export function saveSettings(settings: Settings) {
  const { modelId, baseUrl, orgPin, context, runner, server } = settings;
  localStorage.setItem(KEY, JSON.stringify({ modelId, baseUrl, orgPin, context, runner, server }));
}
