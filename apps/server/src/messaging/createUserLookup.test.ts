import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp } from "../testing/createTestApp.ts";
import { signIn } from "../testing/signIn.ts";
import { readEmailCode } from "../testing/verifyEmail.ts";
import { createUserLookup } from "./createUserLookup.ts";
import { travellerToNotify } from "./travellerToNotify.ts";

describe.each(createTestDatabases())("the recipient of a traveller's messages on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await open();
    ({ app } = await createTestApp({ db: database.db }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  test("is the address the wallet traveller verified, in their language: none before the code is entered", async () => {
    const ana = await signIn(app);
    const lookup = createUserLookup({ db: database.db });
    const approved = {
      topic: "application.state_changed",
      payload: { userId: ana.id, to: "approved", actorRole: "officer" },
    };
    const post = (url: string, payload: object) =>
      app.inject({ method: "POST", url: `/api/v1${url}`, headers: ana.headers, payload });
    await app.inject({ method: "PATCH", url: "/api/v1/me/profile", headers: ana.headers, payload: { locale: "zh" } });

    expect(await lookup(travellerToNotify(approved)!)).toEqual({ email: null, locale: "zh" });
    await post("/me/email/verification", { email: "ana@example.org" });
    // A code sent is not yet an address: nothing would be mailed to it.
    expect(await lookup(travellerToNotify(approved)!)).toEqual({ email: null, locale: "zh" });
    const code = await readEmailCode(database.db, "ana@example.org");
    expect((await post("/me/email/verification/confirm", { email: "ana@example.org", code })).statusCode).toBe(200);
    expect(await lookup(travellerToNotify(approved)!)).toEqual({ email: "ana@example.org", locale: "zh" });
  });
});
