import { applications } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { type SeedOfficerQueueReturnType, seedOfficerQueue } from "../testing/seedOfficerQueue.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

type Row = {
  id: string;
  reference: string;
  state: string;
  decisionDeadline: string;
  overdue: boolean;
  applicant: { name: string; nationality: string };
  paid: { amount: string; currency: string; formatted: string; decimals: number } | null;
};
type Counts = { byState: Record<string, number>; needsAction: number; overdue: number; total: number };
type QueuePage = { items: Row[]; nextCursor: string | null; counts: Counts | null };

const cases = 700;

describe.each(createTestDatabases())("the officer's queue on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let officer: TestUser;
  let seeded: SeedOfficerQueueReturnType;
  /** Every seeded application with its applicant, read straight from the table: the brute force. */
  let all: { id: string; reference: string; state: string; deadline: Date; name: string }[];

  const seed = (count: number, now: Date) =>
    seedOfficerQueue({
      db: database.db,
      masterKey: t.config.masterKey,
      authorityId: "gb-eta",
      productId: "gb-eta",
      chainId: t.deployment.chainId,
      tokenAddress: t.deployment.tokens.USDC,
      tokenSymbol: "USDC",
      cases: count,
      applicants: 60,
      now,
      days: 30,
    });

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    officer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    seeded = await seed(cases, t.clock());
    const names = new Map(seeded.applicants.map((a) => [a.id, `${a.givenNames} ${a.surname}`]));
    const rows = await database.db.select().from(applications).where(eq(applications.userId, seeded.userId));
    all = rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      state: row.state,
      deadline: row.decisionDeadline!,
      name: names.get(row.applicantId)!,
    }));
  }, 120_000);
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const list = async (query: string): Promise<QueuePage> => {
    const response = await t.app.inject({
      method: "GET",
      url: `/api/v1/officer/applications?${query}`,
      headers: officer.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  /** Every page of a view, following the cursors. */
  const walk = async (query: string, between?: () => Promise<void>): Promise<Row[]> => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const page: QueuePage = await list(`${query}&limit=100${cursor === null ? "" : `&cursor=${cursor}`}`);
      rows.push(...page.items);
      cursor = page.nextCursor;
      await between?.();
    } while (cursor !== null);
    return rows;
  };
  const byDeadline = (a: { deadline: Date; id: string }, b: { deadline: Date; id: string }) =>
    a.deadline.getTime() - b.deadline.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  test("a row carries what the desk shows: the applicant's name and nationality, the amount paid in its token, overdue", async () => {
    const page = await list("view=all&limit=5");
    expect(page.items).toHaveLength(5);
    const first = page.items[0]!;
    const applicant = seeded.applicants.find((a) => `${a.givenNames} ${a.surname}` === first.applicant.name);
    expect(applicant).toBeDefined();
    expect(first.applicant.nationality).toBe(applicant!.nationality);
    // The seed's quote: 20 USDC to the authority plus the 10 bps platform fee, 6 decimals.
    expect(first.paid).toEqual({ amount: "20020000", currency: "USDC", formatted: "20.020000", decimals: 6 });
    expect(first.reference).toMatch(/^ENT-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(typeof first.overdue).toBe("boolean");
  });

  test("by default the queue is what needs action, oldest deadline first, with its true total", async () => {
    const needsAction = all.filter((a) => a.state === "paid" || a.state === "under_review").sort(byDeadline);
    const page = await list("limit=25");
    expect(page.items.map((row) => row.id)).toEqual(needsAction.slice(0, 25).map((a) => a.id));
    expect(page.counts?.total).toBe(needsAction.length);
    expect(page.counts?.needsAction).toBe(needsAction.length);
    expect(page.nextCursor).not.toBeNull();
    const rest = await list(`limit=25&cursor=${page.nextCursor}`);
    // Later pages leave the counts to the first.
    expect(rest.counts).toBeNull();
    expect(rest.items.map((row) => row.id)).toEqual(needsAction.slice(25, 50).map((a) => a.id));
  });

  test("counts per state and overdue match a count of every seeded row", async () => {
    const now = t.clock().getTime();
    const expected: Record<string, number> = {};
    for (const a of all) expected[a.state] = (expected[a.state] ?? 0) + 1;
    const overdue = all.filter(
      (a) => ["paid", "under_review", "needs_info"].includes(a.state) && a.deadline.getTime() < now,
    );
    const page = await list("view=overdue&limit=100");
    for (const [state, count] of Object.entries(expected)) expect(page.counts?.byState[state]).toBe(count);
    expect(page.counts?.overdue).toBe(overdue.length);
    expect(page.counts?.total).toBe(overdue.length);
    expect(overdue.length).toBeGreaterThan(0);
    expect(page.items.every((row) => row.overdue)).toBe(true);
    const walked = await walk("view=overdue");
    expect(walked.map((row) => row.id)).toEqual(overdue.sort(byDeadline).map((a) => a.id));
    const issued = await walk("view=issued");
    expect(issued).toHaveLength(expected.issued!);
    expect(issued.every((row) => row.state === "issued")).toBe(true);
    const legacy = await list("state=needs_info&limit=100");
    expect(legacy.items.map((row) => row.id).sort()).toEqual(
      all
        .filter((a) => a.state === "needs_info")
        .map((a) => a.id)
        .sort(),
    );
  });

  test("search runs on the server: words of the name in any order and case, or a reference as typed", async () => {
    const named = all.filter((a) => a.name === "Anna Eriksson");
    expect(named.length).toBeGreaterThan(0);
    const found = await walk("view=all&q=eriksson%20ANNA");
    expect(found.map((row) => row.id).sort()).toEqual(named.map((a) => a.id).sort());
    const first = await list("view=all&q=eriksson%20ANNA&limit=1");
    expect(first.counts?.total).toBe(named.length);
    const surname = all.filter((a) => a.name.endsWith(" Eriksson"));
    expect((await list("view=all&q=Eriksson&limit=1")).counts?.total).toBe(surname.length);
    const target = all[123]!;
    const typed = target.reference.toLowerCase().replace(/-/g, " ");
    const byReference = await list(`view=all&q=${encodeURIComponent(typed)}`);
    expect(byReference.items.map((row) => row.id)).toEqual([target.id]);
    expect((await list("view=all&q=Nobody")).items).toEqual([]);
    expect((await list("view=all&q=Nobody")).counts?.total).toBe(0);
  });

  test("a cursor neither repeats nor skips a row while applications arrive between pages", async () => {
    const expected = all.filter((a) => a.state !== "draft").sort(byDeadline);
    let arrivals = 0;
    const walked = await walk("view=all", async () => {
      // New cases whose deadlines fall before, among and after the rows already read.
      arrivals += 1;
      await seed(30, new Date(t.clock().getTime() - arrivals * 86_400_000));
    });
    const ids = walked.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    const original = new Set(expected.map((a) => a.id));
    expect(ids.filter((id) => original.has(id))).toEqual(expected.map((a) => a.id));
  });

  test("the counts follow a decision at once (the counters the triggers keep)", async () => {
    const before = (await list("view=all&limit=1")).counts!;
    const reviewed = all.find((a) => a.state === "under_review")!;
    const asked = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${reviewed.id}/request-info`,
      headers: { ...officer.headers, "idempotency-key": `ask-${reviewed.id}` },
      payload: { reason: "Please upload the booking of your accommodation." },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    reviewed.state = "needs_info";
    const after = (await list("view=all&limit=1")).counts!;
    expect(after.byState.under_review).toBe(before.byState.under_review! - 1);
    expect(after.byState.needs_info).toBe(before.byState.needs_info! + 1);
    expect(after.needsAction).toBe(before.needsAction - 1);
    const counted = await database.db.$count(
      applications,
      and(eq(applications.authorityId, "gb-eta"), eq(applications.state, "needs_info")),
    );
    expect(after.byState.needs_info).toBe(Number(counted));
  });

  test("a live event's row can be read alone, if it is in the view", async () => {
    const paid = all.find((a) => a.state === "paid")!;
    const issued = all.find((a) => a.state === "issued")!;
    expect((await list(`id=${paid.id}`)).items.map((row) => row.id)).toEqual([paid.id]);
    expect((await list(`id=${issued.id}`)).items).toEqual([]);
  });
});
