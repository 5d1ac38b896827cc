// Entrada's service worker: the app shell offline, the API always from the network.
const shell = "entrada-shell-v2";

// What a second visit needs before its first render: the page, the hashed files it names (the entry
// script, its styles), shell.js and the icons. The first visit fetched them before this worker ran, so
// they come from the HTTP cache here (the hashed ones are immutable), not the network again.
async function cacheShell() {
  const cache = await caches.open(shell);
  const page = await fetch("/", { cache: "no-cache" });
  if (!page.ok) throw new Error(`GET / answered ${page.status}`);
  const named = [...(await page.clone().text()).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.put("/", page);
  await cache.addAll(["/shell.js", "/manifest.webmanifest", "/icon.svg", ...new Set(named)]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell());
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((key) => key !== shell).map((key) => caches.delete(key)))),
  );
  self.clients.claim();
});

/** The network's answer, kept for offline; the kept one when the network fails. */
function networkFirst(request, cacheKey) {
  return fetch(request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        void caches.open(shell).then((cache) => cache.put(cacheKey, copy));
      }
      return response;
    })
    .catch(() => caches.match(cacheKey).then((hit) => hit ?? Response.error()));
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  // Pages and shell.js (not hashed: it names the current translation files): network first, so a
  // deploy shows at once; the kept copies when offline.
  if (event.request.mode === "navigate") {
    event.respondWith(networkFirst(event.request, "/"));
    return;
  }
  if (url.pathname === "/shell.js") {
    event.respondWith(networkFirst(event.request, "/shell.js"));
    return;
  }
  // Hashed assets never change: cache first (the translations and pages fetched once are kept too).
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ??
          fetch(event.request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(shell).then((cache) => cache.put(event.request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
