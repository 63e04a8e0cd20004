// Said wherever a user types or imports content while a server classifies: the content leaves this machine, and
// to which host.
export function SendsToNotice({ host }: { host: string | null }) {
  if (!host) return null;
  return (
    <p className="sends-to" role="note" data-testid="sends-to">
      Server mode: what you classify here is sent to <strong>{host}</strong>.
    </p>
  );
}
