// The model line at the top of the Classify section: which model, what it is doing, and the one action that gets
// it ready (download, resume, load, pause), so a first run needs no trip to the Model section. Everything else
// about the model (cache, storage, source, context, GPU) lives there, one click away.
import type { LocalStatus } from '../../../backends/local-webgpu/local-backend';
import { findModel } from '../../../delivery/registry';
import { connectSources } from '../../app/content-security-policy';
import type { Settings } from '../../app/settings';
import { primaryModelAction } from './model-actions';
import { mirrorUrlProblem } from './mirror-url';
import { modelStateText } from './model-state-text';

interface Props {
  status: LocalStatus;
  settings: Settings;
  onDownload: () => void;
  onPause: () => void;
  onOpenModel: () => void;
}

export function ModelBar({ status, settings, onDownload, onPause, onOpenModel }: Props) {
  const entry = findModel(settings.modelId);
  const mine = status.cached.find((c) => c.modelId === entry.id);
  const d = status.download?.modelId === entry.id ? status.download : null;
  const primary = primaryModelAction(status, mine, mirrorUrlProblem(settings.baseUrl, connectSources()));
  const percent = d && d.bytesTotal > 0 ? Math.min(100, (d.bytesDone / d.bytesTotal) * 100) : null;
  return (
    <div className="model-bar" role="group" aria-label="Model status" data-testid="model-bar" data-phase={status.phase}>
      <span className="model-name">{entry.title}</span>
      <span className="model-bar-state">{modelStateText(status, entry, mine, d)}</span>
      {status.phase === 'downloading' && percent !== null && <progress max={100} value={percent} aria-label="Model download progress" />}
      {primary && <button type="button" className="primary" onClick={onDownload} disabled={primary.disabled}>{primary.label}</button>}
      {status.phase === 'downloading' && d?.phase !== 'other-tab' && <button type="button" onClick={onPause}>Pause</button>}
      <button type="button" className="link-button" onClick={onOpenModel}>Model settings</button>
    </div>
  );
}
