import { describe, expect, test } from "vitest";
import { outboundPolicies } from "./outboundPolicies.ts";

describe("outboundPolicies", () => {
  test("production: webhooks and the KYC provider reach public https addresses only", () => {
    const policies = outboundPolicies({ env: "production", outbound: { allowLoopback: false } });
    expect(policies.webhooks).toEqual({ target: "webhooks", allowHttp: false, allow: [] });
    expect(policies.kycProvider).toEqual({ target: "kyc-provider", allowHttp: false, allow: [] });
  });

  test("development: http and loopback for the stand-ins, only while allowed", () => {
    const allowed = outboundPolicies({ env: "development", outbound: { allowLoopback: true } });
    expect(allowed.webhooks).toMatchObject({ allowHttp: true, allow: ["loopback"] });
    expect(allowed.kycProvider).toMatchObject({ allowHttp: true, allow: ["loopback"] });
    const refused = outboundPolicies({ env: "test", outbound: { allowLoopback: false } });
    expect(refused.webhooks.allow).toEqual([]);
  });

  test("the IPFS node, the operator's own, may be on loopback or a private network, never further", () => {
    for (const env of ["production", "development"] as const) {
      const { ipfs } = outboundPolicies({ env, outbound: { allowLoopback: false } });
      expect(ipfs).toMatchObject({ target: "ipfs", allowHttp: true, allow: ["loopback", "private"] });
      // A sealed document of up to 10 MiB must fit.
      expect(ipfs.maxResponseBytes).toBeGreaterThan(10 * 1024 * 1024);
    }
  });
});
