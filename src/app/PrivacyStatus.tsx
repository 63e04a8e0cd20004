// The header's privacy line: where this page may connect (its Content-Security-Policy), every attempt to reach
// anywhere else that the browser blocked (securitypolicyviolation events), and the service worker's network lock,
// under which nothing but the app's own files is fetched at all.
import { useEffect, useState } from 'react';
import { connectSources } from './content-security-policy';
import { setNetworkLock, watchNetworkLock } from './network-lock';

interface Blocked {
  count: number;
  last: string;
}

/** Shown by origin only: the blocked URL may carry the very content it tried to send. */
const originOf = (uri: string) => {
  try {
    return new URL(uri).origin;
  } catch {
    return uri;
  }
};
const addBlocked = (uri: string) => (b: Blocked | null): Blocked => ({ count: (b?.count ?? 0) + 1, last: originOf(uri) });

export function PrivacyStatus({ serviceWorker }: { serviceWorker: boolean }) {
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  const [locked, setLocked] = useState<boolean | null>(null);
  const [refused, setRefused] = useState<Blocked | null>(null);
  useEffect(() => {
    const onViolation = (e: SecurityPolicyViolationEvent) => setBlocked(addBlocked(e.blockedURI || e.effectiveDirective));
    document.addEventListener('securitypolicyviolation', onViolation);
    return () => document.removeEventListener('securitypolicyviolation', onViolation);
  }, []);
  useEffect(() => (serviceWorker ? watchNetworkLock({ onState: setLocked, onBlocked: (url) => setRefused(addBlocked(url)) }) : undefined), [serviceWorker]);

  const sources = connectSources();
  if (!sources) return null; // the dev server runs without the policy
  const hosts = sources.filter((s) => s !== "'self'").map((s) => s.replace(/^https?:\/\//, ''));
  return (
    <div className="detail privacy" data-testid="privacy" data-locked={locked ?? undefined}>
      {locked ? (
        <strong className="locked" data-testid="network-locked">Network locked: this page fetches nothing but its own files (model downloads included).</strong>
      ) : (
        <span>This site's security policy lets it contact only itself and model hosts ({hosts.join(', ')}).</span>
      )}{' '}
      {locked !== null && (
        <button type="button" onClick={() => void setNetworkLock(!locked)}>{locked ? 'Unlock the network' : 'Lock the network'}</button>
      )}
      {blocked && (
        <strong className="blocked" data-testid="blocked-connections" data-count={blocked.count}>
          {' '}Blocked {blocked.count} attempt{blocked.count === 1 ? '' : 's'} to reach another site (last: {blocked.last}).
        </strong>
      )}
      {refused && (
        <strong className="blocked" data-testid="lock-refused" data-count={refused.count}>
          {' '}The lock refused {refused.count} request{refused.count === 1 ? '' : 's'} (last: {refused.last}).
        </strong>
      )}
    </div>
  );
}
