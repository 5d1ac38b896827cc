/**
 * What the officer pages' component tests share: the app's providers around a page (English, a local
 * chain's client config, a fresh query cache, a router at a path), and a fake API that answers by
 * method and path and records every call. Used by *.test.tsx only.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import i18next from "i18next";
import type { ReactElement } from "react";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { MemoryRouter, Route, Routes } from "react-router";
import { vi } from "vitest";
import { ClientConfigContext } from "../../api/ClientConfigContext.tsx";
import type { ClientConfig } from "../../api/types.ts";
import { namespaces } from "../../i18n/languages.ts";
import { resources } from "../../i18n/resources.ts";

/** A local development deployment, as `GET /client-config` describes it. */
export const localConfig: ClientConfig = {
  env: "development",
  chain: {
    id: 31337,
    name: "Local",
    rpcUrl: "http://127.0.0.1:8545",
    isLocal: true,
    confirmations: 1,
    explorerUrl: null,
  },
  escrow: "0x0000000000000000000000000000000000000001",
  tokens: {
    USDC: { address: "0x0000000000000000000000000000000000000002", decimals: 6, symbol: "USDC" },
    USDT: { address: "0x0000000000000000000000000000000000000003", decimals: 6, symbol: "USDT" },
  },
  features: { devLogin: true, faucet: true, mailbox: true },
};

/** A call the page made to the API. */
export type ApiCall = { method: string; path: string; body: unknown; idempotencyKey: string | null };

/** Answers a call: a JSON body (status 200), or `{ status, body }`. */
export type ApiHandler = (call: ApiCall) => unknown | { status: number; body: unknown } | undefined;

/**
 * Replaces `fetch` with a fake API: each call goes to `handler` (with the path after `/api/v1`);
 * `undefined` answers 404 ENTRADA_NOT_FOUND.
 */
export function fakeApi(handler: ApiHandler): ApiCall[] {
  const calls: ApiCall[] = [];
  vi.stubGlobal("fetch", async (input: string, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const call: ApiCall = {
      method: init.method ?? "GET",
      path: String(input).replace(/^\/api\/v1/, ""),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
      idempotencyKey: headers["idempotency-key"] ?? null,
    };
    calls.push(call);
    const answer = handler(call);
    const { status, body } =
      answer === undefined
        ? { status: 404, body: { error: { code: "ENTRADA_NOT_FOUND", message: "Not found" } } }
        : typeof answer === "object" && answer !== null && "status" in answer && "body" in answer
          ? (answer as { status: number; body: unknown })
          : { status: 200, body: answer };
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  return calls;
}

/**
 * Renders `page` at `path` (matched by `route`) inside the app's providers, in `language` (English
 * unless told); returns the query cache too.
 */
export async function renderPage(
  page: ReactElement,
  {
    path,
    route,
    config = localConfig,
    language = "en",
  }: { path: string; route: string; config?: ClientConfig; language?: string },
) {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: "en",
    ns: [...namespaces],
    defaultNS: "common",
    interpolation: { escapeValue: false },
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(
    <I18nextProvider i18n={i18n}>
      <ClientConfigContext.Provider value={config}>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter initialEntries={[path]}>
            <main>
              <Routes>
                <Route path={route} element={page} />
              </Routes>
            </main>
          </MemoryRouter>
        </QueryClientProvider>
      </ClientConfigContext.Provider>
    </I18nextProvider>,
  );
  return { ...result, queryClient };
}
