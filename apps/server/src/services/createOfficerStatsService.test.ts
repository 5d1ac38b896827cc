import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDraft, createQuoted, createSubmitted, type QuoteJson } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { escrowPaid, escrowSettled } from "../testing/escrowEvents.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { createChainEventHandler } from "./chainEventHandler.ts";

const hour = 3600;
const day = 24 * hour;

describe.each(createTestDatabases())("officer stats on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;
  let officer: TestUser;
  let thaiOfficer: TestUser;
  /** Midnight UTC starting the first day of the story. */
  let d1: number;
  /** Each application's quote, by its letter. */
  const quotes: Record<string, QuoteJson> = {};
  const ids: Record<string, string> = {};

  const stats = (user: TestUser | { headers: Record<string, string> }, query = "") =>
    t.app.inject({ method: "GET", url: `/api/v1/officer/stats${query}`, headers: user.headers });
  const dayOf = (offset: number) => new Date((d1 + offset * day) * 1000).toISOString().slice(0, 10);

  /** Puts the clock at `seconds` after the start of the first day. */
  const at = (seconds: number) => t.clock.set(new Date((d1 + seconds) * 1000));

  /** What the indexer records when it sees escrow events. */
  async function indexed(...events: Parameters<ReturnType<typeof createChainEventHandler>["onEvents"]>[1]) {
    const handler = createChainEventHandler({
      deployment: t.deployment,
      confirmations: 1,
      clock: t.clock,
      logger: { warn() {}, error() {} },
    });
    await database.db.transaction((tx) => handler.onEvents(tx, events));
  }

  async function decide(letter: string, decision: "approve" | "reject") {
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${ids[letter]}/${decision}`,
      headers: officer.headers,
      payload: decision === "reject" ? { reason: "The photo does not match the passport." } : {},
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  // The story, on the UK ETA with a service level of 2 hours (instead of the catalogue's 72, so that
  // some decisions miss it): on day 1 six applications are submitted and five paid (A–E, E in USDT);
  // A is approved after 1 h and B rejected after 4 h; on day 2 C and E are approved (after 24 h and
  // 26 h) and the escrows of A, C and E released, B refunded. D is never decided: on day 4, past its
  // deadline, it is overdue.
  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    ana = await signIn(t.app);
    officer = await signIn(t.app);
    thaiOfficer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    await grantRole(database.db, thaiOfficer.id, "officer", { authorityId: "th-evisa" });
    await database.db.execute(sql`update products set service_level_hours = 2 where id = 'gb-eta'`);

    const now = t.clock();
    d1 = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) / 1000;
    at(hour);
    // Prices as fresh as the feeds would be at that time.
    for (const pair of ["USDC/USD", "USDT/USD", "GBP/USD"] as const) {
      const price = await t.prices.latest(pair);
      t.prices.set(pair, { ...price!, updatedAt: d1 + hour - 60 });
    }
    for (const letter of ["A", "B", "C", "D", "E"]) {
      const { application, quote } = await createQuoted(t.app, ana, letter === "E" ? "USDT" : "USDC");
      ids[letter] = application.id;
      quotes[letter] = quote;
    }
    await createSubmitted(t.app, ana); // F: submitted, never paid
    await createDraft(t.app, ana); // G: a draft, seen by nobody
    await indexed(...["A", "B", "C", "D", "E"].map((letter) => escrowPaid(quotes[letter]!.escrowQuote as never)));

    at(2 * hour);
    await decide("A", "approve");
    await indexed(escrowSettled("EscrowReleased", quotes.A!.escrowQuote as never));
    at(5 * hour);
    await decide("B", "reject");
    await indexed(escrowSettled("EscrowRefunded", quotes.B!.escrowQuote as never));
    at(day + hour);
    await decide("C", "approve");
    at(day + 3 * hour);
    await decide("E", "approve");
    await indexed(
      escrowSettled("EscrowReleased", quotes.C!.escrowQuote as never),
      escrowSettled("EscrowReleased", quotes.E!.escrowQuote as never),
    );
    // Day 4, 02:00: D's deadline (its quote's expiry, day 1 01:15, plus the product's 72 h) has passed.
    at(3 * day + 2 * hour);
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  test("counts by state and day, sums the fees released, times decisions, and finds the overdue", async () => {
    const response = await stats(officer, "?days=4");
    expect(response.statusCode, response.body).toBe(200);
    const releasedUsdc = BigInt(quotes.A!.escrowQuote.amount!) - BigInt(quotes.A!.escrowQuote.platformFee!);
    const releasedUsdt = BigInt(quotes.E!.escrowQuote.amount!) - BigInt(quotes.E!.escrowQuote.platformFee!);
    expect(response.json()).toEqual({
      authorityId: "gb-eta",
      days: 4,
      byState: {
        paid: 1,
        under_review: 0,
        needs_info: 0,
        approved: 0,
        issued: 3,
        rejected: 0,
        refunded: 1,
        expired: 0,
      },
      byDay: [
        { day: dayOf(0), submitted: 6, paid: 5, decided: 2 },
        { day: dayOf(1), submitted: 0, paid: 0, decided: 2 },
        { day: dayOf(2), submitted: 0, paid: 0, decided: 0 },
        { day: dayOf(3), submitted: 0, paid: 0, decided: 0 },
      ],
      // What release paid the authority: the visa fee in the token, without the platform fee.
      feesReleased: [
        { token: "USDC", amount: (2n * releasedUsdc).toString() },
        { token: "USDT", amount: releasedUsdt.toString() },
      ],
      // 1 h, 4 h, 24 h and 26 h from payment: the median between the middle two, p90 and p95
      // interpolated (24 h + 0.7 × 2 h, 24 h + 0.85 × 2 h); only A's within the 2 hours.
      timeToDecision: {
        count: 4,
        medianSeconds: 50_400,
        p90Seconds: 91_440,
        p95Seconds: 92_520,
        withinServiceLevel: 1,
        serviceLevelHours: [2],
      },
      overdue: 1,
    });
    expect(releasedUsdc).toBe(20_322_033n);
  });

  test("the window covers the last days up to today; the current counts do not depend on it", async () => {
    const body = (await stats(officer)).json();
    expect(body.days).toBe(30);
    expect(body.byDay).toHaveLength(30);
    expect(body.byDay.at(-1)).toEqual({ day: dayOf(3), submitted: 0, paid: 0, decided: 0 });
    expect(body.byDay.at(-4)).toEqual({ day: dayOf(0), submitted: 6, paid: 5, decided: 2 });

    const today = (await stats(officer, "?days=1")).json();
    expect(today).toMatchObject({
      byDay: [{ day: dayOf(3), submitted: 0, paid: 0, decided: 0 }],
      feesReleased: [],
      timeToDecision: { count: 0, medianSeconds: null, p90Seconds: null, p95Seconds: null, withinServiceLevel: 0 },
      byState: { paid: 1, issued: 3, refunded: 1 },
      overdue: 1,
    });
  });

  test("an officer sees their own authority's figures only", async () => {
    const thai = (await stats(thaiOfficer, "?days=4")).json();
    expect(thai).toMatchObject({
      authorityId: "th-evisa",
      feesReleased: [],
      timeToDecision: { count: 0, medianSeconds: null, p90Seconds: null },
      overdue: 0,
    });
    expect(Object.values(thai.byState)).toEqual(Array(8).fill(0));
    expect(thai.byDay.every((d: { submitted: number }) => d.submitted === 0)).toBe(true);
  });

  test("an authority's API key reads them; travellers and anonymous callers do not", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: officer.headers,
      payload: { name: "UKVI dashboard", authorityId: "gb-eta" },
    });
    expect(created.statusCode, created.body).toBe(201);
    const byKey = await stats({ headers: { authorization: `Bearer ${created.json().key}` } }, "?days=4");
    expect(byKey.statusCode).toBe(200);
    expect(byKey.json().overdue).toBe(1);

    const traveller = await stats(ana);
    expect(traveller.statusCode).toBe(403);
    expect(traveller.json().error).toMatchObject({ code: "ENTRADA_FORBIDDEN", details: { action: "officer.stats" } });
    const anonymous = await stats({ headers: {} });
    expect(anonymous.statusCode).toBe(401);
  });

  test.each(["?days=0", "?days=366", "?days=1.5", "?days=x", "?days=7&authorityId=th-evisa"])(
    "refuses %s",
    async (query) => {
      const response = await stats(officer, query);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("ENTRADA_VALIDATION");
    },
  );
});
