import { type Address, createPublicClient, custom, encodeFunctionData, getAddress, type Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeSettlementCall, toReleaseManyItem } from "./encodeSettlementCall.ts";
import {
  escrowAccessList,
  fiatTokenAuthorizationSlot,
  fiatTokenBalanceSlot,
  fiatTokenStorage,
  readFiatTokenImplementation,
  readFiatTokenLibraries,
} from "./escrowAccessList.ts";
import { VisaFeeEscrowAbi } from "./generated/VisaFeeEscrow.ts";
import { createEscrowFixture, type EscrowFixture, type Quote } from "./testing/escrowFixture.ts";

type StructLog = { depth: number; op: string; stack?: string[] };

/** What a transaction touched, from the default struct-log trace (EDR supports no other tracer). */
async function touchedBy(f: EscrowFixture, hash: Hex, to: Address) {
  const trace = (await f.chain.publicClient.request({
    method: "debug_traceTransaction" as never,
    params: [hash, { disableMemory: true }] as never,
  })) as { structLogs: StructLog[] };
  const word = (value: string) => `0x${value.replace(/^0x/, "").padStart(64, "0")}` as Hex;
  const address = (value: string) => getAddress(`0x${value.replace(/^0x/, "").padStart(40, "0").slice(-40)}`);
  // The account whose storage each depth reads: a call's target, or the caller's for a delegatecall.
  const storageAt: Address[] = [];
  storageAt[1] = getAddress(to);
  const slots = new Map<Address, Set<Hex>>();
  const accounts = new Set<Address>();
  for (const { depth, op, stack = [] } of trace.structLogs) {
    const top = (n: number) => stack[stack.length - 1 - n]!;
    if (op === "SLOAD" || op === "SSTORE") {
      const owner = storageAt[depth]!;
      if (!slots.has(owner)) slots.set(owner, new Set());
      slots.get(owner)!.add(word(top(0)));
    } else if (op === "CALL" || op === "STATICCALL" || op === "DELEGATECALL" || op === "CALLCODE") {
      const target = address(top(1));
      accounts.add(target);
      storageAt[depth + 1] = op === "DELEGATECALL" || op === "CALLCODE" ? storageAt[depth]! : target;
    } else if (["BALANCE", "EXTCODESIZE", "EXTCODEHASH", "EXTCODECOPY"].includes(op) && stack.length > 0) {
      accounts.add(address(top(0)));
    }
  }
  return { slots, accounts };
}

describe("escrowAccessList", () => {
  let f: EscrowFixture;
  let usdc: Address;
  let implementation: Address;
  const fiatTokens = () => [usdc];

  beforeAll(async () => {
    f = await createEscrowFixture();
    usdc = f.tokens.USDC;
    implementation = (await readFiatTokenImplementation(f.chain.publicClient, usdc))!;
  });

  async function pay(index: number, overrides: Partial<Quote> = {}): Promise<Quote> {
    const payer = f.accounts.payers[index]!;
    const quote = await f.makeQuote({ payer: payer.address, ...overrides });
    await f.approve(quote.token, payer, quote.amount);
    await f.call(payer, "pay", [quote, await f.signQuote(quote)]);
    return quote;
  }

  /**
   * Sends `data` without an access list, traces it, and checks the list the relayer would attach
   * against what the transaction touched: the token's slots exactly, every account it touched but
   * the escrow (the transaction's `to`, warm anyway), and nothing it did not touch.
   */
  async function expectListMatchesTrace(from: (typeof f.accounts.payers)[number], data: Hex, recipient: Address) {
    const list = await escrowAccessList({
      client: f.chain.publicClient,
      escrow: f.escrow,
      data,
      fiatTokens: fiatTokens(),
    });
    const hash = await f.chain.wallet(from).sendTransaction({ to: f.escrow, data });
    const receipt = await f.chain.publicClient.getTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    const { slots, accounts } = await touchedBy(f, hash, f.escrow);

    expect(list).toBeDefined();
    const [tokenEntry, implementationEntry, ...rest] = list!;
    expect(rest).toEqual([]);
    expect(tokenEntry!.address).toBe(getAddress(usdc));
    expect([...tokenEntry!.storageKeys].sort()).toEqual([...slots.get(getAddress(usdc))!].sort());
    expect(tokenEntry!.storageKeys).toContain(fiatTokenBalanceSlot(recipient));
    expect(implementationEntry).toEqual({ address: implementation, storageKeys: [] });
    // The implementation runs in the proxy's storage: it has none of its own to name.
    expect(slots.has(implementation)).toBe(false);
    expect([...accounts].filter((account) => account !== getAddress(f.escrow)).sort()).toEqual(
      [getAddress(usdc), implementation].sort(),
    );
  }

  it("reads the implementation from the proxy's ZeppelinOS slot", async () => {
    expect(implementation).not.toBe(getAddress(usdc));
    const code = await f.chain.publicClient.getCode({ address: implementation });
    expect(code?.length).toBeGreaterThan(2);
    expect(await readFiatTokenImplementation(f.chain.publicClient, f.tokens.USDT)).toBeUndefined();
  });

  it("names exactly the token slots a refund touches (escrow and payer balances, pause, proxy slots)", async () => {
    const quote = await pay(0);
    const settler = f.authorities[0]!.settler;
    await expectListMatchesTrace(settler, encodeSettlementCall("refund", quote), quote.payer);
    const list = await escrowAccessList({
      client: f.chain.publicClient,
      escrow: f.escrow,
      data: encodeSettlementCall("refund", quote),
      fiatTokens: fiatTokens(),
    });
    expect(list![0]!.storageKeys.slice(0, 3)).toEqual([
      fiatTokenStorage.implementationSlot,
      fiatTokenStorage.adminSlot,
      "0x0000000000000000000000000000000000000000000000000000000000000001",
    ]);
  });

  it("names exactly the token slots a release touches (the authority's payout)", async () => {
    const quote = await pay(1);
    const authority = f.authorities[0]!;
    await expectListMatchesTrace(authority.settler, encodeSettlementCall("release", quote), authority.payout.address);
  });

  it("names exactly the token slots a releaseEscrowMany touches", async () => {
    const quotes = [await pay(2), await pay(3), await pay(4)];
    const authority = f.authorities[0]!;
    const data = encodeFunctionData({
      abi: VisaFeeEscrowAbi,
      functionName: "releaseEscrowMany",
      args: [authority.id, usdc, quotes.map(toReleaseManyItem)],
    });
    await expectListMatchesTrace(authority.settler, data, authority.payout.address);
  });

  it("names exactly the token slots an expiry claim touches", async () => {
    const quote = await pay(5);
    await f.increaseTime(quote.decisionDeadline - (await f.now()) + 1n);
    await expectListMatchesTrace(f.accounts.relayer, encodeSettlementCall("claimExpired", quote), quote.payer);
  });

  it("gives no list for a token not known to be FiatTokenV2_2, nor for a call that is no settlement", async () => {
    const quote = await pay(6, { token: f.tokens.USDT });
    const refund = encodeSettlementCall("refund", quote);
    const client = f.chain.publicClient;
    expect(
      await escrowAccessList({ client, escrow: f.escrow, data: refund, fiatTokens: fiatTokens() }),
    ).toBeUndefined();
    // Named a FiatToken by mistake: its empty proxy slot says otherwise.
    expect(
      await escrowAccessList({ client, escrow: f.escrow, data: refund, fiatTokens: [f.tokens.USDT] }),
    ).toBeUndefined();
    const pause = encodeFunctionData({ abi: VisaFeeEscrowAbi, functionName: "setPaused", args: [true] });
    expect(await escrowAccessList({ client, escrow: f.escrow, data: pause, fiatTokens: fiatTokens() })).toBeUndefined();
  });

  it("names exactly what a relayed gasless payment touches: the token's slots with the nonce, its library, the payer", async () => {
    const payer = f.accounts.payers[7]!;
    const quote = await f.makeQuote({ payer: payer.address });
    const authorization = await f.signAuthorization(quote, payer);
    const data = encodeFunctionData({
      abi: VisaFeeEscrowAbi,
      functionName: "payWithAuthorization",
      args: [quote, await f.signQuote(quote), authorization.v, authorization.r, authorization.s],
    });
    const list = await escrowAccessList({
      client: f.chain.publicClient,
      escrow: f.escrow,
      data,
      fiatTokens: fiatTokens(),
    });
    const hash = await f.chain.wallet(f.accounts.relayer).sendTransaction({ to: f.escrow, data });
    expect((await f.chain.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    const { slots, accounts } = await touchedBy(f, hash, f.escrow);

    const libraries = await readFiatTokenLibraries(f.chain.publicClient, implementation);
    expect(libraries).toHaveLength(1);
    expect(list).toBeDefined();
    const [tokenEntry, ...others] = list!;
    expect(tokenEntry!.address).toBe(getAddress(usdc));
    expect([...tokenEntry!.storageKeys].sort()).toEqual([...slots.get(getAddress(usdc))!].sort());
    const nonce = await f.quoteDigest(quote);
    expect(tokenEntry!.storageKeys).toContain(fiatTokenAuthorizationSlot(payer.address, nonce));
    expect(others.every((entry) => entry.storageKeys.length === 0)).toBe(true);
    // Every account the payment touched but the escrow (warm as the transaction's `to`) and the
    // ecrecover precompile (always warm).
    const touched = [...accounts].filter((account) => account !== getAddress(f.escrow) && BigInt(account) > 0xffn);
    expect(list!.map((entry) => entry.address).sort()).toEqual(touched.sort());
    expect(touched).toEqual(expect.arrayContaining([implementation, libraries[0], getAddress(payer.address)]));
  });

  it("reads the implementation's code for its libraries once per client, not at every signing", async () => {
    const methods: string[] = [];
    const client = createPublicClient({
      transport: custom({
        request: (args: { method: string; params?: unknown }) => {
          methods.push(args.method);
          return f.chain.publicClient.request(args as never);
        },
      }),
    });
    const payer = f.accounts.payers[8]!;
    const listFor = async () => {
      const quote = await f.makeQuote({ payer: payer.address });
      const authorization = await f.signAuthorization(quote, payer);
      const data = encodeFunctionData({
        abi: VisaFeeEscrowAbi,
        functionName: "payWithAuthorization",
        args: [quote, await f.signQuote(quote), authorization.v, authorization.r, authorization.s],
      });
      return escrowAccessList({ client, escrow: f.escrow, data, fiatTokens: fiatTokens() });
    };
    const first = await listFor();
    const codeReads = methods.filter((method) => method === "eth_getCode").length;
    expect(codeReads).toBe(2); // the implementation, then the library found in it
    const second = await listFor();
    expect(methods.filter((method) => method === "eth_getCode").length).toBe(codeReads);
    // The same accounts; only the nonce's slot differs between the two payments.
    expect(second!.map((entry) => entry.address)).toEqual(first!.map((entry) => entry.address));
  });

  it("reads no library where the implementation's code holds none", async () => {
    expect(await readFiatTokenLibraries(f.chain.publicClient, f.tokens.USDT)).toEqual([]);
  });
});
