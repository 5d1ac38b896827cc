import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { encodeAbiParameters, getAddress } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createConfig, http, mock, WagmiProvider } from "wagmi";
import { connect } from "wagmi/actions";
import type { ApplicationDetails, PaymentDetails, QuoteDetails } from "../api/travellerTypes.ts";
import type { ClientConfig, ServedChain } from "../api/types.ts";
import { type ApiCall, fakeApi, localConfig, renderPage } from "../pages/officer/officerTestKit.tsx";
import { createWagmiConfig } from "../wallet/createWagmiConfig.ts";
import { PaymentPanel } from "./PaymentPanel.tsx";

// The traveller picks the chain their stablecoin is on when the server serves two (ENTRADA_CHAINS=2):
// the picker, the quote asked on that chain, and the balance read on the quote's chain.

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const id = "00000000-0000-4000-8000-0000000000c7";
const payer = getAddress("0xabcdefabcdefabcdefabcdefabcdefabcdefabcd");
const money = (amount: string, currency: string, formatted: string) => ({ amount, currency, formatted });

const first: ServedChain = {
  ...localConfig.chain,
  escrow: localConfig.escrow,
  tokens: localConfig.tokens,
  faucet: true,
};
const second: ServedChain = {
  id: 1337,
  name: "Entrada local chain 1337",
  rpcUrl: "http://127.0.0.1:8546",
  isLocal: true,
  confirmations: 1,
  explorerUrl: null,
  escrow: "0x0000000000000000000000000000000000001337",
  tokens: {
    USDC: { address: "0x0000000000000000000000000000000000002337", decimals: 6, symbol: "USDC" },
    USDT: { address: "0x0000000000000000000000000000000000003337", decimals: 6, symbol: "USDT" },
  },
  faucet: true,
};
const twoChains: ClientConfig = { ...localConfig, chains: [first, second] };

/** A USDC quote on the second chain, of 20.342355 for `payer`. */
function secondChainQuote(): QuoteDetails {
  const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
  return {
    id: "q7",
    applicationId: id,
    status: "open",
    chainId: second.id,
    token: "USDC",
    tokenAddress: second.tokens.USDC.address,
    payer,
    visaFee: money("1600", "GBP", "16.00"),
    tokenAmount: money("20322033", "USDC", "20.322033"),
    platformFee: money("20322", "USDC", "0.020322"),
    total: money("20342355", "USDC", "20.342355"),
    platformFeeBps: 10,
    createdAt: new Date().toISOString(),
    expiresAt,
    decisionDeadline: new Date(Date.now() + 86_400_000).toISOString(),
    digest: `0x${"d4".repeat(32)}`,
    signature: `0x${"e5".repeat(65)}`,
    rates: [],
    escrowQuote: {
      applicationId: `0x${"a1".repeat(32)}`,
      authorityId: `0x${"b2".repeat(32)}`,
      token: second.tokens.USDC.address,
      payer,
      amount: "20342355",
      platformFee: "20322",
      decisionDeadline: "1900000000",
      expiresAt: String(Math.floor(Date.parse(expiresAt) / 1000)),
    },
  };
}

function application(state: ApplicationDetails["state"], quote: QuoteDetails | null): ApplicationDetails {
  return {
    id,
    reference: "ENT-7K3Q-9XPC",
    onchainId: `0x${"a1".repeat(32)}`,
    productId: "gb-eta",
    authorityId: "gb-eta",
    organisationId: null,
    state,
    decisionDeadline: null,
    createdAt: "2026-05-01T00:00:00Z",
    updatedAt: "2026-05-01T00:00:00Z",
    applicant: {} as ApplicationDetails["applicant"],
    answers: {},
    quote,
    actions: [],
    documents: [],
    requestedDocuments: [],
    settlement: null,
  };
}

function instructions(quote: QuoteDetails): PaymentDetails {
  const typedData = { domain: {}, types: {}, primaryType: "X", message: {} };
  const call = { to: second.escrow, data: "0x" as const };
  return {
    quote,
    chainId: second.id,
    escrow: second.escrow,
    quoteSignature: { r: `0x${"11".repeat(32)}`, yParityAndS: `0x${"22".repeat(32)}` },
    pay: { approve: call, approveResetRequired: false, pay: call },
    permit: null,
    authorization: { typedData, submitTo: `/api/v1/applications/${id}/payment/authorization` },
  };
}

/** The API and both chains' RPCs behind `fetch`; each RPC answers as its chain, with `balance` of every token. */
function fakeBackend(quote: QuoteDetails, balance: bigint) {
  const rpc = (chainId: number) => (request: { id: number; method: string }) => {
    const result =
      request.method === "eth_call"
        ? encodeAbiParameters([{ type: "uint256" }], [balance])
        : request.method === "eth_chainId"
          ? `0x${chainId.toString(16)}`
          : request.method === "eth_blockNumber"
            ? "0x10"
            : request.method === "eth_getBalance"
              ? "0x0"
              : null;
    return { jsonrpc: "2.0", id: request.id, result };
  };
  return fakeApi((request: ApiCall) => {
    if (request.path.startsWith("http://")) {
      const answer = rpc(request.path.startsWith(second.rpcUrl) ? second.id : first.id);
      const body = request.body as { id: number; method: string } | { id: number; method: string }[];
      return Array.isArray(body) ? body.map(answer) : answer(body);
    }
    if (request.path === `/applications/${id}/payment`) return instructions(quote);
    if (request.method === "POST" && request.path === `/applications/${id}/quote`) return quote;
    return undefined;
  });
}

/** The panel with a wallet connected on the first chain (where wallets start). */
async function renderPanel(details: ApplicationDetails, config: ClientConfig) {
  const rpcFetch = fetch;
  const wagmi = createConfig({
    chains: createWagmiConfig(config).chains,
    connectors: [mock({ accounts: [payer], features: { reconnect: true } })],
    transports: {
      [first.id]: http(first.rpcUrl, { fetchFn: rpcFetch }),
      [second.id]: http(second.rpcUrl, { fetchFn: rpcFetch }),
    },
  });
  await connect(wagmi, { connector: wagmi.connectors[0]! });
  return renderPage(
    <WagmiProvider config={wagmi}>
      <PaymentPanel application={details} />
    </WagmiProvider>,
    { path: "/", route: "/", config },
  );
}

/** The JSON-RPC calls made to `rpcUrl`, by method. */
const rpcMethods = (calls: ApiCall[], rpcUrl: string) =>
  calls
    .filter((call) => call.path.startsWith(rpcUrl))
    .flatMap((call) => (Array.isArray(call.body) ? call.body : [call.body]) as { method: string }[])
    .map((body) => body.method);

describe("PaymentPanel with two chains served", () => {
  it("offers no choice of chain when one chain is served", async () => {
    fakeBackend(secondChainQuote(), 0n);
    await renderPanel(application("submitted", null), localConfig);
    await screen.findByTestId("get-quote");
    expect(screen.queryByTestId("chain-choice")).toBeNull();
  });

  it("names both chains in the page's words, never by id, and asks the quote on the chain picked", async () => {
    const calls = fakeBackend(secondChainQuote(), 0n);
    await renderPanel(application("submitted", null), twoChains);
    const choice = await screen.findByTestId("chain-choice");
    expect(choice.textContent).toContain("Local test chain");
    expect(choice.textContent).toContain("Second local test chain");
    expect(choice.textContent).not.toMatch(/1337|31337/);
    expect((screen.getByTestId("chain-31337") as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByTestId("chain-1337"));
    fireEvent.click(screen.getByTestId("get-quote"));
    await waitFor(() => expect(calls.filter((c) => c.method === "POST" && c.path.endsWith("/quote"))).toHaveLength(1));
    expect(calls.find((c) => c.method === "POST" && c.path.endsWith("/quote"))).toMatchObject({
      path: `/applications/${id}/quote`,
      body: { token: "USDC", chainId: 1337 },
    });
  });

  it("reads the balance on the quote's chain and asks a wallet on the other chain to switch", async () => {
    const quote = secondChainQuote();
    const calls = fakeBackend(quote, 50_000_000n);
    await renderPanel(application("payment_pending", quote), twoChains);
    // The quote is on chain 1337: the picker follows it.
    await waitFor(() => expect((screen.getByTestId("chain-1337") as HTMLInputElement).checked).toBe(true));
    await waitFor(() => expect(rpcMethods(calls, second.rpcUrl)).toContain("eth_call"));
    // The wallet is on the first chain: switch first, and nothing can be paid before.
    expect(await screen.findByRole("button", { name: "Switch network" })).toBeTruthy();
    expect((screen.getByTestId("pay-button") as HTMLButtonElement).disabled).toBe(true);
  });
});
