import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { signWebhook } from "./signWebhook.ts";
import { verifyWebhookSignature } from "./verifyWebhookSignature.ts";

const secret = "whsec_test_secret";
const body = '{"id":"42","type":"application.state_changed","created":1767225600,"data":{"to":"issued"}}';
const t = 1_767_225_600;
const now = new Date(t * 1000);

describe("signWebhook", () => {
  test("is HMAC-SHA256 of t.body in hex, as the header documents", () => {
    const header = signWebhook(secret, body, t);
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(signWebhook("k", "", 0)).toMatchInlineSnapshot(
      `"t=0,v1=6b4a4b8b3c40f1e8f53a3d36682e5f99f7ad2ac1df1c93dfe336f329167641e7"`,
    );
  });

  test("refuses a time that is not whole seconds", () => {
    expect(() => signWebhook(secret, body, 1.5)).toThrow(RangeError);
    expect(() => signWebhook(secret, body, -1)).toThrow(RangeError);
  });
});

describe("verifyWebhookSignature", () => {
  const header = signWebhook(secret, body, t);

  test("accepts the signature of the exact body within the tolerance", () => {
    expect(verifyWebhookSignature(header, body, secret, { now })).toEqual({ valid: true, timestamp: t });
    const later = new Date((t + 300) * 1000);
    expect(verifyWebhookSignature(header, body, secret, { now: later })).toEqual({ valid: true, timestamp: t });
  });

  test("refuses another body, another secret, or a replay outside the tolerance", () => {
    expect(verifyWebhookSignature(header, `${body} `, secret, { now })).toEqual({ valid: false, reason: "mismatch" });
    expect(verifyWebhookSignature(header, body, "other", { now })).toEqual({ valid: false, reason: "mismatch" });
    const late = new Date((t + 301) * 1000);
    expect(verifyWebhookSignature(header, body, secret, { now: late })).toEqual({ valid: false, reason: "expired" });
    const early = new Date((t - 301) * 1000);
    expect(verifyWebhookSignature(header, body, secret, { now: early })).toEqual({ valid: false, reason: "expired" });
    expect(verifyWebhookSignature(header, body, secret, { now: late, toleranceSeconds: 600 }).valid).toBe(true);
    // The signed time cannot be moved: the signature covers it.
    const moved = header.replace(`t=${t}`, `t=${t + 100}`);
    expect(verifyWebhookSignature(moved, body, secret, { now })).toEqual({ valid: false, reason: "mismatch" });
  });

  test("accepts any of several v1 signatures, for secret rotation", () => {
    const old = signWebhook("old_secret", body, t).split(",")[1];
    expect(verifyWebhookSignature(`${header},${old}`, body, "old_secret", { now }).valid).toBe(true);
    expect(verifyWebhookSignature(`${header},${old}`, body, secret, { now }).valid).toBe(true);
  });

  test("calls malformed what is not a signature header", () => {
    for (const bad of [undefined, "", "v1=abc", `t=${t}`, `t=${t},v1=xyz`, `t=abc,v1=${"0".repeat(64)}`, "garbage"]) {
      expect(verifyWebhookSignature(bad, body, secret, { now }), String(bad)).toEqual({
        valid: false,
        reason: "malformed",
      });
    }
  });
});
