// The page's side of the service worker's network lock (public/network-lock.js): lock or unlock, learn the state,
// and hear about each request the lock refused.

export interface NetworkLockEvents {
  onState: (locked: boolean) => void;
  onBlocked: (url: string) => void;
}

/** Listens to the service worker; returns the function that stops listening. */
export function watchNetworkLock({ onState, onBlocked }: NetworkLockEvents): () => void {
  const sw = navigator.serviceWorker;
  if (!sw) return () => {};
  const onMessage = (e: MessageEvent) => {
    if (e.data?.type === 'safeguard-lock-state') onState(Boolean(e.data.locked));
    if (e.data?.type === 'safeguard-lock-blocked') onBlocked(String(e.data.url));
  };
  sw.addEventListener('message', onMessage);
  void sw.ready.then((registration) => registration.active?.postMessage({ type: 'safeguard-lock-query' }));
  return () => sw.removeEventListener('message', onMessage);
}

export async function setNetworkLock(on: boolean): Promise<void> {
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage({ type: 'safeguard-lock', on });
}
