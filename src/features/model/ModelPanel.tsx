// Model panel: the chosen model and its state, download progress with rate/ETA and pause/resume/cancel, import
// from disk, what the files are checked against, storage figures, cached models, and the download source.
import { findModel, offeredModels } from '../../../delivery/registry';
import type { LocalFile } from '../../../delivery/import-manager';
import type { LocalStatus } from '../../../backends/local-webgpu/local-backend';
import { formatBytes, formatDuration } from '../../ui/format';
import type { Settings } from '../../app/settings';
import { CachedModels } from './CachedModels';
import { DownloadSource } from './DownloadSource';
import { FolderImport } from './FolderImport';
import { modelStateText } from './model-state-text';
import { mirrorUrlProblem } from './mirror-url';
import { connectSources } from '../../app/content-security-policy';
import { StorageLine } from './StorageLine';
import { TrustNote } from './TrustNote';
import { primaryModelAction } from './model-actions';

interface Props {
  status: LocalStatus;
  settings: Settings;
  onSettings: (s: Settings) => void;
  onDownload: () => void;
  onPause: () => void;
  onCancel: () => void;
  onDelete: (modelId: string) => void;
  onImport: (files: LocalFile[]) => void;
  onKeepStorage: () => Promise<boolean>;
}

/** Context lengths a user may cap the allocation at (the KV cache grows with it). */
const CONTEXTS = [8192, 16384, 32768, 65536, 131072];

export function ModelPanel({ status: state, settings, onSettings, onDownload, onPause, onCancel, onDelete, onImport, onKeepStorage }: Props) {
  const entry = findModel(settings.modelId);
  const mine = state.cached.find((c) => c.modelId === entry.id);
  const d = state.download?.modelId === entry.id ? state.download : null;
  const downloading = state.phase === 'downloading';
  const percent = d && d.bytesTotal > 0 ? Math.min(100, (d.bytesDone / d.bytesTotal) * 100) : 0;
  const sourceProblem = mirrorUrlProblem(settings.baseUrl, connectSources());
  const primary = primaryModelAction(state, mine, sourceProblem);
  return (
    <section aria-label="Model" className="model-panel">
      <h2>Model</h2>
      <div className="row">
        <label>
          Model{' '}
          <select value={settings.modelId} disabled={downloading} onChange={(e) => onSettings({ ...settings, modelId: e.target.value })}>
            {offeredModels(settings.debug).map((m) => (
              <option key={m.id} value={m.id}>{m.title} ({formatBytes(m.approxBytes)})</option>
            ))}
          </select>
        </label>
        <label>
          Context{' '}
          <select aria-label="Context length" value={String(settings.context)} onChange={(e) => onSettings({ ...settings, context: e.target.value === 'auto' ? 'auto' : Number(e.target.value) })}>
            <option value="auto">Largest the GPU holds</option>
            {CONTEXTS.map((n) => <option key={n} value={n}>{n.toLocaleString('en')} tokens</option>)}
          </select>
        </label>
        <span className="detail">{entry.description}</span>
      </div>
      <p data-testid="model-state" data-phase={state.phase}>{modelStateText(state, entry, mine, d)}</p>
      {state.phase === 'ready' && state.loaderPeakBytes !== null && (
        <p className="detail" data-testid="loader-memory" data-bytes={state.loaderPeakBytes}>
          Loaded from the cache chunk by chunk: at most {formatBytes(state.loaderPeakBytes)} of weights held in JavaScript memory at once.
        </p>
      )}
      {d && downloading && (
        <div className="progress" data-testid="download-progress">
          <progress max={100} value={percent} aria-label="Download progress" />
          <span>
            {d.phase === 'listing' ? 'Fetching the file list…' : d.phase === 'verifying' ? 'Verifying checksums…' : `${d.phase === 'importing' ? 'Importing from disk: ' : d.phase === 'other-tab' ? 'In another tab: ' : ''}${formatBytes(d.bytesDone)} of ${formatBytes(d.bytesTotal)}`}
            {(d.phase === 'downloading' || d.phase === 'importing') && ` · ${formatBytes(d.bytesPerSecond)}/s · ${formatDuration(d.etaSeconds)} left`}
          </span>
          {d.notice && <span className="detail" data-testid="download-notice">{d.notice}</span>}
        </div>
      )}
      <div className="row buttons">
        {primary && <button type="button" onClick={onDownload} disabled={primary.disabled}>{primary.label}</button>}
        {downloading && d?.phase !== 'other-tab' && <button type="button" onClick={onPause}>Pause</button>}
        {((downloading && d?.phase !== 'other-tab') || (!downloading && mine?.state === 'partial')) && <button type="button" onClick={onCancel}>Cancel download</button>}
      </div>
      {!downloading && state.phase !== 'ready' && state.phase !== 'loading' && mine?.state !== 'complete' && <FolderImport onImport={onImport} />}
      <TrustNote entry={entry} orgPin={settings.orgPin} cached={mine} />
      <StorageLine storage={state.storage} onKeep={onKeepStorage} />
      <CachedModels cached={state.cached} onDelete={onDelete} />
      <DownloadSource entry={entry} settings={settings} onSettings={onSettings} />
    </section>
  );
}
