import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalChain, demoAccounts, devAccount, type LocalChain, VisaFeeEscrow } from "@entrada/contracts";
import {
  applicationEvents,
  applications,
  type Locale,
  notifications,
  outbox,
  payments,
  quotes,
  relayerTransactions,
  webhookDeliveries,
} from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { sealFromBase64url, trustedKeysFromIssuerMetadata, verifyVisaSeal } from "@entrada/verify";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import pino from "pino";
import { type Address, erc20Abi, type HDAccount, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../config.ts";
import { type EventStream, openEventStream } from "../messaging/testing/openEventStream.ts";
import { authorityVisibleStates } from "../policy.ts";
import { testAnswers, testApplicant } from "../testing/applicationSteps.ts";
import { type Entrada, startEntrada } from "./startEntrada.ts";
import { createFollowingClock, type FollowingClock } from "./testing/createFollowingClock.ts";
import { createHttpClient, devLogin, type SignedInUser, signInWithWallet } from "./testing/createHttpClient.ts";
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from "./testing/startWebhookReceiver.ts";
import { waitFor } from "./testing/waitFor.ts";

// The whole loop through the real runtime: one process runs the embedded chain, the database, the
// API, the live stream, the outbox worker, the indexer, the relayers and the expiry job, and the test
// talks to it only as travellers, an officer and an authority's webhook receiver do — over HTTP —
// then checks what each of them, the chain and the database ended up with.

type Money = { amount: string; currency: string; formatted: string };
type QuoteJson = {
  id: string;
  status: string;
  payer: string;
  tokenAddress: string;
  visaFee: Money;
  tokenAmount: Money;
  platformFee: Money;
  total: Money;
  digest: Hex;
  decisionDeadline: string;
  escrowQuote: Record<"amount" | "platformFee" | "decisionDeadline" | "expiresAt", string>;
};
type ApplicationJson = {
  id: string;
  /** The short reference the e-mails name (`ENT-7K3Q-9XPA`). */
  reference: string;
  onchainId: Hex;
  state: string;
  decisionDeadline: string | null;
};
type TypedDataJson = {
  domain: { name: string; version: string; chainId: number; verifyingContract: Address };
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, string>;
};

/**
 * A demo traveller: a funded demo wallet signed in over HTTP, with their live stream opening (the
 * stream's response arrives at once: see the test at the end).
 */
type Traveller = SignedInUser & { account: HDAccount; email: string; locale: Locale; stream: Promise<EventStream> };

/** An application paid gaslessly, and the balances before it was. */
type Paid = {
  application: ApplicationJson;
  quote: QuoteJson;
  payTx: Hex;
  total: bigint;
  platformFee: bigint;
  before: { travellerUsdc: bigint; travellerEth: bigint; payoutUsdc: bigint; feesAccrued: bigint; escrowUsdc: bigint };
};

const gbEtaPayout = devAccount(demoAccounts.authority(2).payout).address;
const publicUrl = "http://localhost:5173";

/** The application's short reference in messages. */

/** A state change or another event, as one readable line. */
function describeEvent(topic: string, data: Record<string, unknown>): string {
  if (topic !== "application.state_changed") return topic;
  return `${data.from ?? "—"} → ${data.to} (${data.event}, ${data.actorRole})`;
}

/** What the policy lets an authority's officer see of an event (`canSeeEvent`): from payment on. */
function visibleToAuthority(topic: string, data: Record<string, unknown>): boolean {
  if (topic.startsWith("payment.")) return true;
  if (topic !== "application.state_changed") return false;
  const visible = authorityVisibleStates as readonly unknown[];
  return visible.includes(data.to) || visible.includes(data.from);
}

/** What every outcome begins with, up to the payment the indexer saw. */
const paidTrail = [
  "— → draft (create, traveller)",
  "draft → submitted (submit, traveller)",
  "submitted → payment_pending (start_payment, traveller)",
  "payment.confirmed",
  "payment_pending → paid (confirm_payment, indexer)",
];

describe.each(createTestDatabases().map((engine, index) => ({ ...engine, index })))(
  "the whole loop through the runtime on $name",
  ({ name, open, index }) => {
    let dataDir: string;
    let testDatabase: TestDatabase | undefined;
    let chain: LocalChain;
    let clock: FollowingClock;
    let receiver: WebhookReceiver;
    let entrada: Entrada;
    let officer: SignedInUser;
    let endpoint: { id: string; url: string; events: string[]; secret: string };
    const travellers: Traveller[] = [];

    /** Puts the server's clock at the chain's latest block, so quotes and deadlines agree with the chain. */
    async function catchUpWithChain(): Promise<void> {
      const block = await chain.publicClient.getBlock({ blockTag: "latest" });
      clock.catchUp(new Date(Number(block.timestamp) * 1000));
    }

    /**
     * Mines an empty block, to apply a jump in time. Transactions need none: the chain automines, and
     * with `CHAIN_CONFIRMATIONS=1` the block that holds a log is its one confirmation.
     */
    async function mineBlock(): Promise<void> {
      await chain.testClient.mine({ blocks: 1 });
    }

    const usdcOf = (owner: Address) =>
      chain.publicClient.readContract({
        address: entrada.deployment.tokens.USDC,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [owner],
      });
    const feesAccrued = () =>
      chain.publicClient.readContract({
        address: entrada.deployment.escrow,
        abi: VisaFeeEscrow.abi,
        functionName: "feesAccrued",
        args: [entrada.deployment.tokens.USDC],
      });

    /** Every unit back where it was before the payment: with the traveller, none to the authority or treasury. */
    async function expectAllRefunded(traveller: Traveller, paid: Paid): Promise<void> {
      expect(await usdcOf(traveller.account.address)).toBe(paid.before.travellerUsdc);
      expect(await usdcOf(gbEtaPayout)).toBe(paid.before.payoutUsdc);
      expect(await feesAccrued()).toBe(paid.before.feesAccrued);
      expect(await usdcOf(entrada.deployment.escrow)).toBe(paid.before.escrowUsdc);
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "entrada-runtime-"));
      if (name === "postgres") testDatabase = await open({ migrate: false });
      chain = await createLocalChain();
      clock = createFollowingClock();
      await catchUpWithChain();
      receiver = await startWebhookReceiver({ now: clock });
      entrada = await startEntrada({
        config: loadConfig({
          NODE_ENV: "development",
          HOST: "127.0.0.1",
          PORT: "0",
          ENTRADA_DATA_DIR: dataDir,
          ENTRADA_PUBLIC_URL: publicUrl,
          DATABASE_URL: testDatabase?.url,
          // Port 0: the embedded chain's JSON-RPC server takes a free port.
          CHAIN_RPC_URL: "http://127.0.0.1:0",
          CHAIN_CONFIRMATIONS: "1",
          RATE_LIMIT_MAX: "100000",
        }),
        embeddedChain: true,
        intervals: { indexer: 50, relayer: 200, webhooks: 100, expiry: 200 },
        logger: pino({ level: "silent" }),
        clock,
      });
      // Deploying mined a block per transaction, faster than one a second: the chain runs ahead.
      await catchUpWithChain();

      // Three travellers, one per outcome, in their language (two in Chinese: one paid and approved,
      // one refunded). Signed in with a wallet, each has no e-mail address until they verify one as
      // the profile page does: the code arrives in the mailbox, in their language.
      const locales: Locale[] = ["zh", "zh", "es"];
      for (const [k, locale] of locales.entries()) {
        const account = devAccount(demoAccounts.firstWallet + index * locales.length + k);
        const user = await signInWithWallet(entrada.url, account);
        const email = `traveller-${k}@example.org`;
        expect((await user.client.request("PATCH", "/api/v1/me/profile", { locale })).status).toBe(200);
        expect((await user.client.post("/api/v1/me/email/verification", { email })).status).toBe(200);
        const mailbox = await createHttpClient(entrada.url).get<{ items: { to: string; subject: string }[] }>(
          "/api/v1/dev/mailbox",
        );
        const codeMail = mailbox.body.items.find((item) => item.to === email)!;
        expect(codeMail.subject).toMatch(
          locale === "zh" ? /^您的 Entrada 验证码：\d{6}$/ : /^Su código de Entrada: \d{6}$/,
        );
        const confirmed = await user.client.post<{ email: string }>("/api/v1/me/email/verification/confirm", {
          email,
          code: codeMail.subject.slice(-6),
        });
        expect(confirmed.body.email).toBe(email);
        // `Last-Event-ID: 0` replays from the first event whatever the moment the hub registers the
        // stream, which the client cannot tell while the response has not begun.
        const stream = openEventStream(`${entrada.url}/api/v1/events/stream`, {
          cookie: user.cookie,
          "last-event-id": "0",
        });
        travellers.push({ ...user, account, email, locale, stream });
      }

      officer = await devLogin(entrada.url, { role: "officer", authorityId: "gb-eta" });
      const registered = await officer.client.post<typeof endpoint>("/api/v1/webhook-endpoints", { url: receiver.url });
      expect(registered.status, registered.text).toBe(201);
      endpoint = registered.body;
      expect(endpoint).toEqual({ id: expect.any(String), url: receiver.url, events: [], secret: expect.any(String) });
      receiver.setSecret(endpoint.secret);
    });

    afterAll(async () => {
      for (const traveller of travellers) void traveller.stream.then((stream) => stream.close()).catch(() => {});
      await entrada?.close();
      await receiver?.close();
      await testDatabase?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    const stateOf = async (traveller: Traveller, id: string) =>
      (await traveller.client.get<ApplicationJson>(`/api/v1/applications/${id}`)).body.state;

    const waitForState = (traveller: Traveller, id: string, state: string) =>
      waitFor(async () => (await stateOf(traveller, id)) === state, { what: `application ${id} to be ${state}` });

    /**
     * Applies for the UK ETA (GBP 16), quotes in USDC and pays without gas: the traveller signs the
     * EIP-3009 authorization the API hands out and the API's relayer sends it. Returns once the
     * indexer has seen the payment (`paid`).
     */
    async function applyAndPayGasless(traveller: Traveller): Promise<Paid> {
      const { client } = traveller;
      const created = await client.post<ApplicationJson>("/api/v1/applications", {
        productId: "gb-eta",
        applicant: testApplicant,
        answers: { ...testAnswers, email: traveller.email },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body.state).toBe("draft");
      const id = created.body.id;
      const submitted = await client.post<ApplicationJson>(`/api/v1/applications/${id}/submit`);
      expect(submitted.status, submitted.text).toBe(200);
      expect(submitted.body.state).toBe("submitted");

      const quoted = await client.post<QuoteJson>(`/api/v1/applications/${id}/quote`, { token: "USDC" });
      expect(quoted.status, quoted.text).toBe(201);
      const quote = quoted.body;
      const total = BigInt(quote.total.amount);
      const platformFee = BigInt(quote.platformFee.amount);
      expect(quote.visaFee).toEqual({ amount: "1600", currency: "GBP", formatted: "16.00" });
      expect(quote.payer).toBe(traveller.account.address.toLowerCase());
      expect(quote.tokenAddress).toBe(entrada.deployment.tokens.USDC.toLowerCase());
      // GBP 16 at the dev feeds' 1.27 USD a pound and 0.9999 USD a USDC, plus 10 bps for the platform.
      expect({ tokenAmount: quote.tokenAmount, platformFee: quote.platformFee, total: quote.total }).toEqual({
        tokenAmount: { amount: "20322033", currency: "USDC", formatted: "20.322033" },
        platformFee: { amount: "20322", currency: "USDC", formatted: "0.020322" },
        total: { amount: "20342355", currency: "USDC", formatted: "20.342355" },
      });
      expect(quote.escrowQuote.amount).toBe(quote.total.amount);

      const instructions = await client.get<{ authorization: { typedData: TypedDataJson } | null }>(
        `/api/v1/applications/${id}/payment`,
      );
      expect(instructions.status, instructions.text).toBe(200);
      const typedData = instructions.body.authorization!.typedData;
      expect(typedData.primaryType).toBe("ReceiveWithAuthorization");
      expect(typedData.message).toEqual({
        from: traveller.account.address,
        to: entrada.deployment.escrow,
        value: quote.total.amount,
        validAfter: "0",
        validBefore: quote.escrowQuote.expiresAt,
        nonce: quote.digest,
      });
      const m = typedData.message;
      const signature = await traveller.account.signTypedData({
        domain: typedData.domain,
        types: typedData.types,
        primaryType: "ReceiveWithAuthorization",
        message: {
          ...m,
          value: BigInt(m.value!),
          validAfter: BigInt(m.validAfter!),
          validBefore: BigInt(m.validBefore!),
        },
      });

      const before = {
        travellerUsdc: await usdcOf(traveller.account.address),
        travellerEth: await chain.publicClient.getBalance({ address: traveller.account.address }),
        payoutUsdc: await usdcOf(gbEtaPayout),
        feesAccrued: await feesAccrued(),
        escrowUsdc: await usdcOf(entrada.deployment.escrow),
      };
      const relayed = await client.post<{ txHash: Hex; status: string; quoteId: string }>(
        `/api/v1/applications/${id}/payment/authorization`,
        { signature },
      );
      expect(relayed.status, relayed.text).toBe(202);
      expect(relayed.body).toMatchObject({ txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), quoteId: quote.id });
      // The indexer moves it (the trail says so), from the payment's own block: no block is mined after
      // it, and with one confirmation none is needed.
      await waitForState(traveller, id, "paid");

      expect(await usdcOf(traveller.account.address)).toBe(before.travellerUsdc - total);
      expect(await usdcOf(entrada.deployment.escrow)).toBe(before.escrowUsdc + total);
      const application = (await client.get<ApplicationJson>(`/api/v1/applications/${id}`)).body;
      expect(application.decisionDeadline).toBe(quote.decisionDeadline);
      return { application, quote, payTx: relayed.body.txHash, total, platformFee, before };
    }

    /** The officer's decision through the API; the settler's transaction is sent at once. */
    async function decide(id: string, decision: "approve" | "reject", body: Record<string, string>) {
      const response = await officer.client.post<{
        application: ApplicationJson;
        settlement: { kind: string; txHash: Hex; status: string };
      }>(`/api/v1/officer/applications/${id}/${decision}`, body);
      expect(response.status, response.text).toBe(200);
      expect(response.body.application.state).toBe(decision === "approve" ? "approved" : "rejected");
      // Recorded with the decision and sent by its first attempt, right after the commit.
      expect(response.body.settlement).toMatchObject({
        kind: decision === "approve" ? "release" : "refund",
        status: "sent",
        txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      });
      return response.body.settlement.txHash;
    }

    /** Waits for the settlement worker to see the application's settlement mined. */
    const waitForSettled = (traveller: Traveller, id: string, kind: string) =>
      waitFor(
        async () => {
          const { settlement } = (
            await traveller.client.get<{ settlement: { kind: string; status: string; txHash: Hex } | null }>(
              `/api/v1/applications/${id}`,
            )
          ).body;
          return settlement?.kind === kind && settlement.status === "succeeded" ? settlement : undefined;
        },
        { what: `the ${kind} of ${id} to succeed` },
      );

    /** The live events the traveller's stream received about the application, in order. */
    async function streamed(traveller: Traveller, id: string) {
      const stream = await traveller.stream;
      expect(stream.status).toBe(200);
      return stream.received
        .filter((event) => event.data !== undefined)
        .map((event) => ({ id: Number(event.id), topic: event.event!, data: JSON.parse(event.data!) }))
        .filter((event) => event.data.applicationId === id);
    }

    /** Waits for the messages the loop sends after its last state change: SSE, e-mail and webhooks. */
    async function waitForMessages(traveller: Traveller, id: string, counts: { sse: number; emails: number }) {
      await waitFor(async () => (await streamed(traveller, id)).length >= counts.sse || undefined, {
        what: `${counts.sse} live events`,
      });
      await waitFor(
        async () => {
          const rows = await entrada.database.db
            .select()
            .from(notifications)
            .where(and(eq(notifications.userId, traveller.id), isNotNull(notifications.eventId)));
          return rows.length >= counts.emails && rows.every((row) => row.status === "sent");
        },
        { what: `${counts.emails} e-mails sent` },
      );
      await waitFor(
        async () => {
          const events = await outboxOf(id);
          const deliveries = await deliveriesOf(events.map((event) => event.id));
          const fannedOut = events.every((event) => event.status === "processed");
          return fannedOut && deliveries.every((delivery) => delivery.status !== "pending");
        },
        { what: "every webhook delivery to be made" },
      );
    }

    const outboxOf = async (id: string) => {
      const rows = await entrada.database.db
        .select()
        .from(outbox)
        .where(eq(outbox.aggregateId, id))
        .orderBy(asc(outbox.id));
      return rows.map((row) => ({
        id: row.id,
        topic: row.topic,
        data: row.payload as Record<string, unknown>,
        createdAt: row.createdAt,
        status: row.processedAt === null ? "open" : "processed",
      }));
    };

    const deliveriesOf = (eventIds: number[]) =>
      entrada.database.db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, endpoint.id), inArray(webhookDeliveries.eventId, eventIds)))
        .orderBy(asc(webhookDeliveries.eventId));

    /** The audit trail in the database, oldest first. */
    const trailOf = (id: string) =>
      entrada.database.db
        .select()
        .from(applicationEvents)
        .where(eq(applicationEvents.applicationId, id))
        .orderBy(asc(applicationEvents.id));

    /**
     * Checks, for one application: the live events, the audit trail, the payment and quote rows, the
     * e-mails, and the webhooks received and recorded.
     */
    async function checkRecords(
      traveller: Traveller,
      paid: Paid,
      expected: {
        state: string;
        trail: string[];
        reasons: Record<string, string>;
        txHashes: Record<string, Hex>;
        emails: { template: string; subject: string }[];
      },
    ) {
      const { id } = paid.application;
      const trail = expected.trail.filter((line) => line.includes("→"));
      await waitForMessages(traveller, id, { sse: expected.trail.length, emails: expected.emails.length });

      // The live stream: every event of the application, in order, and nothing twice.
      const live = await streamed(traveller, id);
      expect(live.map((event) => describeEvent(event.topic, event.data))).toEqual(expected.trail);
      expect(live.map((event) => event.id)).toEqual([...live.map((event) => event.id)].sort((a, b) => a - b));
      const confirmed = live.find((event) => event.topic === "payment.confirmed")!;
      expect(confirmed.data).toEqual({
        applicationId: id,
        userId: traveller.id,
        organisationId: null,
        authorityId: "gb-eta",
        chainId: 31337,
        txHash: paid.payTx,
        confirmations: 1,
        amount: paid.quote.total.amount,
        token: entrada.deployment.tokens.USDC.toLowerCase(),
      });

      // The database: the application, its audit trail (who, why, which transaction), payment, quote.
      const [row] = await entrada.database.db.select().from(applications).where(eq(applications.id, id));
      expect(row!.state).toBe(expected.state);
      expect(row!.decisionDeadline!.toISOString()).toBe(paid.quote.decisionDeadline);
      const events = await trailOf(id);
      expect(
        events.map((event) =>
          describeEvent("application.state_changed", { ...event, from: event.fromState, to: event.toState }),
        ),
      ).toEqual(trail);
      expect(
        Object.fromEntries(events.filter((event) => event.reason !== null).map((event) => [event.event, event.reason])),
      ).toEqual(expected.reasons);
      expect(
        Object.fromEntries(events.filter((event) => event.txHash !== null).map((event) => [event.event, event.txHash])),
      ).toEqual(expected.txHashes);
      const actorIds = { traveller: traveller.id, officer: officer.id, indexer: null, system: null };
      expect(events.map((event) => event.actorId)).toEqual(
        events.map((event) => actorIds[event.actorRole as keyof typeof actorIds]),
      );
      const [payment, ...otherPayments] = await entrada.database.db
        .select()
        .from(payments)
        .where(eq(payments.applicationId, id));
      expect(otherPayments).toEqual([]);
      expect(payment).toMatchObject({
        quoteId: paid.quote.id,
        chainId: 31337,
        txHash: paid.payTx,
        payer: traveller.account.address.toLowerCase(),
        token: entrada.deployment.tokens.USDC.toLowerCase(),
        amount: paid.total,
        status: "confirmed",
        confirmations: 1,
      });
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: paid.payTx });
      expect(payment!.blockNumber).toBe(receipt.blockNumber);
      expect(payment!.blockHash).toBe(receipt.blockHash);
      const quoteRows = await entrada.database.db.select().from(quotes).where(eq(quotes.applicationId, id));
      expect(quoteRows).toHaveLength(1);
      expect(quoteRows[0]).toMatchObject({
        id: paid.quote.id,
        status: "paid",
        payer: traveller.account.address.toLowerCase(),
        token: entrada.deployment.tokens.USDC.toLowerCase(),
        visaFeeMinor: 1600n,
        visaFeeCurrency: "GBP",
        total: paid.total,
        platformFee: paid.platformFee,
        tokenAmount: paid.total - paid.platformFee,
        digest: paid.quote.digest,
      });
      // The traveller paid no gas: the relayer did.
      expect(await chain.publicClient.getBalance({ address: traveller.account.address })).toBe(
        paid.before.travellerEth,
      );
      expect((await chain.publicClient.getTransaction({ hash: paid.payTx })).from).toBe(
        devAccount(demoAccounts.relayer).address.toLowerCase(),
      );

      // E-mails: one per change the traveller did not make themself, in their language, in the mailbox
      // (besides the code that verified the address, which no event sent).
      const mails = await entrada.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, traveller.id), isNotNull(notifications.eventId)))
        .orderBy(asc(notifications.eventId));
      expect(mails.map((mail) => ({ template: mail.template, subject: mail.subject }))).toEqual(expected.emails);
      for (const mail of mails) {
        expect(mail).toMatchObject({ channel: "email", to: traveller.email, locale: traveller.locale, status: "sent" });
        expect(mail.body).toContain(`${publicUrl}/applications/${id}`);
      }

      // Webhooks: signed, each event once, exactly the events the authority may see, all recorded delivered.
      const outboxEvents = await outboxOf(id);
      const received = receiver.received
        .filter((webhook) => webhook.body.data.applicationId === id)
        .sort((a, b) => Number(a.eventId) - Number(b.eventId));
      expect(received.every((webhook) => webhook.signatureValid)).toBe(true);
      expect(new Set(received.map((webhook) => webhook.eventId)).size).toBe(received.length);
      for (const webhook of received) {
        const event = outboxEvents.find((candidate) => String(candidate.id) === webhook.eventId)!;
        // What a back office needs to fetch and decide the case, as absolute links (docs/integration.md).
        const api = `${publicUrl}/api/v1`;
        expect(webhook.body).toEqual({
          id: String(event.id),
          type: event.topic,
          created: Math.floor(event.createdAt.getTime() / 1000),
          data: event.data,
          reference: expect.stringMatching(/^ENT-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
          links: {
            application: `${api}/applications/${id}`,
            history: `${api}/applications/${id}/history`,
            evisa: `${api}/applications/${id}/evisa`,
            approve: `${api}/officer/applications/${id}/approve`,
            reject: `${api}/officer/applications/${id}/reject`,
            requestInfo: `${api}/officer/applications/${id}/request-info`,
          },
        });
      }
      const visible = (webhook: ReceivedWebhook) => visibleToAuthority(webhook.body.type, webhook.body.data);
      expect(received.filter(visible).map((webhook) => describeEvent(webhook.body.type, webhook.body.data))).toEqual(
        // From payment on; `application.claim_available` is for the payer (see the test below).
        expected.trail
          .slice(expected.trail.indexOf("payment.confirmed"))
          .filter((line) => line !== "application.claim_available"),
      );
      const deliveries = await deliveriesOf(outboxEvents.map((event) => event.id));
      expect(deliveries.map((delivery) => [String(delivery.eventId), delivery.id])).toEqual(
        received.map((webhook) => [webhook.eventId, webhook.deliveryId]),
      );
      for (const delivery of deliveries) {
        expect(delivery).toMatchObject({
          status: "delivered",
          attempts: 1,
          statusCode: 200,
        });
      }
    }

    test("issued → released: the authority is paid the total less the platform fee, in Chinese e-mails", async () => {
      const traveller = travellers[0]!;
      const paid = await applyAndPayGasless(traveller);
      const { id } = paid.application;

      const releaseTx = await decide(id, "approve", {});
      await waitForState(traveller, id, "issued");
      expect((await waitForSettled(traveller, id, "release")).txHash).toBe(releaseTx);

      expect(await usdcOf(gbEtaPayout)).toBe(paid.before.payoutUsdc + paid.total - paid.platformFee);
      expect(await feesAccrued()).toBe(paid.before.feesAccrued + paid.platformFee);
      expect(await usdcOf(traveller.account.address)).toBe(paid.before.travellerUsdc - paid.total);
      expect(await usdcOf(entrada.deployment.escrow)).toBe(paid.before.escrowUsdc + paid.platformFee);
      expect((await chain.publicClient.getTransaction({ hash: releaseTx })).from).toBe(
        devAccount(demoAccounts.authority(2).settler).address.toLowerCase(),
      );

      const ref = paid.application.reference;
      await checkRecords(traveller, paid, {
        state: "issued",
        trail: [
          ...paidTrail,
          "paid → under_review (start_review, officer)",
          "under_review → approved (approve, officer)",
          "approved → issued (issue, indexer)",
        ],
        reasons: {},
        txHashes: { confirm_payment: paid.payTx, issue: releaseTx },
        emails: [
          { template: "payment_confirmed", subject: `申请 ${ref} 的付款已确认` },
          { template: "under_review", subject: `申请 ${ref} 正在审核中` },
          { template: "approved", subject: `申请 ${ref} 已获批准` },
          { template: "issued", subject: `申请 ${ref} 的电子签证已签发` },
        ],
      });
      // The release's outbox event issued the e-visa before that e-mail went out; its seal verifies
      // with the authority's key as served over HTTP.
      const evisa = (
        await traveller.client.get<{ status: string; reference: string; seal: string }>(
          `/api/v1/applications/${id}/evisa`,
        )
      ).body;
      expect(evisa).toMatchObject({ status: "valid", reference: ref });
      const metadata = await (await fetch(`${entrada.url}/.well-known/jwt-vc-issuer/authorities/gb-eta`)).json();
      // At the server's time, which follows the chain's (earlier tests move the chain forward).
      const seal = await verifyVisaSeal(sealFromBase64url(evisa.seal), {
        keys: trustedKeysFromIssuerMetadata(metadata),
        now: clock(),
      });
      expect(seal).toMatchObject({ valid: true, status: "valid", authorityId: "gb-eta" });
      const [release] = await entrada.database.db
        .select()
        .from(relayerTransactions)
        .where(eq(relayerTransactions.key, `release:${paid.quote.digest}`));
      expect(release).toMatchObject({ hash: releaseTx });
    });

    test("rejected → refunded: the traveller gets the total back, in Chinese e-mails", async () => {
      const traveller = travellers[1]!;
      const paid = await applyAndPayGasless(traveller);
      const { id } = paid.application;
      const reason = "The passport photo is not a <photo>.";

      const refundTx = await decide(id, "reject", { reason });
      await waitForState(traveller, id, "refunded");

      await expectAllRefunded(traveller, paid);

      const ref = paid.application.reference;
      await checkRecords(traveller, paid, {
        state: "refunded",
        trail: [
          ...paidTrail,
          "paid → under_review (start_review, officer)",
          "under_review → rejected (reject, officer)",
          "rejected → refunded (confirm_refund, indexer)",
        ],
        reasons: { reject: reason },
        txHashes: { confirm_payment: paid.payTx, confirm_refund: refundTx },
        emails: [
          { template: "payment_confirmed", subject: `申请 ${ref} 的付款已确认` },
          { template: "under_review", subject: `申请 ${ref} 正在审核中` },
          { template: "rejected", subject: `申请 ${ref} 未获批准` },
          { template: "refunded", subject: `申请 ${ref} 的退款已发出` },
        ],
      });
      const [rejected] = await entrada.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, traveller.id), eq(notifications.template, "rejected")));
      expect(rejected!.body).toContain(`> ${reason}`);
      const live = (await streamed(traveller, id)).find((event) => event.data.to === "rejected")!;
      expect(live.data.reason).toBe(reason);
      // The development mailbox shows it, the officer's words escaped.
      const mailbox = await createHttpClient(entrada.url).get("/dev/mailbox");
      expect(mailbox.status).toBe(200);
      expect(mailbox.text).toContain(`<td>${traveller.email}</td><td><strong>申请 ${ref} 未获批准</strong>`);
      expect(mailbox.text).toContain("&gt; The passport photo is not a &lt;photo&gt;.");
    });

    test("a newcomer's browser finds the chain in /client-config, calls it cross-origin and funds a wallet", async () => {
      const anonymous = createHttpClient(entrada.url);
      const home = await anonymous.get("/");
      expect(home.status).toBe(200);
      expect(home.headers.get("content-type")).toBe("text/html; charset=utf-8");

      const config = await anonymous.get<{ chain: { rpcUrl: string } }>("/api/v1/client-config");
      expect(config.status).toBe(200);
      // CHAIN_RPC_URL names port 0: the browser is told where the chain really listens.
      expect(config.body).toMatchObject({
        env: "development",
        chain: { id: 31337, rpcUrl: entrada.chainUrl, isLocal: true, explorerUrl: null },
        escrow: entrada.deployment.escrow,
        tokens: {
          USDC: { address: entrada.deployment.tokens.USDC },
          USDT: { address: entrada.deployment.tokens.USDT },
        },
        features: { devLogin: true, faucet: true, mailbox: true },
      });
      expect(config.headers.get("content-security-policy")).toContain(
        `connect-src 'self' ${entrada.chainUrl} ${entrada.chainUrl.replace("http:", "ws:")};`,
      );
      const call = await fetch(config.body.chain.rpcUrl, {
        method: "POST",
        headers: { origin: entrada.url, "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      expect(call.headers.get("access-control-allow-origin")).toBe("*");
      expect(await call.json()).toMatchObject({ result: "0x7a69" });

      const wallet = privateKeyToAccount(generatePrivateKey());
      const funded = await anonymous.post("/api/v1/dev/faucet", { address: wallet.address });
      expect(funded.status, funded.text).toBe(200);
      expect(funded.body).toMatchObject({
        balances: { USDC: "1000000000", USDT: "1000000000", ETH: "100000000000000000" },
      });
      expect(await usdcOf(wallet.address)).toBe(1_000_000_000n);
    });

    // Last: it moves the chain's and the server's time past the decision deadline, days ahead.
    test("expired → claimed: past the deadline the relayer claims the total back for the payer", async () => {
      const traveller = travellers[2]!;
      const paid = await applyAndPayGasless(traveller);
      const { id } = paid.application;
      const deadline = BigInt(paid.quote.escrowQuote.decisionDeadline);

      // Not before the deadline: the job (every 200 ms) leaves the application alone.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await stateOf(traveller, id)).toBe("paid");

      const latest = await chain.publicClient.getBlock({ blockTag: "latest" });
      await chain.testClient.increaseTime({ seconds: Number(deadline - latest.timestamp) + 60 });
      await mineBlock();
      await catchUpWithChain();
      expect(clock().getTime()).toBeGreaterThan(Number(deadline) * 1000);

      await waitForState(traveller, id, "expired");
      const claim = await waitFor(
        async () =>
          (
            await entrada.database.db
              .select()
              .from(relayerTransactions)
              .where(eq(relayerTransactions.key, `claim:${paid.quote.digest}`))
          )[0],
        { what: "the relayer's claimExpired" },
      );
      expect(claim.from).toBe(devAccount(demoAccounts.relayer).address.toLowerCase());
      // Sent by the settlement worker from the claim job the expiry recorded.
      expect((await waitForSettled(traveller, id, "claim")).txHash).toBe(claim.hash);
      await waitForState(traveller, id, "refunded");

      await expectAllRefunded(traveller, paid);

      const ref = paid.application.reference;
      await checkRecords(traveller, paid, {
        state: "refunded",
        trail: [
          ...paidTrail,
          "paid → expired (expire, system)",
          "application.claim_available",
          "expired → refunded (confirm_refund, indexer)",
        ],
        reasons: {
          expire: "The authority did not decide by the deadline; the fee can be claimed back in full.",
        },
        txHashes: { confirm_payment: paid.payTx, confirm_refund: claim.hash },
        emails: [
          { template: "payment_confirmed", subject: `Pago confirmado para la solicitud ${ref}` },
          { template: "expired", subject: `Solicitud ${ref}: sin decisión a tiempo, puede recuperar la tasa` },
          { template: "refunded", subject: `Reembolso enviado para la solicitud ${ref}` },
        ],
      });
      const available = (await streamed(traveller, id)).find((event) => event.topic === "application.claim_available")!;
      expect(available.data).toMatchObject({
        applicationId: id,
        userId: traveller.id,
        authorityId: "gb-eta",
        chainId: 31337,
        payer: traveller.account.address.toLowerCase(),
        amount: paid.quote.total.amount,
        claim: { to: entrada.deployment.escrow },
        claimedByRelayer: true,
      });
    });

    // Over real HTTP (unlike app.inject) a stream whose headers are not flushed shows nothing until
    // its first event or heartbeat, up to 15 s later: sseRoutes flushes them.
    test("the live stream answers at once, before any event", async () => {
      const opening = openEventStream(`${entrada.url}/api/v1/events/stream`, { cookie: officer.cookie });
      void opening.then((stream) => stream.close()).catch(() => {});
      const answered = await Promise.race([
        opening.then((stream) => stream.status),
        new Promise((resolve) => setTimeout(() => resolve("no answer within 2 s"), 2_000)),
      ]);
      expect(answered).toBe(200);
    });

    // The policy lets an authority see an application only from payment on: its webhooks must not
    // tell its systems of drafts, submissions, quotes or the payer's claim notice either.
    test("the authority's webhooks carry only the events the policy lets it see", () => {
      const leaked = receiver.received
        .filter((webhook) => !visibleToAuthority(webhook.body.type, webhook.body.data))
        .map((webhook) => describeEvent(webhook.body.type, webhook.body.data));
      expect(leaked).toEqual([]);
    });
  },
);
