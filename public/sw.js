// Settle's service worker: keeps the app shell of one build in Cache Storage and serves
// it when the network is not there. The build step fills in BUILD and SHELL; a new build
// gives a new worker, which waits until the customer chooses to reload.
const BUILD = 'development';
const SHELL = ['/'];
const CACHE = `settle-shell-${BUILD}`;

// The backend profile (SPEC §6) is the host's to add, replace or remove at any time
// without a new build (with none, the app uses the Settle API): the network's answer
// wins, and the last one, a profile or a 404, is kept for starts without a connection.
const PROFILE = '/backend-profile.json';
const isProfile = (url) => url.pathname.endsWith('profile.json');

/** Keeps `response` to a profile request for offline starts: a profile, or its absence. */
const keepProfile = (cache, request, response) => {
  if (response.ok || response.status === 404) return cache.put(request, response);
  return undefined;
};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache
        .addAll(SHELL)
        .then(() => fetch(PROFILE))
        .then((response) => keepProfile(cache, PROFILE, response))
        .catch(() => undefined),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('settle-shell-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'activate-new-version') self.skipWaiting();
});

// The same name as DOCUMENT_CACHE in src/service_worker.rs, which fills it too.
const DOCUMENTS = 'settle-documents';

// The fresh copy when online (a corrected PDF replaces the old), the kept one when not.
async function documentFirst(request) {
  const cache = await caches.open(DOCUMENTS);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw offline;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Statement PDFs are kept once fetched, so they open offline; signing out deletes them.
  // A tab that keeps nothing on the device asks with keep=no, and they go straight through.
  const keep = url.searchParams.get('keep') !== 'no';
  if (keep && request.method === 'GET' && /^\/api\/v1\/statements\/[^/]+\/pdf$/.test(url.pathname)) {
    event.respondWith(documentFirst(request));
    return;
  }
  // The API always goes to the network: the app keeps its own data in IndexedDB. So
  // does the reference server's test payment page, which is not part of the app.
  const notTheApp = url.pathname.startsWith('/api/') || url.pathname.startsWith('/test-payments/');
  if (request.method !== 'GET' || url.origin !== self.location.origin || notTheApp) {
    return;
  }
  if (isProfile(url)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => keepProfile(cache, request, copy));
          return response;
        })
        .catch(() => caches.match(request, { cacheName: CACHE }).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (request.mode === 'navigate') {
    // Every page of the app is the same index.html; this build's copy answers at once.
    event.respondWith(caches.match('/', { cacheName: CACHE }).then((shell) => shell || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
