import { createRelayer, RelayedCallRevertedError } from "@entrada/chain";
import {
  authorityId,
  createLocalChain,
  type Deployment,
  deployDemo,
  devAccount,
  escrowDomain,
  FiatTokenV2_2,
  type LocalChain,
  quoteTypes,
  receiveWithAuthorizationTypes,
  usdcDomain,
  VisaFeeEscrow,
} from "@entrada/contracts";
import { organisations, quotes, relayerTransactions } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import {
  type Address,
  decodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  hashTypedData,
  parseSignature,
  recoverTypedDataAddress,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQuoted, createSubmitted, type QuoteJson, testApplicant } from "../testing/applicationSteps.ts";
import { createTestApp, randomAddress, type TestApp } from "../testing/createTestApp.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

/** The demo deployment on the in-process local chain, deployed once for the file. */
let localDemo: Promise<{ chain: LocalChain; deployment: Deployment }> | undefined;
function onLocalChain() {
  localDemo ??= (async () => {
    const chain = await createLocalChain();
    return { chain, deployment: await deployDemo(chain) };
  })();
  return localDemo;
}

/** The escrow's quote struct from the API's JSON, as viem takes it. */
function escrowQuote(quote: QuoteJson) {
  const q = quote.escrowQuote;
  return {
    applicationId: q.applicationId as Hex,
    authorityId: q.authorityId as Hex,
    token: getAddress(q.token!),
    payer: getAddress(q.payer!),
    amount: BigInt(q.amount!),
    platformFee: BigInt(q.platformFee!),
    decisionDeadline: BigInt(q.decisionDeadline!),
    expiresAt: BigInt(q.expiresAt!),
  };
}

describe.each(createTestDatabases())("quote and payment routes on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db, readPermitNonce: async () => 7n });
    ana = await signIn(t.app);
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const inject = (method: "GET" | "POST", url: string, user: TestUser, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload }) });

  describe("POST /applications/:id/quote", () => {
    test("prices the fee from fresh rates, signs it for the escrow, and awaits payment", async () => {
      const { application, quote } = await createQuoted(t.app, ana);
      const now = Math.floor(t.clock().getTime() / 1000);
      expect(quote).toMatchObject({
        applicationId: application.id,
        status: "open",
        token: "USDC",
        tokenAddress: t.deployment.tokens.USDC.toLowerCase(),
        payer: ana.account.address.toLowerCase(),
        // GBP 16 at GBP/USD 1.27 and USDC/USD 0.9999, rounded up; 10 bps on top.
        visaFee: { amount: "1600", currency: "GBP", formatted: "16.00" },
        tokenAmount: { amount: "20322033", currency: "USDC", formatted: "20.322033" },
        platformFee: { amount: "20322", currency: "USDC" },
        total: { amount: "20342355", currency: "USDC", formatted: "20.342355" },
        platformFeeBps: 10,
        expiresAt: new Date((now + 900) * 1000).toISOString(),
        // The product's longest processing time (72 h) after the quote's expiry.
        decisionDeadline: new Date((now + 900 + 72 * 3600) * 1000).toISOString(),
      });
      expect(quote.rates).toEqual([
        expect.objectContaining({ pair: "GBP/USD", answer: "127000000", source: "test-feeds" }),
        expect.objectContaining({ pair: "USDC/USD", answer: "99990000" }),
      ]);
      expect(quote.escrowQuote).toEqual({
        applicationId: application.onchainId,
        authorityId: authorityId("gb-eta"),
        token: t.deployment.tokens.USDC.toLowerCase(),
        payer: ana.account.address.toLowerCase(),
        amount: "20342355",
        platformFee: "20322",
        decisionDeadline: String(now + 900 + 72 * 3600),
        expiresAt: String(now + 900),
      });
      // The escrow accepts it: the quote signer signed exactly this struct in the escrow's domain.
      const typedData = {
        domain: escrowDomain(31337, t.deployment.escrow),
        types: quoteTypes,
        primaryType: "Quote",
        message: escrowQuote(quote),
      } as const;
      expect(quote.digest).toBe(hashTypedData(typedData));
      expect(await recoverTypedDataAddress({ ...typedData, signature: quote.signature })).toBe(devAccount(1).address);

      const view = (await inject("GET", `/api/v1/applications/${application.id}`, ana)).json();
      expect(view).toMatchObject({ state: "payment_pending", quote: { id: quote.id } });
    });

    test("a new quote supersedes the open one; USDT and another payer are possible", async () => {
      const { application, quote: first } = await createQuoted(t.app, ana);
      const payer = randomAddress();
      const response = await inject("POST", `/api/v1/applications/${application.id}/quote`, ana, {
        token: "USDT",
        payer,
      });
      expect(response.statusCode).toBe(201);
      const second = response.json();
      expect(second).toMatchObject({
        token: "USDT",
        payer: payer.toLowerCase(),
        tokenAddress: t.deployment.tokens.USDT.toLowerCase(),
      });
      const rows = await database.db.select().from(quotes).where(eq(quotes.applicationId, application.id));
      expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
        [first.id]: "superseded",
        [second.id]: "open",
      });
    });

    test("the same terms asked for again within the second are the same quote", async () => {
      const { application, quote } = await createQuoted(t.app, ana);
      const again = await inject("POST", `/api/v1/applications/${application.id}/quote`, ana, { token: "USDC" });
      expect(again.statusCode, again.body).toBe(201);
      expect(again.json()).toMatchObject({ id: quote.id, digest: quote.digest, status: "open" });
    });

    test("never quotes on stale prices, and leaves the application as it was", async () => {
      const application = await createSubmitted(t.app, ana);
      const fresh = await t.prices.latest("GBP/USD");
      t.prices.set("GBP/USD", { ...fresh!, updatedAt: fresh!.updatedAt - 100_000 });
      try {
        const response = await inject("POST", `/api/v1/applications/${application.id}/quote`, ana, { token: "USDC" });
        expect(response.statusCode).toBe(503);
        expect(response.json().error).toMatchObject({ code: "ENTRADA_RATE_STALE", details: { pair: "GBP/USD" } });
      } finally {
        t.prices.set("GBP/USD", fresh!);
      }
      expect((await inject("GET", `/api/v1/applications/${application.id}`, ana)).json().state).toBe("submitted");
    });

    test("refuses drafts, other tokens, other people's applications", async () => {
      const draft = (
        await inject("POST", "/api/v1/applications", ana, { productId: "gb-eta", applicant: testApplicant })
      ).json();
      const early = await inject("POST", `/api/v1/applications/${draft.id}/quote`, ana, { token: "USDC" });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe("ENTRADA_ILLEGAL_TRANSITION");
      const application = await createSubmitted(t.app, ana);
      const dai = await inject("POST", `/api/v1/applications/${application.id}/quote`, ana, { token: "DAI" });
      expect(dai.statusCode).toBe(400);
      const badPayer = await inject("POST", `/api/v1/applications/${application.id}/quote`, ana, {
        token: "USDC",
        payer: "0x1234",
      });
      expect(badPayer.statusCode).toBe(400);
      const ben = await signIn(t.app);
      expect(
        (await inject("POST", `/api/v1/applications/${application.id}/quote`, ben, { token: "USDC" })).statusCode,
      ).toBe(404);
    });

    test("an organisation's system (API key) must name the payer", async () => {
      const [organisation] = await database.db.insert(organisations).values({ name: "Globex" }).returning();
      const admin = await signIn(t.app);
      await grantRole(database.db, admin.id, "org_admin", { organisationId: organisation!.id });
      const created = await inject("POST", "/api/v1/api-keys", admin, {
        name: "HR system",
        organisationId: organisation!.id,
      });
      expect(created.statusCode, created.body).toBe(201);
      const key = {
        id: admin.id,
        account: admin.account,
        cookie: "",
        headers: { authorization: `Bearer ${created.json().key}` },
      };
      const draft = await inject("POST", "/api/v1/applications", key, {
        productId: "gb-eta",
        organisationId: organisation!.id,
        applicant: testApplicant,
        answers: { email: "e@globex.example", home_address: "Globex HQ", occupation: "Clerk", criminal_record: "none" },
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const id = draft.json().id;
      expect((await inject("POST", `/api/v1/applications/${id}/submit`, key)).json().state).toBe("submitted");
      const noPayer = await inject("POST", `/api/v1/applications/${id}/quote`, key, { token: "USDC" });
      expect(noPayer.statusCode).toBe(422);
      expect(noPayer.json().error.code).toBe("ENTRADA_PAYER_REQUIRED");
      const quoted = await inject("POST", `/api/v1/applications/${id}/quote`, key, {
        token: "USDC",
        payer: randomAddress(),
      });
      expect(quoted.statusCode).toBe(201);
      const history = (await inject("GET", `/api/v1/applications/${id}/history`, admin)).json();
      expect(history.items.map((item: { actorRole: string }) => item.actorRole)).toEqual([
        "api_key",
        "api_key",
        "api_key",
      ]);
    });
  });

  describe("GET /applications/:id/payment", () => {
    test("gives calldata for pay, the permit to sign, and the gasless authorization", async () => {
      const { application, quote } = await createQuoted(t.app, ana);
      const response = await inject("GET", `/api/v1/applications/${application.id}/payment`, ana);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      const struct = escrowQuote(quote);
      const compact = body.quoteSignature;
      expect(body).toMatchObject({ chainId: 31337, escrow: t.deployment.escrow, quote: { id: quote.id } });

      expect(body.pay.approve.to).toBe(t.deployment.tokens.USDC);
      expect(decodeFunctionData({ abi: erc20Abi, data: body.pay.approve.data }).args).toEqual([
        t.deployment.escrow,
        struct.amount,
      ]);
      expect(body.pay.approveResetRequired).toBe(false);
      const pay = decodeFunctionData({ abi: VisaFeeEscrow.abi, data: body.pay.pay.data });
      expect(pay.functionName).toBe("pay");
      expect(pay.args).toEqual([struct, compact]);

      expect(body.permit).toEqual({
        typedData: {
          domain: { name: "USD Coin", version: "2", chainId: 31337, verifyingContract: t.deployment.tokens.USDC },
          types: { Permit: expect.any(Array) },
          primaryType: "Permit",
          message: {
            owner: ana.account.address,
            spender: t.deployment.escrow,
            value: struct.amount.toString(),
            nonce: "7",
            deadline: struct.expiresAt.toString(),
          },
        },
        permitDeadline: struct.expiresAt.toString(),
        to: t.deployment.escrow,
        functionName: "payWithPermit",
      });
      expect(body.authorization.typedData.message).toEqual({
        from: ana.account.address,
        to: t.deployment.escrow,
        value: struct.amount.toString(),
        validAfter: "0",
        validBefore: struct.expiresAt.toString(),
        nonce: quote.digest,
      });
      expect(body.authorization.submitTo).toBe(`/api/v1/applications/${application.id}/payment/authorization`);
    });

    test("USDT has neither permit nor authorization, and needs its allowance reset", async () => {
      const { application } = await createQuoted(t.app, ana, "USDT");
      const body = (await inject("GET", `/api/v1/applications/${application.id}/payment`, ana)).json();
      expect(body).toMatchObject({ permit: null, authorization: null, pay: { approveResetRequired: true } });
    });

    test("an expired quote cannot be paid", async () => {
      const { application } = await createQuoted(t.app, ana);
      t.clock.advance(900);
      try {
        const response = await inject("GET", `/api/v1/applications/${application.id}/payment`, ana);
        expect(response.statusCode).toBe(409);
        expect(response.json().error.code).toBe("ENTRADA_QUOTE_EXPIRED");
      } finally {
        t.clock.advance(-900);
      }
    });

    test("an application without a quote has nothing to pay", async () => {
      const application = await createSubmitted(t.app, ana);
      const response = await inject("GET", `/api/v1/applications/${application.id}/payment`, ana);
      expect(response.statusCode).toBe(409);
    });
  });

  describe("POST /applications/:id/payment/authorization", () => {
    async function authorize(quote: QuoteJson, signer = ana.account) {
      const struct = escrowQuote(quote);
      return signer.signTypedData({
        domain: usdcDomain(31337, struct.token),
        types: receiveWithAuthorizationTypes,
        primaryType: "ReceiveWithAuthorization",
        message: {
          from: struct.payer,
          to: t.deployment.escrow,
          value: struct.amount,
          validAfter: 0n,
          validBefore: struct.expiresAt,
          nonce: quote.digest,
        },
      });
    }

    test("relays payWithAuthorization once per quote, keyed by its digest", async () => {
      const { application, quote } = await createQuoted(t.app, ana);
      const signature = await authorize(quote);
      const url = `/api/v1/applications/${application.id}/payment/authorization`;
      const before = t.relayers.payments.sent.length;
      const response = await inject("POST", url, ana, { signature });
      expect(response.statusCode, response.body).toBe(202);
      expect(response.json()).toMatchObject({
        txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
        status: "pending",
        quoteId: quote.id,
      });
      const sent = t.relayers.payments.sent.at(-1)!;
      expect(sent.key).toBe(quote.digest);
      expect(sent.to).toBe(t.deployment.escrow);
      const call = decodeFunctionData({ abi: VisaFeeEscrow.abi, data: sent.data });
      const { v, r, s } = parseSignature(signature);
      expect(call.functionName).toBe("payWithAuthorization");
      expect(call.args).toEqual([escrowQuote(quote), expect.any(Object), Number(v), r, s]);

      const { v: splitV, r: splitR, s: splitS } = parseSignature(signature);
      const again = await inject("POST", url, ana, { v: Number(splitV), r: splitR, s: splitS });
      expect(again.json().txHash).toBe(response.json().txHash);
      expect(t.relayers.payments.sent.length).toBe(before + 1);
    });

    test("refuses a signature by anyone but the quote's payer, before any gas is spent", async () => {
      const { application, quote } = await createQuoted(t.app, ana);
      const before = t.relayers.payments.sent.length;
      const other = privateKeyToAccount(generatePrivateKey());
      const url = `/api/v1/applications/${application.id}/payment/authorization`;
      const forged = await inject("POST", url, ana, { signature: await authorize(quote, other) });
      expect(forged.statusCode).toBe(422);
      expect(forged.json().error).toMatchObject({
        code: "ENTRADA_AUTHORIZATION_INVALID",
        details: { reason: "signer" },
      });
      const garbage = await inject("POST", url, ana, { signature: `0x${"00".repeat(64)}1b` });
      expect(garbage.json().error).toMatchObject({
        code: "ENTRADA_AUTHORIZATION_INVALID",
        details: { reason: "malformed" },
      });
      expect((await inject("POST", url, ana, { v: 29, r: quote.digest, s: quote.digest })).statusCode).toBe(400);
      expect(t.relayers.payments.sent.length).toBe(before);
    });

    test("an expired quote is refused before anything is sent", async () => {
      const { application, quote } = await createQuoted(t.app, ana);
      const signature = await authorize(quote);
      const before = t.relayers.payments.sent.length;
      t.clock.advance(900);
      try {
        const response = await inject("POST", `/api/v1/applications/${application.id}/payment/authorization`, ana, {
          signature,
        });
        expect(response.statusCode).toBe(409);
        expect(response.json().error).toMatchObject({
          code: "ENTRADA_QUOTE_EXPIRED",
          details: { expiresAt: Number(quote.escrowQuote.expiresAt), now: Number(quote.escrowQuote.expiresAt) },
        });
      } finally {
        t.clock.advance(-900);
      }
      expect(t.relayers.payments.sent.length).toBe(before);
    });

    test("USDT quotes cannot be paid gaslessly; a failing relayer is a 502", async () => {
      const { application: usdt, quote: usdtQuote } = await createQuoted(t.app, ana, "USDT");
      const refused = await inject("POST", `/api/v1/applications/${usdt.id}/payment/authorization`, ana, {
        signature: await authorize(usdtQuote),
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe("ENTRADA_PAYMENT_METHOD_UNSUPPORTED");

      const { application, quote } = await createQuoted(t.app, ana);
      t.relayers.payments.failNext();
      const failed = await inject("POST", `/api/v1/applications/${application.id}/payment/authorization`, ana, {
        signature: await authorize(quote),
      });
      expect(failed.statusCode).toBe(502);
      expect(failed.json().error).toEqual({
        code: "ENTRADA_RELAYER_FAILED",
        message: "The transaction could not be submitted; retry shortly.",
        details: { key: quote.digest },
      });

      // A coded relayer error reaches the client as it is: a call that would revert is not "retry shortly".
      t.relayers.payments.failNext(
        new RelayedCallRevertedError({
          key: quote.digest,
          errorName: "EscrowQuoteExpired",
          args: [],
          error: "EscrowQuoteExpired()",
        }),
      );
      const reverted = await inject("POST", `/api/v1/applications/${application.id}/payment/authorization`, ana, {
        signature: await authorize(quote),
      });
      expect(reverted.statusCode).toBe(422);
      expect(reverted.json().error.code).toBe("ENTRADA_RELAYED_CALL_REVERTED");
    });
  });
});

describe.each(createTestDatabases())(
  "gasless payments against the payer's balance on the local chain on $name",
  ({ open }) => {
    let database: TestDatabase;
    let t: TestApp;
    let chain: LocalChain;
    let deployment: Deployment;

    beforeAll(async () => {
      database = await open();
      ({ chain, deployment } = await onLocalChain());
      const balanceOf = (token: Address, owner: Address) =>
        chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
      // The real relayer (development account 3, the escrow's relayer), so the payment happens on chain.
      const relayer = createRelayer({
        db: database.db,
        client: chain.publicClient,
        account: devAccount(3),
        chainId: 31337,
        bumpAfterMs: 30_000,
      });
      t = await createTestApp({
        db: database.db,
        deployment: { chainId: 31337, escrow: deployment.escrow, tokens: deployment.tokens },
        relayers: { payments: relayer, settlers: {} },
        readTokenBalance: balanceOf,
      });
    });
    afterAll(async () => {
      await t.app.close();
      await database.close();
    });

    async function mintUsdc(to: Address, amount: bigint) {
      const hash = await chain.wallet(devAccount(0)).writeContract({
        address: deployment.tokens.USDC,
        abi: FiatTokenV2_2.abi,
        functionName: "mint",
        args: [to, amount],
      });
      await chain.publicClient.waitForTransactionReceipt({ hash });
    }

    test("a payer short of the total is refused before the relayer is asked; once funded the payment goes through", async () => {
      const ana = await signIn(t.app);
      const { application, quote } = await createQuoted(t.app, ana);
      const struct = escrowQuote(quote);
      const signature = await ana.account.signTypedData({
        domain: usdcDomain(31337, struct.token),
        types: receiveWithAuthorizationTypes,
        primaryType: "ReceiveWithAuthorization",
        message: {
          from: struct.payer,
          to: deployment.escrow,
          value: struct.amount,
          validAfter: 0n,
          validBefore: struct.expiresAt,
          nonce: quote.digest,
        },
      });
      const post = () =>
        t.app.inject({
          method: "POST",
          url: `/api/v1/applications/${application.id}/payment/authorization`,
          headers: ana.headers,
          payload: { signature },
        });
      const sentForQuote = () =>
        database.db.select().from(relayerTransactions).where(eq(relayerTransactions.key, quote.digest));

      const empty = await post();
      expect(empty.statusCode).toBe(402);
      expect(empty.json().error).toEqual({
        code: "ENTRADA_INSUFFICIENT_BALANCE",
        message: "The payer's wallet holds too little USDC for this quote; top it up and try again.",
        details: { token: "USDC", balance: "0", needed: quote.escrowQuote.amount },
      });
      await mintUsdc(ana.account.address, struct.amount - 1n);
      const short = await post();
      expect(short.statusCode).toBe(402);
      expect(short.json().error.details).toEqual({
        token: "USDC",
        balance: (struct.amount - 1n).toString(),
        needed: struct.amount.toString(),
      });
      expect(await sentForQuote()).toEqual([]);

      await mintUsdc(ana.account.address, 1n);
      const paid = await post();
      expect(paid.statusCode, paid.body).toBe(202);
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: paid.json().txHash });
      expect(receipt.status).toBe("success");
      const balance = await chain.publicClient.readContract({
        address: deployment.tokens.USDC,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [ana.account.address],
      });
      expect(balance).toBe(0n);

      // The balance is spent on this very payment: a retry gets the transaction sent, not a 402.
      const again = await post();
      expect(again.statusCode, again.body).toBe(202);
      expect(again.json().txHash).toBe(paid.json().txHash);
      expect(await sentForQuote()).toHaveLength(1);
    });
  },
);
