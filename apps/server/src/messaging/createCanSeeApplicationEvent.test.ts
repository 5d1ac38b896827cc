import { type Database, enqueueOutbox } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ApplicationAccess, createCanSeeApplicationEvent } from "./createCanSeeApplicationEvent.ts";
import type { StreamUser } from "./createSseHub.ts";
import { createMessagingSeed } from "./testing/createMessagingSeed.ts";

describe.each(createTestDatabases())("createCanSeeApplicationEvent on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());

  test("asks the policy with the event's application, loaded once per event", async () => {
    const seed = createMessagingSeed(database.db);
    const owner = await seed.user();
    const application = await seed.application({ userId: owner.id });
    const asked: Array<[string, ApplicationAccess]> = [];
    let queries = 0;
    const counting = new Proxy(database.db, {
      get(target, property, receiver) {
        if (property === "select") queries += 1;
        return Reflect.get(target, property, receiver);
      },
    }) as Database;
    const canSee = createCanSeeApplicationEvent<StreamUser>({
      db: counting,
      canRead: (user, access) => {
        asked.push([user.id, access]);
        return user.id === access.userId || (user.roles.includes("officer") && user.authorityId === access.authorityId);
      },
    });
    const event = await enqueueOutbox(database.db, {
      topic: "payment.seen",
      aggregateId: application.id,
      // A payload's own claims do not count: the application row decides.
      payload: { applicationId: application.id, userId: "someone-else", authorityId: "other-evisa" },
    });
    const officer = { id: "officer", roles: ["officer"], authorityId: seed.authorityId };
    const otherOfficer = { id: "other", roles: ["officer"], authorityId: "other-evisa" };
    expect([
      await canSee({ id: owner.id, roles: ["traveller"] }, event),
      await canSee(officer, event),
      await canSee(otherOfficer, event),
      await canSee({ id: "someone-else", roles: ["traveller"] }, event),
    ]).toEqual([true, true, false, false]);
    expect(queries).toBe(1);
    expect(asked[0]).toEqual([
      owner.id,
      { userId: owner.id, organisationId: null, authorityId: seed.authorityId, state: "under_review" },
    ]);
  });

  test("nobody sees events that name no (existing) application", async () => {
    const canSee = createCanSeeApplicationEvent<StreamUser>({ db: database.db, canRead: () => true });
    const user = { id: "u", roles: ["support"] };
    for (const payload of [
      {},
      { applicationId: "not-a-uuid" },
      { applicationId: "0b6f7f5e-0000-4000-8000-000000000000" },
    ]) {
      const event = await enqueueOutbox(database.db, { topic: "t", aggregateId: "a", payload });
      expect(await canSee(user, event)).toBe(false);
    }
  });
});
