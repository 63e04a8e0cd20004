// Registers the app-shell service worker (built by vite-plugin-pwa/Workbox) so the page opens with no network
// after the first visit. The URL is relative to the page, so it works under any base path.
export type OfflineState = 'unsupported' | 'installing' | 'ready' | 'failed' | 'dev';

export async function registerOfflineShell(): Promise<{ state: OfflineState; detail?: string }> {
  if (!import.meta.env.PROD) return { state: 'dev' }; // the dev server has no built files to cache
  if (!('serviceWorker' in navigator)) return { state: 'unsupported' };
  try {
    await navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' });
    await navigator.serviceWorker.ready;
    return { state: 'ready' };
  } catch (error) {
    return { state: 'failed', detail: (error as Error)?.message ?? String(error) };
  }
}
