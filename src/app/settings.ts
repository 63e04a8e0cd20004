// Settings that come from the URL (so an organisation can link to its own mirror) or are saved locally.
import { HUGGING_FACE, MODELS } from '../../delivery/registry';

export interface Settings {
  modelId: string;
  baseUrl: string;
  /** Download chunk size; smaller is only useful for tests and very slow links. */
  chunkBytes: number | undefined;
}

const KEY = 'safeguard-settings';

export function loadSettings(search = location.search): Settings {
  const params = new URLSearchParams(search);
  const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
  const modelId = params.get('model') ?? saved.modelId ?? MODELS[0].id;
  const chunkMiB = Number(params.get('chunkMiB'));
  return {
    modelId: MODELS.some((m) => m.id === modelId) ? modelId : MODELS[0].id,
    baseUrl: params.get('mirror') ?? saved.baseUrl ?? HUGGING_FACE,
    chunkBytes: chunkMiB > 0 ? Math.round(chunkMiB * 1024 * 1024) : undefined,
  };
}

export function saveSettings(settings: Settings) {
  localStorage.setItem(KEY, JSON.stringify({ modelId: settings.modelId, baseUrl: settings.baseUrl }));
}
