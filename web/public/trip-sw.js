/*
 * The service worker of the mobile shop's page (/trip.html, registered with scope /trip): it keeps
 * the page and the files it needs so that the page opens on the van's phone with no signal.
 *
 * - Installing caches the page's files: the list below is written by the build
 *   (scripts/build-web.ts: trip.html, its stylesheet, its script and chunks), and so is VERSION, so a
 *   new build is a new worker and a new cache; the old caches go when it takes over.
 * - trip.html: from the network while there is an answer within a few seconds (and kept), else
 *   the kept copy. Hashed files (/assets/): the kept copy, else the network (and kept).
 * - Never the API (/v1/), the settings (/config.json) or anything not a GET: the page keeps what it
 *   needs of the API's answers in IndexedDB itself.
 */
const VERSION = 'dev';
const SHELL = ['/trip.html'];

const CACHE = `aixin-trip-${VERSION}`;
const PAGE = '/trip.html';
const NETWORK_WAIT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('aixin-trip-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** The network's answer within `ms`, or undefined (no signal, an error, too slow). */
function networkWithin(request, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    fetch(request)
      .then((response) => {
        clearTimeout(timer);
        resolve(response);
      })
      .catch(() => {
        clearTimeout(timer);
        resolve(undefined);
      });
  });
}

async function page(request) {
  const cache = await caches.open(CACHE);
  const fresh = await networkWithin(request, NETWORK_WAIT_MS);
  if (fresh?.ok) {
    await cache.put(PAGE, fresh.clone());
    return fresh;
  }
  const kept = await cache.match(PAGE);
  return kept ?? fresh ?? Response.error();
}

async function keptFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept !== undefined) return kept;
  const fresh = await fetch(request);
  if (fresh.ok) await cache.put(request, fresh.clone());
  return fresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/v1/') || url.pathname === '/v1' || url.pathname === '/config.json') return;
  if (url.pathname === PAGE || url.pathname === '/trip') {
    event.respondWith(page(request));
    return;
  }
  if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) {
    event.respondWith(keptFirst(request));
  }
});
