// Settle's service worker: keeps the app shell of one build in Cache Storage and serves
// it when the network is not there. The build step fills in BUILD and SHELL; a new build
// gives a new worker, which waits until the customer chooses to reload.
const BUILD = 'development';
const SHELL = ['/'];
const CACHE = `settle-shell-${BUILD}`;

// The backend profile (SPEC §6) and the brand (docs/brand.md) are the host's to add,
// replace or remove at any time without a new build (with none, the app uses the Settle
// API and Settle's own brand): the network's answer wins, and the last one, a file or a
// 404, is kept for starts without a connection. So is the manifest, which the reference
// server names after the brand.
const PROFILE = '/backend-profile.json';
const BRAND = '/brand.json';
const isHostFile = (url) =>
  url.pathname.endsWith('profile.json') || url.pathname.endsWith('brand.json') || url.pathname === '/manifest.webmanifest';
// The brand's logo, when the host put it beside the app after the build: fetched afresh
// too (a new logo may keep its name), and kept for offline starts.
const isHostImage = (request, url) => request.destination === 'image' && !SHELL.includes(url.pathname);

/** Keeps `response` to a host file's request for offline starts: the file, or its absence. */
const keepHostFile = (cache, request, response) => {
  if (response.ok || response.status === 404) return cache.put(request, response);
  return undefined;
};

/** Keeps the brand and the logo it names (on this site) for the first start offline. */
const keepBrand = async (cache) => {
  const response = await fetch(BRAND);
  await keepHostFile(cache, BRAND, response.clone());
  const json = response.ok && (response.headers.get('content-type') || '').includes('json');
  const logo = json ? (await response.json().catch(() => ({}))).logo : undefined;
  if (typeof logo === 'string' && new URL(logo, self.location).origin === self.location.origin) {
    await cache.add(logo);
  }
};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache
        .addAll(SHELL)
        .then(() =>
          Promise.all([
            fetch(PROFILE).then((response) => keepHostFile(cache, PROFILE, response)),
            keepBrand(cache),
          ]),
        )
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
  if (isHostFile(url) || isHostImage(request, url)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => keepHostFile(cache, request, copy));
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
