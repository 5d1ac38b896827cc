import { emailVerifications, notifications, users } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp } from "../testing/createTestApp.ts";
import type { TestClock } from "../testing/createTestClock.ts";
import { signIn, type TestUser } from "../testing/signIn.ts";
import { readEmailCode, verifyEmail } from "../testing/verifyEmail.ts";

describe.each(createTestDatabases())("profile routes on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock: TestClock;
  let ana: TestUser;
  let ben: TestUser;

  beforeAll(async () => {
    database = await open();
    ({ app, clock } = await createTestApp({ db: database.db }));
    ana = await signIn(app);
    ben = await signIn(app);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const get = (user: TestUser) => app.inject({ method: "GET", url: "/api/v1/me/profile", headers: user.headers });
  const patch = (user: TestUser, payload: unknown) =>
    app.inject({ method: "PATCH", url: "/api/v1/me/profile", headers: user.headers, payload: payload as object });
  const requestCode = (user: TestUser, email: string) =>
    app.inject({ method: "POST", url: "/api/v1/me/email/verification", headers: user.headers, payload: { email } });
  const confirm = (user: TestUser, email: string, code: string) =>
    app.inject({
      method: "POST",
      url: "/api/v1/me/email/verification/confirm",
      headers: user.headers,
      payload: { email, code },
    });
  /** A code that is not `code`: the next number, six digits. */
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  const newUser = async (locale?: "en" | "zh" | "es") => {
    const user = await signIn(app);
    if (locale) expect((await patch(user, { locale })).statusCode).toBe(200);
    return user;
  };

  test("a wallet user starts without an e-mail, in English", async () => {
    const response = await get(ana);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ email: null, pendingEmail: null, locale: "en" });
  });

  test("the right code makes the address (normalised to lower case) the notification address", async () => {
    const sent = await requestCode(ana, " Ana@Example.ORG ");
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({
      status: "sent",
      email: "ana@example.org",
      expiresAt: new Date(clock().getTime() + 15 * 60_000).toISOString(),
    });
    expect((await get(ana)).json()).toEqual({ email: null, pendingEmail: "ana@example.org", locale: "en" });
    // Only a hash is stored: the code is not in the table.
    const code = await readEmailCode(database.db, "ana@example.org");
    const [row] = await database.db.select().from(emailVerifications).where(eq(emailVerifications.userId, ana.id));
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);

    const confirmed = await confirm(ana, "ana@example.org", code);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ email: "ana@example.org", pendingEmail: null, locale: "en" });
    // Spent: the same code does not work twice.
    expect((await confirm(ana, "ana@example.org", code)).json().error.code).toBe("ENTRADA_EMAIL_CODE_EXPIRED");
    // Asking again for the address it has already sends nothing.
    expect((await requestCode(ana, "ana@example.org")).json()).toEqual({
      status: "verified",
      email: "ana@example.org",
      expiresAt: null,
    });
  });

  test("the code e-mail is in the user's language", async () => {
    for (const [locale, subject, line] of [
      ["zh", /^您的 Entrada 验证码：\d{6}$/, "验证码 15 分钟内有效"],
      ["es", /^Su código de Entrada: \d{6}$/, "El código es válido durante 15 minutos"],
      ["en", /^Your Entrada code: \d{6}$/, "The code is valid for 15 minutes"],
    ] as const) {
      const user = await newUser(locale);
      const email = `${user.id}@example.org`;
      expect((await requestCode(user, email)).statusCode).toBe(200);
      const [mail] = await database.db.select().from(notifications).where(eq(notifications.to, email));
      expect(mail).toMatchObject({ channel: "email", locale, template: "email_code", userId: user.id, status: "sent" });
      expect(mail!.subject).toMatch(subject);
      expect(mail!.body).toContain(line);
      expect(mail!.body).toContain(mail!.subject!.slice(-6));
    }
  });

  test("a wrong code counts; after five the code is dead", async () => {
    const user = await newUser();
    const email = `${user.id}@example.org`;
    await requestCode(user, email);
    const code = await readEmailCode(database.db, email);
    for (const attemptsLeft of [4, 3, 2, 1]) {
      const response = await confirm(user, email, wrong(code));
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: "ENTRADA_EMAIL_CODE_WRONG", details: { attemptsLeft } });
    }
    const fifth = await confirm(user, email, wrong(code));
    expect(fifth.statusCode).toBe(409);
    expect(fifth.json().error).toMatchObject({
      code: "ENTRADA_EMAIL_CODE_ATTEMPTS_EXCEEDED",
      details: { maxAttempts: 5 },
    });
    // Even the right code no longer works, and the page no longer asks for it.
    expect((await confirm(user, email, code)).json().error.code).toBe("ENTRADA_EMAIL_CODE_ATTEMPTS_EXCEEDED");
    expect((await get(user)).json()).toMatchObject({ email: null, pendingEmail: null });
  });

  test("a code expires after 15 minutes, and counts for its own address only", async () => {
    const user = await newUser();
    const email = `${user.id}@example.org`;
    await requestCode(user, email);
    const code = await readEmailCode(database.db, email);
    expect((await confirm(user, `other.${email}`, code)).json().error.code).toBe("ENTRADA_EMAIL_CODE_EXPIRED");
    clock.advance(15 * 60);
    const late = await confirm(user, email, code);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("ENTRADA_EMAIL_CODE_EXPIRED");
    expect((await get(user)).json()).toMatchObject({ email: null, pendingEmail: null });
  });

  test("codes are sent once a minute and five an hour; a newer code replaces the older", async () => {
    const user = await newUser();
    const email = `${user.id}@example.org`;
    expect((await requestCode(user, email)).statusCode).toBe(200);
    const first = await readEmailCode(database.db, email);
    const again = await requestCode(user, email);
    expect(again.statusCode).toBe(429);
    expect(again.headers["retry-after"]).toBe("60");
    expect(again.json().error).toMatchObject({
      code: "ENTRADA_EMAIL_CODE_RATE_LIMITED",
      details: { scope: "resend", retryAfterSeconds: 60 },
    });
    for (let sent = 2; sent <= 5; sent++) {
      clock.advance(61);
      expect((await requestCode(user, email)).statusCode).toBe(200);
    }
    clock.advance(61);
    const sixth = await requestCode(user, email);
    expect(sixth.statusCode).toBe(429);
    // The first of the five was sent 5 × 61 s ago: the hour ends 3,600 − 305 s later.
    expect(sixth.json().error).toMatchObject({ details: { scope: "hour", retryAfterSeconds: 3_295 } });
    const newest = await readEmailCode(database.db, email);
    if (newest !== first) {
      expect((await confirm(user, email, first)).json().error.code).toBe("ENTRADA_EMAIL_CODE_WRONG");
    }
    expect((await confirm(user, email, newest)).statusCode).toBe(200);
  });

  test("another account's address is refused, before a code is sent and when entered", async () => {
    const taken = await requestCode(ben, "ana@example.org");
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe("ENTRADA_EMAIL_TAKEN");
    // Two users verify the same address at once: the second to enter the code is refused.
    const cy = await newUser();
    const dee = await newUser();
    await requestCode(cy, "shared@example.org");
    const cyCode = await readEmailCode(database.db, "shared@example.org");
    await requestCode(dee, "shared@example.org");
    const deeCode = await readEmailCode(database.db, "shared@example.org");
    expect((await confirm(dee, "shared@example.org", deeCode)).statusCode).toBe(200);
    const late = await confirm(cy, "shared@example.org", cyCode);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("ENTRADA_EMAIL_TAKEN");
    expect((await get(cy)).json().email).toBeNull();
  });

  test("the profile sets the language and removes the address, but sets no new one without its code", async () => {
    const user = await newUser();
    await verifyEmail(app, database.db, user, `${user.id}@example.org`);
    expect((await patch(user, { locale: "zh" })).json()).toEqual({
      email: `${user.id}@example.org`,
      pendingEmail: null,
      locale: "zh",
    });
    const unverified = await patch(user, { email: "new@example.org" });
    expect(unverified.statusCode).toBe(409);
    expect(unverified.json().error.code).toBe("ENTRADA_EMAIL_UNVERIFIED");
    expect((await patch(user, { email: null })).json()).toEqual({ email: null, pendingEmail: null, locale: "zh" });
    const [row] = await database.db.select({ email: users.email }).from(users).where(eq(users.id, user.id));
    expect(row!.email).toBeNull();
  });

  test("refuses an unknown language, garbage, a malformed code and an empty change", async () => {
    for (const body of [{ locale: "fr" }, { email: "not-an-address" }, {}, { email: "a@b.co", extra: 1 }]) {
      const response = await patch(ben, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe("ENTRADA_VALIDATION");
    }
    for (const code of ["12345", "1234567", "abcdef"]) {
      expect((await confirm(ben, "ben@example.org", code)).json().error.code).toBe("ENTRADA_VALIDATION");
    }
    expect((await get(ben)).json()).toEqual({ email: null, pendingEmail: null, locale: "en" });
  });

  test("needs a session", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/me/profile" });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("ENTRADA_UNAUTHENTICATED");
    const send = await app.inject({
      method: "POST",
      url: "/api/v1/me/email/verification",
      payload: { email: "x@example.org" },
    });
    expect(send.statusCode).toBe(401);
  });
});
