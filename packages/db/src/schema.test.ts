import type { QuotePricingRecord } from "@entrada/core";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPgError, isUniqueViolation } from "./getPgError.ts";
import { queryRows } from "./queryRows.ts";
import { applicants } from "./schema/applicants.ts";
import { applicationEvents, applications } from "./schema/applications.ts";
import { authorities, products } from "./schema/catalogue.ts";
import { chainBlocks, chainEvents, indexerCursors } from "./schema/chain.ts";
import type { Json } from "./schema/columns.ts";
import { idempotencyKeys } from "./schema/idempotency.ts";
import { outbox } from "./schema/outbox.ts";
import { payments } from "./schema/payments.ts";
import { quotes } from "./schema/quotes.ts";
import { relayerTransactions } from "./schema/relayer.ts";
import { organisations, userRoles, users } from "./schema/users.ts";
import { webhookDeliveries, webhookEndpoints } from "./schema/webhooks.ts";
import { createTestDatabases, type TestDatabase } from "./testing/createTestDatabases.ts";

const hex = (byte: string, bytes: number) => `0x${byte.repeat(bytes)}` as const;
const maxUint256 = 2n ** 256n - 1n;
/** How a THB fee was priced in USDC, as the quote service records it. */
const pricing: QuotePricingRecord = {
  token: "USDC",
  legs: [{ pair: "THB/USD", answer: "2750000", decimals: 8, updatedAt: 1_760_000_000, source: "feeds" }],
  rate: { numerator: "2750000", denominator: "99990000" },
  feeBps: 10,
  platformFeeBps: 10,
  discounts: [],
  authorityId: hex("a1", 32),
  applicationId: hex("b2", 32),
};

/** Catches the rejection of `promise` (a failed query) to inspect it. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

describe.each(createTestDatabases())("schema on $name", ({ open }) => {
  let database: TestDatabase;
  let userId: string;
  let applicationId: string;

  beforeAll(async () => {
    database = await open();
    const { db } = database;
    await db.insert(authorities).values({
      id: "uto-evisa",
      onchainId: hex("a1", 32),
      name: "Utopia e-Visa",
      country: "UT",
      currency: "USD",
    });
    const [user] = await db
      .insert(users)
      .values({ walletAddress: hex("11", 20), email: "traveller@example.org", locale: "zh" })
      .returning();
    userId = user!.id;
    await db.insert(products).values({
      id: "uto-tourist-30",
      authorityId: "uto-evisa",
      name: "Tourist, 30 days",
      visaType: "tourist",
      feeMinor: 4000n,
      currency: "USD",
      entries: "single",
      stayDays: 30,
      validityDays: 90,
      processingDays: 3,
      serviceLevelHours: 72,
    });
    const [applicant] = await db
      .insert(applicants)
      .values({
        userId,
        nationality: "UTO",
        piiCiphertext: new Uint8Array([1, 2, 3]),
        piiNonce: new Uint8Array(12),
        wrappedDataKey: new Uint8Array(40),
        masterKeyId: "master-1",
        passportIndex: new Uint8Array(32).fill(7),
        indexKeyId: "index-1",
      })
      .returning();
    const [application] = await db
      .insert(applications)
      .values({
        reference: "ENT-7K3Q-9XPA",
        onchainId: hex("b2", 32),
        userId,
        applicantId: applicant!.id,
        productId: "uto-tourist-30",
        authorityId: "uto-evisa",
      })
      .returning();
    applicationId = application!.id;
  });
  afterAll(() => database.close());

  test("money round-trips as bigint beyond 2^53, up to uint256", async () => {
    const { db } = database;
    const tokenAmount = 2n ** 53n + 1n;
    const platformFee = maxUint256 - tokenAmount;
    const [quote] = await db
      .insert(quotes)
      .values({
        applicationId,
        chainId: 31337,
        token: hex("c3", 20),
        payer: hex("11", 20),
        visaFeeMinor: 9_007_199_254_740_993n,
        visaFeeCurrency: "THB",
        tokenAmount,
        platformFee,
        total: maxUint256,
        rateLegs: pricing,
        expiresAt: new Date("2030-01-01T00:10:00Z"),
        decisionDeadline: new Date("2030-01-08T00:00:00Z"),
        digest: hex("d4", 32),
        signature: hex("e5", 65),
      })
      .returning();
    const [read] = await db.select().from(quotes).where(eq(quotes.id, quote!.id));
    expect(read).toMatchObject({
      visaFeeMinor: 9_007_199_254_740_993n,
      tokenAmount,
      platformFee,
      total: maxUint256,
      rateLegs: pricing,
      expiresAt: new Date("2030-01-01T00:10:00Z"),
    });
    const [raw] = await queryRows<{ total: unknown }>(db, sql`select total from quotes where id = ${quote!.id}`);
    expect(raw?.total).toBe(maxUint256.toString());
  });

  test("a quote's total must be its amount plus the platform fee", async () => {
    const error = await failure(
      database.db.insert(quotes).values({
        applicationId,
        chainId: 31337,
        token: hex("c3", 20),
        payer: hex("11", 20),
        visaFeeMinor: 4000n,
        visaFeeCurrency: "USD",
        tokenAmount: 40_000_000n,
        platformFee: 40_000n,
        total: 40_000_001n,
        rateLegs: pricing,
        expiresAt: new Date(),
        decisionDeadline: new Date(),
        digest: hex("d5", 32),
        signature: "0x",
      }),
    );
    expect(getPgError(error)).toMatchObject({ code: "23514", constraint: "quotes_amounts_check" });
  });

  test("block numbers round-trip as bigint", async () => {
    const { db } = database;
    const number = 2n ** 62n + 3n;
    await db.insert(chainBlocks).values({
      chainId: 1,
      address: hex("0e", 20),
      number,
      hash: hex("01", 32),
      parentHash: hex("02", 32),
      timestamp: new Date("2026-01-01T00:00:00Z"),
    });
    await db.insert(indexerCursors).values({
      chainId: 1,
      address: hex("0e", 20),
      blockNumber: number,
      blockHash: hex("01", 32),
      finalizedBlockNumber: number - 64n,
    });
    expect(await db.select({ number: chainBlocks.number }).from(chainBlocks)).toEqual([{ number }]);
    expect(await db.select({ finalized: indexerCursors.finalizedBlockNumber }).from(indexerCursors)).toEqual([
      { finalized: number - 64n },
    ]);
  });

  test("JSONB round-trips nested values, Unicode and null", async () => {
    const payload: Json = {
      applicationId,
      amount: "340282366920938463463374607431768211456",
      nested: { list: [1, 2.5, true, null, "签证"], empty: {}, emptyList: [] },
      quote: 'with "quotes" and \\ backslash',
      emoji: "✈️",
    };
    const [row] = await database.db
      .insert(outbox)
      .values({ topic: "application.paid", aggregateId: applicationId, payload })
      .returning();
    const [read] = await database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(read?.payload).toEqual(payload);
    expect(typeof read?.id).toBe("number");
  });

  test("bytea round-trips as Uint8Array and text arrays as arrays", async () => {
    const { db } = database;
    const [read] = await db.select().from(applicants);
    expect(read?.piiCiphertext).toEqual(new Uint8Array([1, 2, 3]));
    expect(read?.piiCiphertext).toBeInstanceOf(Uint8Array);
    expect(read?.passportIndex).toEqual(new Uint8Array(32).fill(7));

    const [before] = await db.select().from(products);
    await db.update(products).set({ eligibleNationalities: ["UTO", "THA"], requirements: { documents: ["photo"] } });
    const [product] = await db.select().from(products);
    // Every update sets updated_at.
    expect(product!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    expect(product).toMatchObject({
      eligibleNationalities: ["UTO", "THA"],
      requirements: { documents: ["photo"] },
      feeMinor: 4000n,
    });
  });

  test("a chain log is stored once per (chain, tx hash, log index)", async () => {
    const { db } = database;
    const log = {
      chainId: 31337,
      address: hex("0e", 20),
      blockNumber: 12n,
      blockHash: hex("0b", 32),
      blockTimestamp: new Date("2026-01-01T00:00:12Z"),
      txHash: hex("0a", 32),
      logIndex: 3,
      eventName: "Paid",
      args: { applicationId: hex("b2", 32), amount: "40000000" },
    };
    await db.insert(chainEvents).values(log);
    const error = await failure(db.insert(chainEvents).values({ ...log, blockHash: hex("0c", 32) }));
    expect(isUniqueViolation(error, "chain_events_log_key")).toBe(true);
    // The indexer's idempotent write: a replayed log changes nothing.
    const inserted = await db.insert(chainEvents).values(log).onConflictDoNothing().returning();
    expect(inserted).toEqual([]);
    // The same log index in another transaction or chain is another log.
    await db.insert(chainEvents).values([
      { ...log, txHash: hex("0d", 32) },
      { ...log, chainId: 8453 },
    ]);
    const rows = await db.select({ removed: chainEvents.removed }).from(chainEvents);
    expect(rows).toEqual([{ removed: false }, { removed: false }, { removed: false }]);
  });

  test("a relayed transaction exists once per key, and one pending per account nonce", async () => {
    const { db } = database;
    const tx = {
      key: hex("d4", 32),
      chainId: 31337,
      from: hex("0f", 20),
      to: hex("0e", 20),
      data: "0xdeadbeef" as const,
      nonce: 7,
      gas: 150_000n,
      maxFeePerGas: maxUint256,
      maxPriorityFeePerGas: 1_000_000_000n,
      hash: hex("0a", 32),
      hashes: [hex("0a", 32)],
      sentAt: new Date("2026-01-01T00:00:00Z"),
    };
    const [row] = await db.insert(relayerTransactions).values(tx).returning();
    expect(row).toMatchObject({
      status: "pending",
      value: 0n,
      attempts: 1,
      nonce: 7,
      maxFeePerGas: maxUint256,
      hashes: [hex("0a", 32)],
      error: null,
    });
    const sameKey = await failure(db.insert(relayerTransactions).values({ ...tx, nonce: 8 }));
    expect(isUniqueViolation(sameKey, "relayer_transactions_key_key")).toBe(true);
    const sameNonce = await failure(db.insert(relayerTransactions).values({ ...tx, key: "release:1" }));
    expect(isUniqueViolation(sameNonce, "relayer_transactions_pending_nonce_key")).toBe(true);
    // Once settled, the nonce may appear again (a record of another chain history, say).
    await db.update(relayerTransactions).set({ status: "replaced" });
    await db.insert(relayerTransactions).values({ ...tx, key: "release:1" });
    const badStatus = await failure(
      db.execute(sql`update relayer_transactions set status = 'lost' where key = 'release:1'`),
    );
    expect(getPgError(badStatus)).toMatchObject({ code: "23514", constraint: "relayer_transactions_status_check" });
    const upperCase = await failure(db.insert(relayerTransactions).values({ ...tx, key: "k", nonce: 9, data: "0xAB" }));
    expect(getPgError(upperCase)).toMatchObject({ code: "23514", constraint: "relayer_transactions_data_check" });
  });

  test("a payment is recorded once per log", async () => {
    const { db } = database;
    const payment = {
      applicationId,
      chainId: 31337,
      txHash: hex("0a", 32),
      logIndex: 3,
      payer: hex("11", 20),
      token: hex("c3", 20),
      amount: 40_040_000n,
      blockNumber: 12n,
      blockHash: hex("0b", 32),
    };
    const [row] = await db.insert(payments).values(payment).returning();
    expect(row).toMatchObject({ status: "pending", confirmations: 0, amount: 40_040_000n, blockNumber: 12n });
    const error = await failure(db.insert(payments).values(payment));
    expect(isUniqueViolation(error, "payments_log_key")).toBe(true);
  });

  test("a webhook delivery exists once per endpoint and event", async () => {
    const { db } = database;
    const [endpoint] = await db
      .insert(webhookEndpoints)
      .values({
        ownerId: userId,
        authorityId: "uto-evisa",
        url: "https://authority.example/hooks",
        secretCiphertext: new Uint8Array([9, 9, 9]),
        secretKeyId: "master-1",
      })
      .returning();
    expect(endpoint?.events).toEqual([]);
    const [event] = await db
      .insert(outbox)
      .values({ topic: "application.paid", aggregateId: applicationId, payload: {} })
      .returning();
    const delivery = { endpointId: endpoint!.id, eventId: event!.id };
    await db.insert(webhookDeliveries).values(delivery);
    const error = await failure(db.insert(webhookDeliveries).values(delivery));
    expect(isUniqueViolation(error, "webhook_deliveries_event_key")).toBe(true);
    expect(isUniqueViolation(error, "chain_events_log_key")).toBe(false);
  });

  test("an idempotency key is unique within its scope, at most 255 characters", async () => {
    const { db } = database;
    const row = {
      scope: `user:${userId}`,
      key: "k".repeat(255),
      requestHash: "h1",
      expiresAt: new Date(Date.now() + 86_400_000),
    };
    await db.insert(idempotencyKeys).values(row);
    expect(isUniqueViolation(await failure(db.insert(idempotencyKeys).values(row)), "idempotency_keys_pkey")).toBe(
      true,
    );
    // Another scope may use the same key.
    await db.insert(idempotencyKeys).values({ ...row, scope: "api_key:1" });
    const tooLong = await failure(db.insert(idempotencyKeys).values({ ...row, key: "k".repeat(256) }));
    expect(getPgError(tooLong)).toMatchObject({ code: "23514", constraint: "idempotency_keys_key_check" });
  });

  test("users: wallet addresses lower-case and unique, roles scoped", async () => {
    const { db } = database;
    const upperCase = await failure(db.insert(users).values({ walletAddress: `0x${"AB".repeat(20)}` }));
    expect(getPgError(upperCase)).toMatchObject({ code: "23514", constraint: "users_wallet_address_check" });
    const duplicate = await failure(db.insert(users).values({ walletAddress: hex("11", 20) }));
    expect(isUniqueViolation(duplicate, "users_wallet_address_unique")).toBe(true);

    const [organisation] = await db.insert(organisations).values({ name: "Acme" }).returning();
    await db.insert(userRoles).values([
      { userId, role: "traveller" },
      { userId, role: "officer", authorityId: "uto-evisa" },
      { userId, role: "org_admin", organisationId: organisation!.id },
    ]);
    const officerWithoutAuthority = await failure(db.insert(userRoles).values({ userId, role: "officer" }));
    expect(getPgError(officerWithoutAuthority)).toMatchObject({ code: "23514", constraint: "user_roles_scope_check" });
    // NULLS NOT DISTINCT: granting "traveller" twice is a duplicate even though both scopes are null.
    const twice = await failure(db.insert(userRoles).values({ userId, role: "traveller" }));
    expect(isUniqueViolation(twice, "user_roles_grant_key")).toBe(true);
  });

  test("application states are a closed set and every change is in the audit trail", async () => {
    const { db } = database;
    const badState = await failure(
      db.execute(sql`update applications set state = 'teleported' where id = ${applicationId}`),
    );
    expect(getPgError(badState)).toMatchObject({ code: "23514", constraint: "applications_state_check" });

    await db.insert(applicationEvents).values([
      { applicationId, fromState: null, toState: "draft", event: "created", actorId: userId, actorRole: "traveller" },
      {
        applicationId,
        fromState: "draft",
        toState: "submitted",
        event: "submitted",
        actorId: userId,
        actorRole: "traveller",
      },
    ]);
    const trail = await db
      .select({ from: applicationEvents.fromState, to: applicationEvents.toState, role: applicationEvents.actorRole })
      .from(applicationEvents)
      .where(eq(applicationEvents.applicationId, applicationId))
      .orderBy(applicationEvents.id);
    expect(trail).toEqual([
      { from: null, to: "draft", role: "traveller" },
      { from: "draft", to: "submitted", role: "traveller" },
    ]);
  });
});
