// Entrada's service worker: the app shell offline, the API always from the network, except the e-visa
// trust list, which /verify needs to verify with the network off.
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

// A page names the hashed files it loaded before this worker controlled it (/verify: its chunk and the
// verifier's), so that it opens offline too.
self.addEventListener("message", (event) => {
  const { type, urls } = event.data ?? {};
  if (type !== "keep" || !Array.isArray(urls)) return;
  const assets = urls.filter((url) => typeof url === "string" && url.startsWith("/assets/"));
  event.waitUntil(caches.open(shell).then((cache) => cache.addAll(assets)));
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

/** The trust list from the network, kept; offline the kept one, marked so that the page says it is not fresh. */
function trustList(request) {
  const key = "/api/v1/evisa/trust-list";
  return fetch(request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        void caches.open(shell).then((cache) => cache.put(key, copy));
      }
      return response;
    })
    .catch(async () => {
      const hit = await caches.match(key);
      if (hit === undefined) return Response.error();
      const headers = new Headers(hit.headers);
      headers.set("x-entrada-offline", "1");
      return new Response(hit.body, { status: hit.status, headers });
    });
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  // The authorities' seal keys: the network's when it answers, else the last kept (the page shows its age).
  if (
    event.request.method === "GET" &&
    url.origin === self.location.origin &&
    url.pathname === "/api/v1/evisa/trust-list"
  ) {
    event.respondWith(trustList(event.request));
    return;
  }
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
