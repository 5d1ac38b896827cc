import { users } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serializeError } from "./serializeError.ts";

describe.each(createTestDatabases())("serializeError on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());

  test("a failed query keeps its SQL and code, never its parameters", async () => {
    const email = "anna.eriksson@example.org";
    await database.db.insert(users).values({ email });
    let failure: unknown;
    try {
      await database.db.insert(users).values({ email });
    } catch (error) {
      failure = error;
    }
    // Drizzle puts the parameters in the message and in `params`, PostgreSQL in `detail`.
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).toContain(email);
    const serialized = serializeError(failure);
    expect(JSON.stringify(serialized)).not.toContain(email);
    expect(serialized).toMatchObject({
      message: expect.stringContaining("params: [redacted]"),
      query: expect.stringContaining('insert into "users"'),
      cause: expect.objectContaining({ code: "23505", constraint: "users_email_key" }),
    });
  });

  test("scrubs addresses, phone numbers and tokens; follows causes; survives non-errors", () => {
    const error = new Error("provider said: <ana@example.org> +44 20 7946 0958 rejected", {
      cause: new Error("Authorization: Bearer sk_live_123"),
    });
    const serialized = serializeError(error);
    expect(JSON.stringify(serialized)).not.toMatch(/ana@example|7946|sk_live/);
    expect(serializeError("a string")).toMatchObject({
      type: "NonErrorThrownError",
      message: 'A string was thrown instead of an Error: "a string"',
      stack: expect.stringContaining("NonErrorThrownError"),
    });
    expect(serializeError(new Error("wrapped", { cause: { code: -32603 } }))).toMatchObject({
      cause: {
        type: "NonErrorThrownError",
        message: "An object was thrown instead of an Error: Object { code: -32603 }",
      },
    });
  });

  test("a URL keeps its origin only: its path or query may hold a provider's key", () => {
    const error = new Error(
      "HTTP request failed.\n\nURL: https://base-mainnet.g.alchemy.com/v2/AbCdEf123?x=1\nRequest body: {}",
    );
    const serialized = serializeError(error);
    expect(serialized.message).toBe(
      "HTTP request failed. URL: https://base-mainnet.g.alchemy.com/[path] Request body: {}",
    );
    expect(JSON.stringify(serialized)).not.toContain("AbCdEf123");
  });
});
