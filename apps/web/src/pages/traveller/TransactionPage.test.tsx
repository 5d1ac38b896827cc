import { createEscrowFixture, type EscrowFixture } from "@entrada/contracts/testing";
import { seedAuthorities } from "@entrada/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import i18next from "i18next";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { MemoryRouter, Route, Routes } from "react-router";
import type { Hex } from "viem";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createConfig, WagmiProvider } from "wagmi";
import { ClientConfigContext } from "../../api/ClientConfigContext.tsx";
import type { ClientConfig } from "../../api/types.ts";
import { formatMoney } from "../../format/formatMoney.ts";
import { moneyFromMinorUnits } from "../../format/moneyFromMinorUnits.ts";
import { addChineseSpacing } from "../../i18n/chineseSpacing.ts";
import { namespaces } from "../../i18n/languages.ts";
import { resources } from "../../i18n/resources.ts";
import { fakeApi } from "../officer/officerTestKit.tsx";
import { TransactionPage } from "./TransactionPage.tsx";

// The page reads a real payment into Circle's USDC and the escrow on a local chain; only the
// Entrada API (session, catalogue, the traveller's applications) is answered by a fake.

let f: EscrowFixture;
let hash: Hex;
let quote: Awaited<ReturnType<EscrowFixture["makeQuote"]>>;
const applicationId = "5f0c2a9e-1b7d-4c1e-9a57-0d3f6b1c2e4a";

beforeAll(async () => {
  f = await createEscrowFixture();
  const payer = f.accounts.payers[0]!;
  quote = await f.makeQuote({ payer: payer.address, amount: 145_014_502n });
  await f.approve(f.tokens.USDC, payer, quote.amount);
  const receipt = await f.call(payer, "pay", [quote, await f.signQuote(quote)]);
  hash = receipt.transactionHash;
}, 120_000);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderIn(language: "zh" | "es") {
  const chain = f.chain.publicClient.chain!;
  const config: ClientConfig = {
    env: "development",
    chain: {
      id: chain.id,
      name: "Local",
      rpcUrl: "http://127.0.0.1:8545",
      isLocal: true,
      confirmations: 1,
      explorerUrl: null,
    },
    escrow: f.escrow,
    tokens: {
      USDC: { address: f.tokens.USDC, decimals: 6, symbol: "USDC" },
      USDT: { address: f.tokens.USDT, decimals: 6, symbol: "USDT" },
    },
    features: { devLogin: true, faucet: true, mailbox: true },
  };
  fakeApi(({ path }) => {
    if (path.startsWith("/auth/session")) return { user: { id: "u1", roles: ["traveller"], walletAddress: null } };
    if (path.startsWith("/catalogue/authorities")) return { items: seedAuthorities, nextCursor: null };
    if (path.startsWith("/catalogue/products")) return { items: [], nextCursor: null };
    if (path.startsWith("/applications")) {
      return {
        items: [{ id: applicationId, reference: "ENT-7K3Q-9XPA", onchainId: quote.applicationId }],
        nextCursor: null,
      };
    }
    return undefined;
  });
  const wagmi = createConfig({ chains: [chain], transports: { [chain.id]: f.chain.transport }, connectors: [] });
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: "en",
    ns: [...namespaces],
    defaultNS: "common",
    interpolation: { escapeValue: false },
  });
  addChineseSpacing(i18n);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={i18n}>
      <ClientConfigContext.Provider value={config}>
        <WagmiProvider config={wagmi}>
          <QueryClientProvider client={queryClient}>
            <MemoryRouter initialEntries={[`/tx/${hash}`]}>
              <Routes>
                <Route path="/tx/:hash" element={<TransactionPage />} />
              </Routes>
            </MemoryRouter>
          </QueryClientProvider>
        </WagmiProvider>
      </ClientConfigContext.Provider>
    </I18nextProvider>,
  );
  const paid = await screen.findByTestId("tx-event-EscrowPaid", {}, { timeout: 30_000 });
  await within(paid).findByRole("link", { name: "ENT-7K3Q-9XPA" }, { timeout: 10_000 });
  return { page: document.body, paid };
}

/** Words of the ABI a traveller must never see: event and argument names. */
const rawNames =
  /\b(applicationId|authorityId|platformFee|platformFeeBps|decisionDeadline|expiresAt|payer|spender|EscrowPaid|Transfer|Approval|from|to|value)\b/;

describe.each(["zh", "es"] as const)("TransactionPage in %s", (language) => {
  it("labels every field in the traveller's language and shows amounts as money, never base units", async () => {
    const { page, paid } = await renderIn(language);
    const text = page.textContent ?? "";
    expect(text).not.toMatch(rawNames);
    expect(text).not.toContain("145014502");
    const usdc = (amount: bigint) => formatMoney(moneyFromMinorUnits(amount, "USDC", 6), language);
    const fee = within(paid).getByText(language === "zh" ? "签证费" : "Tasa del visado").nextElementSibling!;
    expect(fee.textContent).toBe(usdc(quote.amount));
    expect(fee.textContent).toBe(language === "zh" ? "145.01 USDC" : "145,01 USDC");
    expect(fee.querySelector("[title]")?.getAttribute("title")).toBe(
      language === "zh" ? "145.014502 USDC" : "145,014502 USDC",
    );
    const service = within(paid).getByText(language === "zh" ? "Entrada 服务费" : "Comisión de servicio de Entrada");
    expect(service.nextElementSibling!.textContent).toBe(usdc(quote.platformFee));
    expect(
      within(paid).getByText(
        language === "zh" ? "泰王国外交部" : "Ministerio de Asuntos Exteriores del Reino de Tailandia",
      ),
    ).toBeTruthy();
    if (language === "zh") {
      // Addresses, hashes and the reference aside, only proper nouns are in Latin script (text node
      // by text node: textContent would glue neighbouring cells into one word).
      const nodes = [...page.querySelectorAll("*")].flatMap((element) =>
        [...element.childNodes].filter((node) => node.nodeType === 3).map((node) => node.textContent ?? ""),
      );
      const words = nodes
        .map((node) => node.replace(/0x[0-9a-fA-F]+(…[0-9a-fA-F]+)?|ENT-[0-9A-Z-]+/g, " "))
        .flatMap((node) => node.match(/[A-Za-z]+/g) ?? []);
      expect(words.filter((word) => !["USDC", "Entrada", "Gas"].includes(word))).toEqual([]);
    }
  }, 60_000);
});
