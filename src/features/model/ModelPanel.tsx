// Model panel: what is downloaded, download progress with rate/ETA and pause/resume/cancel, storage figures,
// cached models with their state, and the mirror setting.
import { findModel, MODELS } from '../../../delivery/registry';
import { useRef } from 'react';
import type { LocalFile } from '../../../delivery/import-manager';
import { formatBytes, formatDuration } from '../../ui/format';
import { filesFromDrop, filesFromInput } from './local-files';
import type { Settings } from '../../app/settings';
import type { LocalStatus } from '../../../backends/local-webgpu/local-backend';

interface Props {
  status: LocalStatus;
  settings: Settings;
  onSettings: (s: Settings) => void;
  onDownload: () => void;
  onPause: () => void;
  onCancel: () => void;
  onDelete: (modelId: string) => void;
  onImport: (files: LocalFile[]) => void;
}

export function ModelPanel({ status: state, settings, onSettings, onDownload, onPause, onCancel, onDelete, onImport }: Props) {
  const folderInput = useRef<HTMLInputElement>(null);
  const entry = findModel(settings.modelId);
  const mine = state.cached.find((c) => c.modelId === entry.id);
  const d = state.download?.modelId === entry.id ? state.download : null;
  const downloading = state.phase === 'downloading';
  const percent = d && d.bytesTotal > 0 ? Math.min(100, (d.bytesDone / d.bytesTotal) * 100) : 0;
  return (
    <section aria-label="Model" className="model-panel">
      <h2>Model</h2>
      <div className="row">
        <label>
          Model{' '}
          <select value={settings.modelId} disabled={downloading} onChange={(e) => onSettings({ ...settings, modelId: e.target.value })}>
            {MODELS.map((m) => (
              <option key={m.id} value={m.id}>{m.title}</option>
            ))}
          </select>
        </label>
        <span className="detail">{entry.description}</span>
      </div>
      <p data-testid="model-state">
        {state.phase === 'ready' && state.loaded
          ? `Ready: loaded on the GPU (${formatBytes(state.loaded.gpuBytes)} of GPU memory, ${Math.round(state.loaded.loadMs)} ms to load).`
          : state.phase === 'loading'
            ? `Loading onto the GPU… ${state.load?.phase === 'weights' ? `${Math.round((state.load.bytesDone / Math.max(1, state.load.bytesTotal)) * 100)} %` : ''}`
            : mine?.state === 'complete'
              ? 'Downloaded and verified.'
              : mine
                ? `Partly downloaded: ${formatBytes(mine.storedBytes)} of ${formatBytes(mine.totalBytes)}.`
                : `Not downloaded (about ${formatBytes(entry.approxBytes)}).`}
      </p>
      {state.phase === 'ready' && state.loaderPeakBytes !== null && (
        <p className="detail" data-testid="loader-memory" data-bytes={state.loaderPeakBytes}>
          Loaded from the cache chunk by chunk: at most {formatBytes(state.loaderPeakBytes)} of weights held in JavaScript memory at once.
        </p>
      )}
      {d && downloading && (
        <div className="progress" data-testid="download-progress">
          <progress max={100} value={percent} aria-label="Download progress" />
          <span>
            {d.phase === 'listing' ? 'Fetching the file list…' : d.phase === 'verifying' ? 'Verifying checksums…' : `${d.phase === 'importing' ? 'Importing from disk: ' : ''}${formatBytes(d.bytesDone)} of ${formatBytes(d.bytesTotal)}`}
            {(d.phase === 'downloading' || d.phase === 'importing') && ` · ${formatBytes(d.bytesPerSecond)}/s · ${formatDuration(d.etaSeconds)} left`}
          </span>
          {d.notice && <span className="detail" data-testid="download-notice">{d.notice}</span>}
        </div>
      )}
      <div className="row buttons">
        {!downloading && state.phase !== 'ready' && state.phase !== 'loading' && (
          <button type="button" onClick={onDownload} disabled={state.phase === 'starting' || state.phase === 'unavailable' || state.phase === 'recovering'}>
            {mine?.state === 'partial' ? 'Resume download' : mine?.state === 'complete' ? 'Load model' : 'Download model'}
          </button>
        )}
        {downloading && <button type="button" onClick={onPause}>Pause</button>}
        {(downloading || mine?.state === 'partial') && <button type="button" onClick={onCancel}>Cancel download</button>}
      </div>
      {!downloading && state.phase !== 'ready' && state.phase !== 'loading' && mine?.state !== 'complete' && (
        <div
          className="drop-zone"
          data-testid="folder-drop"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void filesFromDrop(e.dataTransfer).then(onImport);
          }}
        >
          <button type="button" onClick={() => folderInput.current?.click()}>Import a folder from disk…</button>
          <input ref={folderInput} type="file" hidden multiple aria-label="Model folder" {...{ webkitdirectory: '' }} onChange={(e) => { onImport(filesFromInput(e.target.files)); e.target.value = ''; }} />{' '}
          <span className="detail">
            Already have the model files (e.g. from huggingface-cli)? Pick or drop their folder: they are copied into this browser's cache and
            checked against the official checksums (one small request for the file list), without downloading the weights.
          </span>
        </div>
      )}
      {state.storage && (
        <p className="detail" data-testid="storage">
          Storage: {state.storage.usage !== null ? formatBytes(state.storage.usage) : '?'} used
          {state.storage.quota !== null && ` of ${formatBytes(state.storage.quota)} the browser reports`}
          {state.storage.persisted ? ' · persistent' : ' · not persistent (the browser may evict it under pressure)'}
        </p>
      )}
      {state.cached.length > 0 && (
        <table className="cached" data-testid="cached-models">
          <caption>Cached models</caption>
          <tbody>
            {state.cached.map((c) => (
              <tr key={c.modelId}>
                <td>{c.modelId}</td>
                <td data-testid={`cached-state-${c.modelId}`}>{c.state}</td>
                <td>{formatBytes(c.storedBytes)} / {formatBytes(c.totalBytes)}</td>
                <td>
                  <button type="button" onClick={() => onDelete(c.modelId)} disabled={downloading}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details className="settings">
        <summary>Download source</summary>
        <label>
          Base URL (Hugging Face or your organisation's mirror with the same layout){' '}
          <input type="url" value={settings.baseUrl} onChange={(e) => onSettings({ ...settings, baseUrl: e.target.value })} />
        </label>
      </details>
    </section>
  );
}
