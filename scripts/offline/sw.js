// An Sinh offline worker (service worker), one per release build.
//
// Contract: scripts/offline/build.mjs copies this file to dist/sw.js and fills BUILD with the
// build's id, the names of every file of that build and one SHA-256 digest over them all (the
// lines "name sha256-of-the-file", in the list's order). The worker
// - installs only if it can fetch *every* file and what it fetched gives that digest, into a
//   cache named after the build; a half-uploaded deploy fails the install and the old version
//   stays;
// - serves those files, and app routes (navigations to paths without an extension, such as
//   /ho-gia-dinh), from its own cache only: a page never mixes two builds;
// - waits after install until the page sends 'skip-waiting' (the user accepted the update),
//   then deletes the caches of older builds and takes over every open tab.
// It never touches localStorage, where the records live.
const BUILD = /* BUILD */ { id: 'dev', base: '/', digest: '', files: [] };

const PREFIX = 'ansinh-shell-';
const CACHE = PREFIX + BUILD.id;
const SHELL = BUILD.base + 'index.html';
const FILES = new Set(BUILD.files);

async function sha256(buf) {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function precache() {
  const cache = await caches.open(CACHE);
  try {
    const fetched = await Promise.all(BUILD.files.map(async (name) => {
      const url = BUILD.base + name;
      // 'no-store': an HTTP-cached index.html from an older build must not slip in.
      const res = await fetch(url, { cache: 'no-store' });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const body = await res.arrayBuffer();
      const type = res.headers.get('content-type') || 'application/octet-stream';
      return { url, body, type, line: `${name} ${await sha256(body)}\n` };
    }));
    // Nothing is stored before the whole set is checked.
    const lines = new TextEncoder().encode(fetched.map((f) => f.line).join(''));
    if ((await sha256(lines)) !== BUILD.digest) throw new Error(`the files fetched are not all from build ${BUILD.id}`);
    for (const { url, body, type } of fetched) {
      await cache.put(url, new Response(body, { headers: { 'content-type': type } }));
    }
  } catch (e) {
    await caches.delete(CACHE); // the next update check starts clean
    throw e;
  }
}

self.addEventListener('install', (event) => event.waitUntil(precache()));

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
  await self.clients.claim();
})()));

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BUILD.base)) return;
  const name = decodeURIComponent(url.pathname.slice(BUILD.base.length));
  let key = null;
  if (FILES.has(name)) key = BUILD.base + name;
  else if (req.mode === 'navigate' && !/\.[^/]*$/.test(name)) key = SHELL;
  if (!key) return; // not part of the app: the network as usual
  // cacheName: match only this build's cache (and never recreate a deleted one).
  event.respondWith(caches.match(key, { cacheName: CACHE }).then((hit) => hit || fetch(req)));
});
