// What the model's bytes are checked against, in one line: a pin (the app's or the organisation's), or the
// mirror's own listing trusted on first use, with the fingerprint of what was stored so copies can be compared.
import type { CachedModelSummary } from '../../../backends/local-webgpu/local-backend';
import type { ModelEntry } from '../../../delivery/registry';
import type { PinnedManifest } from '../../../delivery/pinned-manifest';

interface Props {
  entry: ModelEntry;
  orgPin: PinnedManifest | null;
  cached: CachedModelSummary | undefined;
}

export function TrustNote({ entry, orgPin, cached }: Props) {
  const usableOrgPin = orgPin && orgPin.repo === entry.repo && orgPin.revision === entry.revision ? orgPin : null;
  const pinnedBy = entry.pin ? 'checksums built into the app' : usableOrgPin ? `your organisation's pinned manifest (${usableOrgPin.source})` : null;
  const fingerprint = cached?.fingerprint;
  return (
    <p className="detail trust" data-testid="trust" data-trust={pinnedBy ? 'pinned' : 'first-use'}>
      {pinnedBy
        ? `Every byte is checked against ${pinnedBy}; a mirror serving anything else is refused.`
        : `No official checksums are pinned in this build for ${entry.title}: files are checked against the download source's own file list, trusted on first use.`}
      {fingerprint && (
        <>
          {' '}Fingerprint of the stored copy: <code data-testid="fingerprint">{fingerprint}</code>
          {!pinnedBy && ' (compare it with a copy you trust).'}
        </>
      )}
    </p>
  );
}
