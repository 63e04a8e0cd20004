// Where the model's files come from (the Hub or an organisation's mirror) and what they are checked against (the
// app's pinned manifest, an organisation's, or the mirror's own listing trusted on first use).
import { useRef, useState } from 'react';
import type { ModelEntry } from '../../../delivery/registry';
import type { Settings } from '../../app/settings';
import { mirrorUrlProblem } from './mirror-url';
import { connectSources } from '../../app/content-security-policy';
import { pinFromFile, pinFromUrl } from './org-pin';

interface Props {
  entry: ModelEntry;
  settings: Settings;
  onSettings: (s: Settings) => void;
}

export function DownloadSource({ entry, settings, onSettings }: Props) {
  const [pinUrl, setPinUrl] = useState('');
  const [pinError, setPinError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const problem = mirrorUrlProblem(settings.baseUrl, connectSources());
  const pin = settings.orgPin;

  const applyPin = async (load: () => Promise<Settings['orgPin']>) => {
    setPinError(null);
    try {
      onSettings({ ...settings, orgPin: await load() });
      setPinUrl('');
    } catch (e) {
      setPinError((e as Error).message);
    }
  };

  return (
    <details className="settings" open={problem !== null || undefined}>
      <summary>Download source</summary>
      <label className="block">
        Base URL (Hugging Face or your organisation's mirror with the same layout)
        <input
          type="url"
          value={settings.baseUrl}
          aria-invalid={problem !== null}
          aria-describedby="mirror-problem"
          onChange={(e) => onSettings({ ...settings, baseUrl: e.target.value })}
        />
      </label>
      {problem && <p className="problem-inline" id="mirror-problem" role="alert" data-testid="mirror-problem">{problem} Downloading is off until it is fixed.</p>}
      <div className="block" data-testid="org-pin">
        <strong>Pinned manifest for your mirror</strong>{' '}
        {entry.pin ? (
          <span className="detail">{entry.title} has checksums built into the app; a mirror must serve exactly those files.</span>
        ) : pin ? (
          <span className="detail" data-testid="org-pin-source">
            Using {pin.repo}@{pin.revision} from {pin.source} ({pin.files.length} files).{' '}
            <button type="button" onClick={() => onSettings({ ...settings, orgPin: null })}>Remove pin</button>
          </span>
        ) : (
          <span className="detail">None: the mirror's own file list is trusted on first use. Your organisation can pin the exact files (JSON with repo, revision and each file's path, size and sha256).</span>
        )}
        {!entry.pin && (
          <div className="row">
            <input aria-label="Pinned manifest URL" placeholder="https://models.example.org/pins/gpt-oss-safeguard-20b.json" value={pinUrl} onChange={(e) => setPinUrl(e.target.value)} />
            <button type="button" disabled={!pinUrl.trim()} onClick={() => void applyPin(() => pinFromUrl(pinUrl.trim()))}>Use manifest URL</button>
            <button type="button" onClick={() => fileInput.current?.click()}>Choose manifest file…</button>
            <input ref={fileInput} type="file" hidden accept=".json,application/json" aria-label="Pinned manifest file" onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void applyPin(() => pinFromFile(file));
            }} />
          </div>
        )}
        {pinError && <p className="problem-inline" role="alert" data-testid="org-pin-error">{pinError}</p>}
        {pin && !entry.pin && (pin.repo !== entry.repo || pin.revision !== entry.revision) && (
          <p className="problem-inline" data-testid="org-pin-mismatch">This pin is for {pin.repo}@{pin.revision}, not {entry.repo}@{entry.revision}: it is not used for this model.</p>
        )}
      </div>
    </details>
  );
}
