import type { QuotePricingRecord } from "@entrada/core";
import { sql } from "drizzle-orm";
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows } from "../queryRows.ts";
import { createTestDatabases, type TestDatabase } from "../testing/createTestDatabases.ts";
import { applicants } from "./applicants.ts";
import { applicationEvents, applications } from "./applications.ts";
import { authorities, products } from "./catalogue.ts";
import { quotes } from "./quotes.ts";
import { users } from "./users.ts";

// The rollups of officerStats.ts against a recount from the audit trail written here in TypeScript:
// random trails (repeats, reorg rollbacks out of `issued` and back, payments recorded after their
// decision, several applications per statement) must leave the rollups equal to the recount, and
// the migration's backfill must give the same.

const hex = (byte: string, bytes: number) => `0x${byte.repeat(bytes)}` as const;
const day0 = Date.UTC(2030, 0, 1);
const productIds = ["uto-visit", "uto-work", "ely-visit"] as const;
const productAuthority = { "uto-visit": "uto-evisa", "uto-work": "uto-evisa", "ely-visit": "ely-evisa" } as const;
const serviceLevel = { "uto-visit": 2, "uto-work": 48, "ely-visit": 24 } as const;
const tokens = [hex("c3", 20), hex("ab", 20)] as const;
/** A quote's pricing record: not read by the rollups. */
const pricing: QuotePricingRecord = {
  token: "USDC",
  legs: [],
  rate: { numerator: "1", denominator: "1" },
  feeBps: 0,
  platformFeeBps: 0,
  discounts: [],
  authorityId: hex("a1", 32),
  applicationId: hex("b2", 32),
};

/** One audit entry: what the trigger and the recount read. */
type Trail = { app: number; event: string; from: string | null; to: string; at: number };

/** What each event of the trail records: its name and states (rollbacks leave `issued`, as a reorg does). */
const steps = {
  submit: ["draft", "submitted"],
  confirm_payment: ["payment_pending", "paid"],
  start_review: ["paid", "under_review"],
  approve: ["under_review", "approved"],
  reject: ["under_review", "rejected"],
  issue: ["approved", "issued"],
  reorg_rollback: ["issued", "approved"],
  refund: ["rejected", "refunded"],
} as const;

const trailArbitrary = fc.record({
  apps: fc.array(
    fc.record({
      product: fc.constantFrom(...productIds),
      quotes: fc.array(
        fc.record({
          chainId: fc.constantFrom(1, 8453),
          token: fc.constantFrom(...tokens),
          amount: fc.bigInt(1n, 10n ** 30n),
        }),
        { maxLength: 2 },
      ),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  // Statements of one to four events each; minutes over four days, so that days and repeats mix.
  statements: fc.array(
    fc.array(
      fc.record({
        app: fc.nat(4),
        step: fc.constantFrom(...(Object.keys(steps) as (keyof typeof steps)[])),
        minute: fc.nat(4 * 24 * 60),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    { minLength: 1, maxLength: 12 },
  ),
});

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The figures the rollups must hold, recounted from the whole trail (ids in insertion order). */
function recount(
  apps: {
    id: string;
    product: (typeof productIds)[number];
    quotes: { chainId: number; token: string; amount: bigint }[];
  }[],
  trail: Trail[],
) {
  const activity = new Map<string, { submitted: number; paid: number; decided: number }>();
  const marks = new Set<string>();
  for (const entry of trail) {
    const kind =
      entry.event === "submit"
        ? "submitted"
        : entry.event === "confirm_payment"
          ? "paid"
          : entry.event === "approve" || entry.event === "reject"
            ? "decided"
            : null;
    if (kind === null) continue;
    const app = apps[entry.app]!;
    const key = `${productAuthority[app.product]}|${dayOf(entry.at)}`;
    if (marks.has(`${app.id}|${kind}|${dayOf(entry.at)}`)) continue;
    marks.add(`${app.id}|${kind}|${dayOf(entry.at)}`);
    const row = activity.get(key) ?? { submitted: 0, paid: 0, decided: 0 };
    row[kind] += 1;
    activity.set(key, row);
  }

  const fees = new Map<string, bigint>();
  const decisions: Record<string, unknown>[] = [];
  apps.forEach((app, index) => {
    const own = trail.filter((entry) => entry.app === index);
    if (own.length === 0) return;
    const lastLeft = own.reduce((last, entry, i) => (entry.from === "issued" && entry.to !== "issued" ? i : last), -1);
    const issue = own.find((entry, i) => i > lastLeft && entry.event === "issue");
    if (issue !== undefined) {
      for (const quote of app.quotes) {
        const key = `${productAuthority[app.product]}|${dayOf(issue.at)}|${quote.chainId}|${quote.token.toLowerCase()}`;
        fees.set(key, (fees.get(key) ?? 0n) + quote.amount);
      }
    }
    const decided = own.filter((entry) => entry.event === "approve" || entry.event === "reject");
    const paid = own.filter((entry) => entry.event === "confirm_payment");
    if (decided.length > 0) {
      decisions.push({
        applicationId: app.id,
        authorityId: productAuthority[app.product],
        decidedAt: Math.max(...decided.map((entry) => entry.at)),
        paidAt: paid.length === 0 ? null : Math.min(...paid.map((entry) => entry.at)),
        serviceLevelHours: serviceLevel[app.product],
      });
    }
  });
  return {
    activity: [...activity].map(([key, counts]) => ({ key, ...counts })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    fees: [...fees]
      .filter(([, amount]) => amount !== 0n)
      .map(([key, amount]) => ({ key, amount: amount.toString() }))
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    decisions: decisions.sort((a, b) => (String(a.applicationId) < String(b.applicationId) ? -1 : 1)),
  };
}

describe.each(createTestDatabases())("officer stats rollups on $name", ({ open }) => {
  let database: TestDatabase;
  let userId: string;
  let applicantId: string;

  beforeAll(async () => {
    database = await open();
    const { db } = database;
    await db.insert(authorities).values([
      { id: "ely-evisa", onchainId: hex("a2", 32), name: "Elysium e-Visa", country: "EL", currency: "USD" },
      { id: "uto-evisa", onchainId: hex("a1", 32), name: "Utopia e-Visa", country: "UT", currency: "USD" },
    ]);
    await db.insert(products).values(
      productIds.map((id) => ({
        id,
        authorityId: productAuthority[id],
        name: id,
        visaType: "tourist",
        feeMinor: 4000n,
        currency: "USD",
        entries: "single" as const,
        stayDays: 30,
        validityDays: 90,
        processingDays: 3,
        serviceLevelHours: serviceLevel[id],
      })),
    );
    const [user] = await db.insert(users).values({ email: "officer-stats@example.org" }).returning();
    userId = user!.id;
    const [applicant] = await db
      .insert(applicants)
      .values({
        userId,
        nationality: "UTO",
        piiCiphertext: new Uint8Array([1]),
        piiNonce: new Uint8Array(12),
        wrappedDataKey: new Uint8Array(40),
        masterKeyId: "master-1",
        passportIndex: new Uint8Array(32).fill(7),
        indexKeyId: "index-1",
      })
      .returning();
    applicantId = applicant!.id;
  });
  afterAll(() => database.close());

  /** The rollups as the recount's shape (rows a rollback brought back to zero left out). */
  async function rollups() {
    const { db } = database;
    const activity = await queryRows<{ key: string; submitted: number; paid: number; decided: number }>(
      db,
      sql`select authority_id || '|' || day::text as key, submitted, paid, decided from authority_daily_activity
        where submitted <> 0 or paid <> 0 or decided <> 0 order by 1`,
    );
    const fees = await queryRows<{ key: string; amount: string }>(
      db,
      sql`select authority_id || '|' || day::text || '|' || chain_id || '|' || token as key, amount::text as amount
        from authority_daily_fees where amount <> 0 order by 1`,
    );
    const decisions = await queryRows<Record<string, unknown>>(
      db,
      sql`select application_id::text as "applicationId", authority_id as "authorityId",
        (extract(epoch from decided_at) * 1000)::bigint::text as "decidedAt",
        (extract(epoch from paid_at) * 1000)::bigint::text as "paidAt",
        service_level_hours as "serviceLevelHours"
        from application_decisions order by application_id::text`,
    );
    return {
      activity: activity.map((row) => ({
        ...row,
        submitted: Number(row.submitted),
        paid: Number(row.paid),
        decided: Number(row.decided),
      })),
      fees,
      decisions: decisions.map((row) => ({
        ...row,
        decidedAt: Number(row.decidedAt),
        paidAt: row.paidAt === null ? null : Number(row.paidAt),
        serviceLevelHours: Number(row.serviceLevelHours),
      })),
    };
  }

  test("the rollups equal a recount of the audit trail, after every trail and after a backfill", async () => {
    const { db } = database;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(trailArbitrary, async ({ apps, statements }) => {
        run += 1;
        await db.execute(
          sql`truncate application_events, quotes, applications, application_day_marks, authority_daily_activity,
            application_fee_marks, authority_daily_fees, application_decisions restart identity cascade`,
        );
        const created = await db
          .insert(applications)
          .values(
            apps.map((app, i) => ({
              reference: `ENT-${String(run).padStart(4, "0")}-${String(i).padStart(4, "0")}`,
              onchainId: `0x${(run * 10 + i).toString(16).padStart(64, "0")}` as `0x${string}`,
              userId,
              applicantId,
              productId: app.product,
              authorityId: productAuthority[app.product],
            })),
          )
          .returning({ id: applications.id });
        const withIds = apps.map((app, i) => ({ ...app, id: created[i]!.id }));
        const paidQuotes = withIds.flatMap((app) => app.quotes.map((quote) => ({ ...quote, applicationId: app.id })));
        if (paidQuotes.length > 0) {
          await db.insert(quotes).values(
            paidQuotes.map((quote, i) => ({
              applicationId: quote.applicationId,
              chainId: quote.chainId,
              token: quote.token as `0x${string}`,
              payer: hex("11", 20),
              visaFeeMinor: 4000n,
              visaFeeCurrency: "USD",
              tokenAmount: quote.amount,
              platformFee: 1n,
              total: quote.amount + 1n,
              rateLegs: pricing,
              expiresAt: new Date(day0),
              decisionDeadline: new Date(day0 + 3 * 86_400_000),
              digest: `0x${(run * 100 + i).toString(16).padStart(64, "0")}` as `0x${string}`,
              signature: hex("e5", 65),
              status: "paid" as const,
            })),
          );
        }
        const trail: Trail[] = [];
        for (const statement of statements) {
          const entries = statement.map(({ app, step, minute }) => ({
            app: app % apps.length,
            event: step,
            from: steps[step][0],
            to: steps[step][1],
            at: day0 + minute * 60_000,
          }));
          await db.insert(applicationEvents).values(
            entries.map((entry) => ({
              applicationId: withIds[entry.app]!.id,
              event: entry.event,
              fromState: entry.from,
              toState: entry.to,
              actorRole: "system" as const,
              at: new Date(entry.at),
            })),
          );
          trail.push(...entries);
        }
        const expected = recount(withIds, trail);
        expect(await rollups()).toEqual(expected);

        // The migration's backfill, from empty rollups, gives the same.
        await db.execute(
          sql`truncate application_day_marks, authority_daily_activity, application_fee_marks, authority_daily_fees,
            application_decisions`,
        );
        await db.execute(
          sql`select officer_stats_recount(array(select distinct application_id from application_events order by 1))`,
        );
        expect(await rollups()).toEqual(expected);
      }),
      { numRuns: 40, seed: 12_2026 },
    );
  }, 300_000);
});
