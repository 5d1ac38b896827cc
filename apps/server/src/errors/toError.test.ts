import { expect, test } from "vitest";
import { NonErrorThrownError, toError } from "./toError.ts";

test("an Error is returned as it is", () => {
  const error = new TypeError("x is not a function");
  expect(toError(error)).toBe(error);
});

test("a thrown non-Error becomes an Error that says what was thrown", () => {
  const cases: [unknown, string][] = [
    ["boom", 'A string was thrown instead of an Error: "boom"'],
    [42, "A number was thrown instead of an Error: 42"],
    [false, "A boolean was thrown instead of an Error: false"],
    [10n, "A bigint was thrown instead of an Error: 10n"],
    [undefined, "The value undefined was thrown instead of an Error: undefined"],
    [null, "The value null was thrown instead of an Error: null"],
    [Symbol("stop"), "A symbol was thrown instead of an Error: Symbol(stop)"],
    [[1, 2, 3], "An array was thrown instead of an Error: an array of 3"],
    [{}, "An object was thrown instead of an Error: Object {}"],
    // An EIP-1193 provider's error object: its code and message are worth reading.
    [
      { code: -32000, message: "nonce too low", data: { secret: "0xabc" } },
      'An object was thrown instead of an Error: Object { code: -32000, message: "nonce too low", data }',
    ],
  ];
  for (const [thrown, message] of cases) {
    const error = toError(thrown);
    expect(error).toBeInstanceOf(NonErrorThrownError);
    expect(error.name).toBe("NonErrorThrownError");
    expect(error.message).toBe(message);
    expect(error.stack).toContain("toError.test.ts");
  }
});

test("the rendering is bounded and names other properties without their values", () => {
  class RpcFailure {
    token = "sk_live_secret";
    reason = "x".repeat(500);
  }
  const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
  const failure = toError(new RpcFailure()).message;
  expect(failure).toMatch(/^An object was thrown instead of an Error: RpcFailure \{ token, reason: "x{120}…" \}$/);
  expect(failure).not.toContain("sk_live");
  expect(toError(many).message).toBe(
    "An object was thrown instead of an Error: Object { k0, k1, k2, k3, k4, k5, k6, k7, … 4 more }",
  );
  expect(toError("y".repeat(1000)).message.length).toBeLessThan(200);
});
