import { randomUUID } from "node:crypto";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Principal } from "../auth/Principal.ts";
import { createDraft } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { signIn } from "../testing/signIn.ts";
import { loadApplication, lockApplication, lockApplicationFor } from "./applicationAccess.ts";

/** The stable code an access check threw, or "none". */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "none";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe.each(createTestDatabases())("application access on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let id: string;
  let owner: Principal;
  const stranger: Principal = { id: randomUUID(), via: "session", roles: ["traveller"] };
  const support: Principal = { id: randomUUID(), via: "session", roles: ["traveller", "support"] };
  // The draft's authority, but a draft is not the authority's business until it is paid.
  const officer: Principal = { id: randomUUID(), via: "session", roles: ["officer"], authorityId: "gb-eta" };

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    const ana = await signIn(t.app);
    owner = { id: ana.id, via: "session", roles: ["traveller"] };
    id = (await createDraft(t.app, ana)).id;
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  test("gives the owner their application", async () => {
    const row = await loadApplication(database.db, owner, id, "application.update");
    expect({ id: row.id, state: row.state, userId: row.userId }).toEqual({ id, state: "draft", userId: owner.id });
  });

  test("answers 404 for a missing application and for one the caller may not see, 403 when they see it", async () => {
    const load = (principal: Principal | null, action: Parameters<typeof loadApplication>[3], which = id) =>
      codeOf(loadApplication(database.db, principal, which, action));
    expect({
      missing: await load(owner, "application.read", randomUUID()),
      anonymous: await load(null, "application.read"),
      stranger: await load(stranger, "application.cancel"),
      officerBeforePayment: await load(officer, "application.review"),
      supportReads: await load(support, "application.history"),
      supportCancels: await load(support, "application.cancel"),
    }).toEqual({
      missing: "ENTRADA_NOT_FOUND",
      anonymous: "ENTRADA_UNAUTHENTICATED",
      stranger: "ENTRADA_NOT_FOUND",
      officerBeforePayment: "ENTRADA_NOT_FOUND",
      supportReads: "none",
      supportCancels: "ENTRADA_FORBIDDEN",
    });
  });

  test("locks with the same answers inside a transaction", async () => {
    const lock = (principal: Principal | null, action: Parameters<typeof lockApplicationFor>[3]) =>
      codeOf(database.db.transaction((tx) => lockApplicationFor(tx, principal, id, action)));
    expect({
      owner: await lock(owner, "application.submit"),
      stranger: await lock(stranger, "application.submit"),
      support: await lock(support, "application.submit"),
      missing: await codeOf(database.db.transaction((tx) => lockApplication(tx, randomUUID()))),
    }).toEqual({
      owner: "none",
      stranger: "ENTRADA_NOT_FOUND",
      support: "ENTRADA_FORBIDDEN",
      missing: "ENTRADA_NOT_FOUND",
    });
  });
});
