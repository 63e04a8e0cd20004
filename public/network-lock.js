// Network lock, imported by the Workbox-generated service worker before its own routes. When the user locks the
// network, every request that is not for the app's own files is answered with a network error: from the page,
// its workers, and anything else this worker controls. The state lives in Cache Storage, so it survives the
// service worker being stopped and started again. Pages are told about each refused request.
const LOCK_CACHE = 'safeguard-network-lock';
const LOCK_KEY = new URL('__network-lock__', self.registration.scope).href;
let locked = null; // unknown until read from Cache Storage

async function readLock() {
  if (locked === null) locked = Boolean(await (await caches.open(LOCK_CACHE)).match(LOCK_KEY));
  return locked;
}

async function writeLock(on) {
  const cache = await caches.open(LOCK_CACHE);
  if (on) await cache.put(LOCK_KEY, new Response('locked'));
  else await cache.delete(LOCK_KEY);
  locked = on;
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

const ownFile = (url) => url.startsWith(self.registration.scope);

readLock();

self.addEventListener('message', (event) => {
  const data = event.data ?? {};
  if (data.type === 'safeguard-lock') event.waitUntil(writeLock(Boolean(data.on)).then(() => tellPages({ type: 'safeguard-lock-state', locked })));
  if (data.type === 'safeguard-lock-query') event.waitUntil(readLock().then((on) => event.source?.postMessage({ type: 'safeguard-lock-state', locked: on })));
});

self.addEventListener('fetch', (event) => {
  const url = event.request.url;
  if (ownFile(url) || locked === false) return; // the browser (and Workbox, for the app's files) handle it
  const refuse = () => {
    tellPages({ type: 'safeguard-lock-blocked', url });
    return Response.error();
  };
  event.respondWith(locked === true ? refuse() : readLock().then((on) => (on ? refuse() : fetch(event.request))));
});
