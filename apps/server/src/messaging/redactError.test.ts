import { describe, expect, test } from "vitest";
import { redactError } from "./redactError.ts";

describe("redactError", () => {
  test("keeps the gist and drops addresses, numbers, tokens and credentials", () => {
    expect(
      [
        new Error("550 5.1.1 <ana.lopez+visa@example.co.uk>: Recipient address rejected"),
        new TypeError("fetch failed for +34 600 123 456"),
        new Error("401 from provider: Bearer sk_live_abc123 refused"),
        new Error("connect ECONNREFUSED smtp://mailer:hunter2@127.0.0.1:25"),
        "plain\nmultiline   text",
        { not: "an error" },
        new Error("block 12345678 seen"),
        new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") }),
      ].map(redactError),
    ).toMatchInlineSnapshot(`
      [
        "Error: 550 5.1.1 <[email]>: Recipient address rejected",
        "TypeError: fetch failed for [phone]",
        "Error: 401 from provider: Bearer [token] refused",
        "Error: connect ECONNREFUSED smtp://[credentials]@127.0.0.1:25",
        "plain multiline text",
        "Unknown error",
        "Error: block 12345678 seen",
        "TypeError: fetch failed (cause: Error: connect ECONNREFUSED 127.0.0.1:9)",
      ]
    `);
  });

  test("cuts long messages", () => {
    expect(redactError(new Error("x".repeat(5000)))).toHaveLength(500);
  });
});
