// Settings that come from the URL (so an organisation can link to its own mirror) or are saved locally.
// `?debug=1` offers test-only features (the scripted test model, simulated device loss); it is never saved.
import { HUGGING_FACE, offeredModels } from '../../delivery/registry';
import type { PinnedManifest } from '../../delivery/pinned-manifest';

export interface Settings {
  modelId: string;
  baseUrl: string;
  /** Download chunk size; smaller is only useful for tests and very slow links. */
  chunkBytes: number | undefined;
  /** An organisation's pinned manifest for its mirror (file or URL), for models the app has no pin for. */
  orgPin: PinnedManifest | null;
  /** Longest context to allocate ('auto': the model's maximum when the GPU holds it). */
  context: number | 'auto';
  debug: boolean;
}

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
    debug,
  };
}

export function saveSettings(settings: Settings) {
  localStorage.setItem(KEY, JSON.stringify({ modelId: settings.modelId, baseUrl: settings.baseUrl, orgPin: settings.orgPin, context: settings.context }));
}
