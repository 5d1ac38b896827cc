import { describe, expect, it } from "vitest";
import { BaseError, CodedError } from "./BaseError.ts";

describe("BaseError", () => {
  it("defaults to the internal error code and status 500", () => {
    const error = new BaseError("Something broke.");
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.status, error.message]).toEqual([
      "BaseError",
      "ENTRADA_INTERNAL",
      500,
      "Something broke.\nCode: ENTRADA_INTERNAL",
    ]);
    expect(error.details).toEqual({});
    expect(error.metaMessages).toEqual([]);
    expect(error.cause).toBeUndefined();
    expect(error.retryable).toBe(false);
  });

  it("says whether trying again later may succeed, for loops, and keeps it out of the API's answer", () => {
    const down = new CodedError("The provider is down.", { code: "X_DOWN", status: 503, retryable: true });
    const refused = new BaseError("The quote expired.", { code: "ENTRADA_QUOTE_EXPIRED" });
    expect([down.retryable, refused.retryable]).toEqual([true, false]);
    expect(down.toJSON()).toEqual({ code: "X_DOWN", message: "The provider is down.", details: {} });
  });

  it("takes its status from the registry and builds a message with context for logs", () => {
    const cause = new Error("RPC timeout");
    const error = new BaseError("The quote expired.", {
      code: "ENTRADA_QUOTE_EXPIRED",
      details: { expiresAt: 1, now: 2 },
      metaMessages: ["Request a new quote."],
      cause,
    });
    expect(error.status).toBe(409);
    expect(error.cause).toBe(cause);
    expect(error.message).toMatchInlineSnapshot(`
      "The quote expired.

      Request a new quote.

      Details: {"expiresAt":1,"now":2}
      Code: ENTRADA_QUOTE_EXPIRED"
    `);
  });

  it("serializes for the API without the log-only context", () => {
    const error = new BaseError("The quote expired.", {
      code: "ENTRADA_QUOTE_EXPIRED",
      details: { expiresAt: 1 },
      metaMessages: ["internal: signer 0xabc"],
    });
    expect(JSON.parse(JSON.stringify({ error }))).toEqual({
      error: { code: "ENTRADA_QUOTE_EXPIRED", message: "The quote expired.", details: { expiresAt: 1 } },
    });
  });
});
