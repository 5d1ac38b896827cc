import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { type Address, encodeAbiParameters, getAddress, type Hex, toFunctionSelector } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createConfig, http, mock, WagmiProvider } from "wagmi";
import { connect } from "wagmi/actions";
import type { ApplicationDetails, PaymentDetails, QuoteDetails } from "../api/travellerTypes.ts";
import { type ApiCall, fakeApi, localConfig, renderPage } from "../pages/officer/officerTestKit.tsx";
import { createWagmiConfig } from "../wallet/createWagmiConfig.ts";
import { PaymentPanel } from "./PaymentPanel.tsx";
import { loadSentPayment, saveSentPayment } from "./sentPayment.ts";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const id = "00000000-0000-4000-8000-0000000000a1";
const payer = getAddress("0xabcdefabcdefabcdefabcdefabcdefabcdefabcd");
const stranger = getAddress("0x1234512345123451234512345123451234512345");
const money = (amount: string, currency: string, formatted: string) => ({ amount, currency, formatted });

/** A USDC quote of 20.342355 (visa fee GBP 16) for `payer`, expiring in 15 minutes. */
function usdcQuote(overrides: Partial<QuoteDetails> = {}): QuoteDetails {
  const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
  return {
    id: "q1",
    applicationId: id,
    status: "open",
    chainId: localConfig.chain.id,
    token: "USDC",
    tokenAddress: localConfig.tokens.USDC!.address,
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
    rates: [{ pair: "GBP/USD", answer: "127000000", decimals: 8, updatedAt: 1_760_000_000, source: "feeds" }],
    escrowQuote: {
      applicationId: `0x${"a1".repeat(32)}`,
      authorityId: `0x${"b2".repeat(32)}`,
      token: localConfig.tokens.USDC!.address,
      payer,
      amount: "20342355",
      platformFee: "20322",
      decisionDeadline: "1900000000",
      expiresAt: String(Math.floor(Date.parse(expiresAt) / 1000)),
    },
    ...overrides,
  };
}

function application(state: ApplicationDetails["state"], quote: QuoteDetails | null): ApplicationDetails {
  return {
    id,
    reference: "ENT-7K3Q-9XPA",
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

const call = { to: localConfig.escrow, data: "0x" as const };
/** The payment instructions of `quote`: gasless and permit for USDC, approve + pay only for USDT. */
function instructions(quote: QuoteDetails): PaymentDetails {
  const typedData = { domain: {}, types: {}, primaryType: "X", message: {} };
  const usdc = quote.token === "USDC";
  return {
    quote,
    chainId: localConfig.chain.id,
    escrow: localConfig.escrow,
    quoteSignature: { r: `0x${"11".repeat(32)}`, yParityAndS: `0x${"22".repeat(32)}` },
    pay: { approve: call, approveResetRequired: !usdc, pay: call },
    permit: usdc
      ? { typedData, permitDeadline: "1900000000", to: localConfig.escrow, functionName: "payWithPermit" }
      : null,
    authorization: usdc ? { typedData, submitTo: `/api/v1/applications/${id}/payment/authorization` } : null,
  };
}

/**
 * The API (payment instructions, quotes) and the chain's RPC (the wallet's token balance and gas, no
 * receipt yet) behind `fetch`.
 */
const issuerReads = {
  [toFunctionSelector("function isBlacklisted(address)")]: "blacklisted",
  [toFunctionSelector("function paused()")]: "paused",
} as const;

function fakeBackend(
  quote: QuoteDetails,
  chain: { balance: bigint; gas: bigint; blacklisted?: boolean; paused?: boolean },
) {
  /** `eth_call`: the token's issuer reads (Circle's `isBlacklisted`, `paused`), else `balanceOf`. */
  const call = (params: unknown) => {
    const data = ((params as [{ data?: Hex; input?: Hex }])[0].data ?? (params as [{ input?: Hex }])[0].input) as Hex;
    const read = issuerReads[data.slice(0, 10) as keyof typeof issuerReads];
    return read === undefined
      ? encodeAbiParameters([{ type: "uint256" }], [chain.balance])
      : encodeAbiParameters([{ type: "bool" }], [chain[read] ?? false]);
  };
  const rpc = (request: { id: number; method: string; params?: unknown }) => {
    const result =
      request.method === "eth_call"
        ? call(request.params)
        : request.method === "eth_getBalance"
          ? `0x${chain.gas.toString(16)}`
          : request.method === "eth_chainId"
            ? `0x${localConfig.chain.id.toString(16)}`
            : request.method === "eth_blockNumber"
              ? "0x10"
              : null;
    return { jsonrpc: "2.0", id: request.id, result };
  };
  return fakeApi((request: ApiCall) => {
    if (request.path.startsWith("http://")) {
      const body = request.body as { id: number; method: string } | { id: number; method: string }[];
      return Array.isArray(body) ? body.map(rpc) : rpc(body);
    }
    if (request.path === `/applications/${id}/payment`) return instructions(quote);
    if (request.method === "POST" && request.path === `/applications/${id}/quote`) return quote;
    return undefined;
  });
}

/**
 * The panel with wagmi on the local chain, its RPC through the fake backend; with `account`, a wallet
 * holding that account is connected (reconnected when the provider mounts, as one the browser used before).
 */
async function renderPanel(details: ApplicationDetails, account?: Address, onPaid?: () => void) {
  // The fake backend's `fetch` (tests call fakeBackend first), also for polls that outlive the test.
  const rpcFetch = fetch;
  const config = createConfig({
    chains: createWagmiConfig(localConfig).chains,
    connectors: [mock({ accounts: [account ?? payer], features: { reconnect: account !== undefined } })],
    transports: { [localConfig.chain.id]: http(localConfig.chain.rpcUrl, { fetchFn: rpcFetch }) },
  });
  if (account) await connect(config, { connector: config.connectors[0]! });
  return renderPage(
    <WagmiProvider config={config}>
      <PaymentPanel application={details} {...(onPaid ? { onPaid } : {})} />
    </WagmiProvider>,
    { path: "/", route: "/" },
  );
}

/** The quotes the panel asked for. */
const quoteRequests = (calls: ApiCall[]) => calls.filter((c) => c.method === "POST" && c.path.endsWith("/quote"));

const pay = () => screen.getByTestId("pay-button") as HTMLButtonElement;

describe("PaymentPanel", () => {
  it("offers a quote for a submitted application, in the token chosen", async () => {
    const calls = fakeBackend(usdcQuote(), { balance: 0n, gas: 0n });
    await renderPanel(application("submitted", null));
    fireEvent.click(screen.getByTestId("token-USDT"));
    fireEvent.click(screen.getByTestId("get-quote"));
    await waitFor(() => expect(quoteRequests(calls)).toHaveLength(1));
    expect(quoteRequests(calls)[0]).toMatchObject({
      path: `/applications/${id}/quote`,
      body: { token: "USDT" },
    });
    expect(screen.getByTestId("get-quote").textContent).toBe("Get a quote in USDT");
  });

  it("asks for a wallet before anything is signed, and offers every way to pay USDC", async () => {
    const quote = usdcQuote();
    fakeBackend(quote, { balance: 0n, gas: 0n });
    await renderPanel(application("payment_pending", quote));
    await screen.findByTestId("connect-wallet");
    expect(pay().disabled).toBe(true);
    // To the cent on the button, every decimal in its title.
    expect(pay().textContent).toContain("20.34 USDC");
    expect(pay().title).toContain("20.342355 USDC");
    for (const method of ["authorization", "permit", "pay"]) {
      expect((screen.getByTestId(`method-${method}`) as HTMLInputElement).disabled).toBe(false);
    }
  });

  it("says which ways USDT cannot be paid", async () => {
    const quote = usdcQuote({ token: "USDT", tokenAddress: localConfig.tokens.USDT!.address });
    fakeBackend(quote, { balance: 0n, gas: 0n });
    await renderPanel(application("payment_pending", quote));
    await waitFor(() => expect((screen.getByTestId("method-pay") as HTMLInputElement).checked).toBe(true));
    expect((screen.getByTestId("method-authorization") as HTMLInputElement).disabled).toBe(true);
    expect(document.getElementById(`${id}-method-permit-hint`)?.textContent).toContain("USDT");
  });

  it("lets the payer's wallet pay gaslessly when it holds the total, to the unit", async () => {
    const quote = usdcQuote();
    fakeBackend(quote, { balance: 20_342_355n, gas: 0n });
    await renderPanel(application("payment_pending", quote), payer);
    await waitFor(() => expect(pay().disabled).toBe(false));
    expect(screen.queryByTestId("connect-wallet")).toBeNull();
    expect(screen.queryByTestId("balance-short")).toBeNull();
  });

  it("refuses a wallet one unit short, with its balance and the faucet", async () => {
    const quote = usdcQuote();
    fakeBackend(quote, { balance: 20_342_354n, gas: 0n });
    await renderPanel(application("payment_pending", quote), payer);
    const short = await screen.findByTestId("balance-short");
    expect(short.textContent).toContain("20.342354");
    expect(within(short).getByRole("button")).toBeTruthy();
    expect(pay().disabled).toBe(true);
  });

  it("stops a wallet the token's issuer blacklisted before anything is signed, and says why", async () => {
    const quote = usdcQuote();
    fakeBackend(quote, { balance: 50_000_000n, gas: 0n, blacklisted: true });
    await renderPanel(application("payment_pending", quote), payer);
    const notice = await screen.findByTestId("payer-blacklisted", {}, { timeout: 5_000 });
    expect(notice.textContent).toBe(
      "This wallet is blacklisted by the token issuer" +
        "The company that issues USDC has blocked this wallet address, so USDC refuses any payment from it. Pay from another wallet, or choose another stablecoin.",
    );
    expect(pay().disabled).toBe(true);
    expect(screen.queryByTestId("token-paused")).toBeNull();
  });

  it("stops the payment while the token's issuer has paused the token", async () => {
    const quote = usdcQuote();
    fakeBackend(quote, { balance: 50_000_000n, gas: 0n, paused: true });
    await renderPanel(application("payment_pending", quote), payer);
    expect((await screen.findByTestId("token-paused", {}, { timeout: 5_000 })).textContent).toContain(
      "The company that issues USDC has paused all its transfers for now",
    );
    expect(pay().disabled).toBe(true);
    expect(screen.queryByTestId("payer-blacklisted")).toBeNull();
  });

  it("offers a new quote for a wallet that is not the payer", async () => {
    const quote = usdcQuote();
    const calls = fakeBackend(quote, { balance: 50_000_000n, gas: 10n ** 18n });
    await renderPanel(application("payment_pending", quote), stranger);
    const mismatch = await screen.findByTestId("payer-mismatch");
    expect(pay().disabled).toBe(true);
    fireEvent.click(within(mismatch).getByRole("button"));
    await waitFor(() => expect(quoteRequests(calls)).toHaveLength(1));
    expect(quoteRequests(calls)[0]?.body).toEqual({ token: "USDC", payer: stranger });
  });

  it("follows a payment sent before a reload, with its transaction", async () => {
    const quote = usdcQuote();
    fakeBackend(quote, { balance: 0n, gas: 0n });
    const txHash = `0x${"ab".repeat(32)}` as const;
    saveSentPayment(id, { txHash, quoteId: quote.id, method: "authorization", sentAt: new Date().toISOString() });
    await renderPanel(application("payment_pending", quote));
    expect(screen.getByTestId("payment-progress").textContent).toBe("Sent — waiting for it to be included in a block…");
    expect(screen.queryByTestId("pay-button")).toBeNull();
    expect(screen.getByRole("link").textContent).toContain("0xabab");
  });

  it("says when the application is paid, forgets the sent payment and tells the page once", async () => {
    const quote = usdcQuote();
    fakeBackend(quote, { balance: 0n, gas: 0n });
    saveSentPayment(id, {
      txHash: `0x${"ab".repeat(32)}`,
      quoteId: quote.id,
      method: "authorization",
      sentAt: new Date().toISOString(),
    });
    const onPaid = vi.fn();
    await renderPanel(application("paid", quote), undefined, onPaid);
    await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1));
    const progress = screen.getByTestId("payment-progress");
    expect([progress.className, progress.textContent]).toEqual([
      "notice notice-ok",
      "Paid. The fee is held in escrow until the authority decides.",
    ]);
    expect(screen.queryByTestId("token-USDC")).toBeNull();
    expect(loadSentPayment(id)).toBeNull();
  });
});
