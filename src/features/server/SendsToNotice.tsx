// Said wherever a user types or imports content while a server classifies: the policy and the content leave this
// machine, and to which host.
export function SendsToNotice({ host }: { host: string | null }) {
  if (!host) return null;
  return (
    <p className="sends-to" role="note" data-testid="sends-to">
      Server mode: the policy and the content you classify are sent to <strong>{host}</strong>.
    </p>
  );
}
