// The one-line state of the chosen model: what it is doing now (downloading, loading step by step, ready) or
// what is stored. Pure, so each state's wording is tested without a browser.
import type { LocalStatus } from '../../../backends/local-webgpu/local-backend';
import type { DownloadProgress } from '../../../backends/local-webgpu/local-backend';
import type { CachedModelSummary } from '../../../backends/local-webgpu/local-backend';
import type { ModelEntry } from '../../../delivery/registry';
import { formatBytes } from '../../ui/format';

const LOAD_STEP = {
  config: 'reading config.json and the weight index',
  tokenizer: 'reading and parsing tokenizer.json',
  context: 'sizing the context to the GPU memory',
  kernels: 'compiling the GPU kernels',
  weights: 'uploading weights',
  ready: 'done',
} as const;

const LIMITED_BY = {
  none: '',
  setting: ', as set',
  'buffer-limit': ": the most this GPU's buffer limits allow",
  memory: ': the most that fits the free GPU memory',
} as const;

export function modelStateText(state: Pick<LocalStatus, 'phase' | 'loaded' | 'load'>, entry: ModelEntry, cached: CachedModelSummary | undefined, download: DownloadProgress | null): string {
  if (state.phase === 'ready' && state.loaded) {
    const l = state.loaded;
    return `Ready: loaded on the GPU (${formatBytes(l.gpuBytes)} of GPU memory, ${Math.round(l.loadMs)} ms to load, context ${l.maxContext.toLocaleString('en')} tokens${LIMITED_BY[l.contextLimitedBy ?? 'none']}).`;
  }
  if (state.phase === 'loading' || state.phase === 'recovering') {
    const l = state.load;
    if (!l) return 'Loading onto the GPU: checking the GPU…';
    const percent = l.phase === 'weights' ? ` ${Math.round((l.bytesDone / Math.max(1, l.bytesTotal)) * 100)} %` : '';
    return `Loading onto the GPU: ${LOAD_STEP[l.phase]}${percent}…`;
  }
  if (state.phase === 'downloading') {
    if (!download || download.phase === 'listing') return `Downloading ${entry.title}: fetching the file list…`;
    if (download.phase === 'verifying') return `Downloading ${entry.title}: verifying checksums…`;
    if (download.phase === 'other-tab') return `Another tab is downloading ${entry.title}: ${formatBytes(download.bytesDone)} of ${formatBytes(download.bytesTotal)} stored.`;
    const verb = download.phase === 'importing' ? 'Importing' : 'Downloading';
    return `${verb} ${entry.title}: ${formatBytes(download.bytesDone)} of ${formatBytes(download.bytesTotal)} stored.`;
  }
  if (cached?.state === 'complete') return 'Downloaded and verified.';
  if (cached?.state === 'corrupt') return `Stored copy is unusable: ${cached.problem ?? 'a checksum failed'}`;
  if (cached) return `Partly downloaded: ${formatBytes(cached.storedBytes)} of ${formatBytes(cached.totalBytes)}.`;
  return `Not downloaded (about ${formatBytes(entry.approxBytes)}).`;
}
