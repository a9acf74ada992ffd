/* Thước Đo leaders' app: service worker (served at /collect/sw.js, scope /collect/).
 * - the app shell (CSS, scripts, manifest, icons, the offline page) is stored at install, per version;
 * - collect pages are fetched from the network first and stored; without a connection (or after a few seconds
 *   of a signal too weak to answer) the stored copy is shown, so interviews go on in a stairwell;
 * - the JSON API is never stored: answers wait in IndexedDB (queue.js), not here.
 */
"use strict";

const VERSION = "__VERSION__";
const SHELL_CACHE = "thuocdo-shell-" + VERSION;
const PAGES_CACHE = "thuocdo-collect-pages";
const SHELL = ["__SHELL__"];
const HOME = "__HOME__";
const OFFLINE = "__OFFLINE__";
const PATIENCE_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL_CACHE);
    await shell.addAll(SHELL);
    await storePage(HOME);  // fails quietly when not logged in
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("thuocdo-shell-") && name !== SHELL_CACHE) { await caches.delete(name); }
    }
    await self.clients.claim();
  })());
});

function pageKey(url) {
  const u = new URL(url, self.location.href);
  return u.origin + u.pathname;
}

function storable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

async function storePage(url) {
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (storable(response)) {
      await (await caches.open(PAGES_CACHE)).put(pageKey(url), response);
      return true;
    }
  } catch (e) { /* offline: nothing to store */ }
  return false;
}

async function page(request) {
  const cache = await caches.open(PAGES_CACHE);
  const network = fetch(request).then((response) => {
    if (storable(response)) { cache.put(pageKey(request.url), response.clone()); }
    return response;
  });
  network.catch(() => null);  // a late failure after the stored copy was shown is not an error
  const stored = () => cache.match(pageKey(request.url));
  const timer = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS, "slow"));
  try {
    const first = await Promise.race([network, timer]);
    if (first !== "slow") { return first; }
    const copy = await stored();
    return copy || await network;
  } catch (e) {
    return (await stored()) || (await caches.match(OFFLINE)) || Response.error();
  }
}

/* Static files: a versioned URL (?v=digest) never changes, so an exact stored copy is right; anything else comes
 * from the network when it can, and from the shell stored at install when it cannot. */
async function asset(request) {
  const cache = await caches.open(SHELL_CACHE);
  const exact = await cache.match(request);
  if (exact) { return exact; }
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") { cache.put(request, response.clone()); }
    return response;
  } catch (e) {
    return (await cache.match(request, { ignoreSearch: true })) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (url.pathname.startsWith(HOME) && url.pathname !== HOME + "sw.js" &&
      (request.mode === "navigate" || (request.headers.get("accept") || "").includes("text/html"))) {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(asset(request));
  }
});

/* A page asks to keep interview pages for offline use: {type: "store-pages", urls: [...]}. */
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "store-pages" && Array.isArray(data.urls)) {
    event.waitUntil(Promise.all(data.urls.map(storePage)).then((done) => {
      if (event.source) { event.source.postMessage({ type: "pages-stored", stored: done.filter(Boolean).length, total: done.length }); }
    }));
  }
});
