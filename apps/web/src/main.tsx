import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { BrowserRouter } from "react-router";
import { App } from "./App.tsx";
import { api } from "./api/api.ts";
import { ClientConfigContext } from "./api/ClientConfigContext.tsx";
import type { ClientConfig } from "./api/types.ts";
import { catalogueQuery } from "./api/useCatalogue.ts";
import { createI18n } from "./i18n/createI18n.ts";
import { saveTrip, tripFromSearch } from "./pages/traveller/tripQuery.ts";
import "./styles.css";
import { WalletProvider } from "./wallet/WalletProvider.tsx";

const root = createRoot(document.getElementById("root")!);

// A trip in the address (the server-sent home page's results link to apply with it): kept, as the app's
// own check keeps it, so that the application is prefilled with it.
const linkedTrip = tripFromSearch(window.location.search);
if (linkedTrip) saveTrip(linkedTrip);

// Started at once, side by side: the translations and the client config are each a round trip away.
// (i18next reports a chunk that fails to load and falls back to English: this promise never rejects.)
const translations = createI18n();
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});
// The home page's eligibility form lists the catalogue's destinations: on the home page it is asked
// for at once too (index.html preloads its requests), so that the first render shows a usable form.
const catalogue = window.location.pathname === "/" ? queryClient.prefetchQuery(catalogueQuery) : undefined;

async function boot() {
  const configured = api<ClientConfig>("GET", "/client-config");
  configured.catch(() => undefined);
  const i18n = await translations;
  await catalogue; // never rejects: a failure is the query's error, which the home page shows
  let clientConfig: ClientConfig;
  try {
    clientConfig = await configured;
  } catch {
    // Without the server nothing works: say so in the reader's language, and offer a retry.
    root.render(
      <main id="main" className="boot-error">
        <h1>Entrada</h1>
        <p role="alert">{i18n.t("boot.unreachable")}</p>
        <button type="button" className="button" onClick={() => void boot()}>
          {i18n.t("errors:remedy.retry")}
        </button>
      </main>,
    );
    return;
  }
  // The server-written form was sent (shell.js marks it): the results page is on its way and replaces
  // this one; starting the app here would only cancel that navigation.
  if (document.documentElement.hasAttribute("data-form-sent")) return;
  // A transition, so that React renders the first page in slices of a few milliseconds that let the
  // browser breathe (a phone's main thread is otherwise blocked for the whole render, more than a
  // second at 4x CPU slowdown) instead of one long task; it shows in the DOM all at once, as before.
  startTransition(() =>
    root.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <ClientConfigContext.Provider value={clientConfig}>
            <WalletProvider>
              <QueryClientProvider client={queryClient}>
                <BrowserRouter>
                  <App />
                </BrowserRouter>
              </QueryClientProvider>
            </WalletProvider>
          </ClientConfigContext.Provider>
        </I18nextProvider>
      </StrictMode>,
    ),
  );
}

void boot();

// Installable as an app (the PWA is the mobile app): the service worker keeps the shell offline.
if ("serviceWorker" in navigator && import.meta.env.PROD) {
  window.addEventListener("load", () => {
    void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  });
}
