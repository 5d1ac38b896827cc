import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalChain, type Deployment, type LocalChain } from "@entrada/contracts";
import { applicationReferencePattern, statesAfterPayment } from "@entrada/core";
import { applicationEvents, applications, notifications, quotes, users } from "@entrada/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import pino from "pino";
import { erc20Abi, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkEscrowHolds } from "../chain/checkEscrowHolds.ts";
import { loadConfig } from "../config.ts";
import { openEventStream } from "../messaging/testing/openEventStream.ts";
import { chainResetReason } from "./reconcileLostChain.ts";
import { type Entrada, startEntrada } from "./startEntrada.ts";
import { createFollowingClock } from "./testing/createFollowingClock.ts";
import { createHttpClient, devLogin, type SignedInUser, signInWithWallet } from "./testing/createHttpClient.ts";
import { applyForUkEta, payGaslessly, postAuthorization, type QuoteJson, quoteInUsdc } from "./testing/payGaslessly.ts";
import { waitFor } from "./testing/waitFor.ts";

// The crash of issue 9, replayed in one process: `npm start` on the embedded chain with a paid
// application and a second one waiting for its payment, stopped without any clean-up of the
// database, then started again on the same data folder. The embedded chain lives in memory: a new
// process starts it empty and deploys the demo at the same addresses, which `hardhat_reset` does here.
describe("a restart on the embedded chain, which starts empty", () => {
  const logger = pino({ level: "silent" });
  const clock = createFollowingClock();
  const account = privateKeyToAccount(generatePrivateKey());
  let dataDir: string;
  let chain: LocalChain;
  let entrada: Entrada | undefined;
  let before: Deployment;
  let traveller: SignedInUser;
  const paid: { id: string; quote: QuoteJson; signature: Hex } = {} as never;
  const pending: { id: string; quote: QuoteJson } = {} as never;

  const start = async () => {
    const started = await startEntrada({
      config: loadConfig({
        NODE_ENV: "development",
        HOST: "127.0.0.1",
        PORT: "0",
        ENTRADA_DATA_DIR: dataDir,
        CHAIN_RPC_URL: "http://127.0.0.1:0",
        ENTRADA_EMBEDDED_CHAIN: "true",
        CHAIN_CONFIRMATIONS: "1",
        RATE_LIMIT_MAX: "100000",
      }),
      logger,
      clock,
      intervals: { indexer: 50, relayer: 200, webhooks: 200, expiry: 60_000 },
    });
    clock.catchUp(new Date(Number((await chain.publicClient.getBlock()).timestamp) * 1000));
    return started;
  };
  const usdcOf = (owner: Hex) =>
    chain.publicClient.readContract({
      address: before.tokens.USDC,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });
  const stateOf = async (client: SignedInUser["client"], id: string) =>
    (await client.get<{ state: string }>(`/api/v1/applications/${id}`)).body.state;
  const waitForState = (client: SignedInUser["client"], id: string, state: string) =>
    waitFor(async () => (await stateOf(client, id)) === state, { what: `${id} to be ${state}` });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "entrada-crash-"));
    chain = await createLocalChain();
    entrada = await start();
    before = entrada.deployment;

    // A wallet of the traveller's own (not a demo wallet), funded by the faucet, in Chinese.
    traveller = await signInWithWallet(entrada.url, account);
    await entrada.database.db
      .update(users)
      .set({ email: "lin@example.org", locale: "zh" })
      .where(eq(users.id, traveller.id));
    expect((await traveller.client.post("/api/v1/dev/faucet", { address: account.address })).status).toBe(200);

    paid.id = await applyForUkEta(traveller.client);
    paid.quote = await quoteInUsdc(traveller.client, paid.id);
    const payment = await payGaslessly(traveller.client, account, paid.id);
    expect(payment.response.status, payment.response.text).toBe(202);
    paid.signature = payment.signature;
    await waitForState(traveller.client, paid.id, "paid");
    pending.id = await applyForUkEta(traveller.client);
    pending.quote = await quoteInUsdc(traveller.client, pending.id);
    expect(await stateOf(traveller.client, pending.id)).toBe("payment_pending");
    expect(await usdcOf(before.escrow)).toBe(BigInt(paid.quote.total.amount));

    // Stopped with everything in the database as it was; the chain goes with the process.
    await entrada.close();
    entrada = undefined;
    await chain.provider.request({ method: "hardhat_reset", params: [] } as never);
    entrada = await start();
    traveller = { ...traveller, client: createHttpClient(entrada.url, { cookie: traveller.cookie }) };
  }, 240_000);

  afterAll(async () => {
    await entrada?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test("the chain came back empty, at the same addresses", async () => {
    expect(entrada!.deployment.escrow).toBe(before.escrow);
    expect(await usdcOf(before.escrow)).toBe(0n);
    expect(await usdcOf(account.address)).toBe(0n);
  });

  test("both applications are back to submitted, their quotes void, in the audit trail", async () => {
    const db = entrada!.database.db;
    for (const [{ id, quote }, from] of [
      [paid, "paid"],
      [pending, "payment_pending"],
    ] as const) {
      expect(await stateOf(traveller.client, id)).toBe("submitted");
      const [row] = await db.select().from(quotes).where(eq(quotes.id, quote.id));
      expect({ status: row?.status, voidReason: row?.voidReason }).toEqual({
        status: "void",
        voidReason: chainResetReason,
      });
      const trail = await db
        .select()
        .from(applicationEvents)
        .where(eq(applicationEvents.applicationId, id))
        .orderBy(asc(applicationEvents.id));
      expect(trail.at(-1)).toMatchObject({
        fromState: from,
        toState: "submitted",
        event: "chain_reset",
        actorRole: "system",
        reason: chainResetReason,
      });
    }
    // Never paid over an empty escrow: nothing the database counts as paid.
    const counted = await db
      .select()
      .from(applications)
      .where(and(eq(applications.userId, traveller.id), inArray(applications.state, [...statesAfterPayment])));
    expect(counted).toEqual([]);
  });

  test("the traveller is told, live and by e-mail in Chinese", async () => {
    const stream = await openEventStream(`${entrada!.url}/api/v1/events/stream`, {
      cookie: traveller.cookie,
      "last-event-id": "0",
    });
    try {
      await waitFor(
        () =>
          Promise.resolve(
            stream.received.filter((event) => event.data?.includes('"event":"chain_reset"')).length === 2,
          ),
        { what: "two chain_reset events on the stream" },
      );
    } finally {
      stream.close();
    }
    // The e-mail names each application by its short reference, as the traveller's pages do.
    const referenceOf = async (id: string) =>
      (await traveller.client.get<{ reference: string }>(`/api/v1/applications/${id}`)).body.reference;
    const references = await Promise.all([paid.id, pending.id].map(referenceOf));
    for (const reference of references) expect(reference).toMatch(applicationReferencePattern);
    const mails = await waitFor(
      async () => {
        const rows = await entrada!.database.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, traveller.id), eq(notifications.template, "chain_reset")));
        return rows.length === 2 && rows.every((row) => row.status === "sent") && rows;
      },
      { what: "the two e-mails to be sent" },
    );
    expect(
      mails
        .map((mail) => ({ locale: mail.locale, subject: mail.subject }))
        .sort((a, b) => a.subject!.localeCompare(b.subject!)),
    ).toEqual(
      references
        .map((reference) => ({ locale: "zh", subject: `申请 ${reference}：请重新付款` }))
        .sort((a, b) => a.subject.localeCompare(b.subject)),
    );
  });

  test("an officer cannot approve what is no longer paid, and is answered without a 5xx", async () => {
    const officer = await devLogin(entrada!.url, { role: "officer", authorityId: "gb-eta" });
    const approve = await officer.client.post(`/api/v1/officer/applications/${paid.id}/approve`, {});
    // From submitted back, the authority no longer sees the application at all.
    expect([404, 409]).toContain(approve.status);
    expect(await stateOf(traveller.client, paid.id)).toBe("submitted");
  });

  test("the old authorization is refused; a new quote is paid and the escrow holds exactly it", async () => {
    const again = await postAuthorization(traveller.client, paid.id, paid.signature);
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);

    expect((await traveller.client.post("/api/v1/dev/faucet", { address: account.address })).status).toBe(200);
    let total = 0n;
    for (const { id } of [paid, pending]) {
      const quote = await quoteInUsdc(traveller.client, id);
      const { response } = await payGaslessly(traveller.client, account, id);
      expect(response.status, response.text).toBe(202);
      await waitForState(traveller.client, id, "paid");
      const holding = await checkEscrowHolds({
        client: chain.publicClient,
        escrow: before.escrow,
        applicationId: quote.escrowQuote.applicationId as Hex,
        digest: quote.digest,
      });
      expect(holding).toMatchObject({ holds: true, status: "open" });
      total += BigInt(quote.total.amount);
    }
    expect(await usdcOf(before.escrow)).toBe(total);
  });
});
