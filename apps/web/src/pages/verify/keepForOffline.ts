/**
 * Asks the service worker to keep the files this page has loaded (its chunk, `@entrada/verify`,
 * jsQR, the translations): they were fetched before the worker controlled the first visit, so the
 * worker has not seen them, and `/verify` must open with the network off after one visit. The worker
 * takes them from the HTTP cache (hashed files are immutable). Nothing happens without a worker.
 *
 * @example
 * useEffect(() => void keepForOffline(), []);
 */
export async function keepForOffline(): Promise<void> {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  const urls = performance
    .getEntriesByType("resource")
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith("/assets/"))
    .map((url) => url.pathname);
  registration.active?.postMessage({ type: "keep", urls: [...new Set(urls)] });
}
