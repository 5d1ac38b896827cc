import { RelayedCallRevertedError, RelayerKeyConflictError } from "@entrada/chain";
import { HttpRequestError } from "viem";
import { describe, expect, test } from "vitest";
import { SettlerUnavailableError } from "../errors/payment.ts";
import { settlementBlockCodes } from "../errors/settlementBlockCodes.ts";
import {
  classifyIssuerHold,
  classifySettlementFailure,
  isIssuerHoldRevert,
  type SettlementFault,
} from "./classifySettlementFailure.ts";

const applicationId = `0x${"5c".repeat(32)}`;

/** The relayer's pre-flight refusal, as `createRelayer` throws it when the call would revert. */
const wouldRevert = (errorName: string | undefined, text: string): SettlementFault => ({
  type: "error",
  error: new RelayedCallRevertedError({ key: "release:0xabc", errorName, args: [], error: text }),
});

describe("classifySettlementFailure", () => {
  test.each([
    {
      name: "the escrow holds no such payment",
      fault: wouldRevert("EscrowNotOpen", `EscrowNotOpen(${applicationId})`),
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN" },
    },
    {
      name: "a release after the deadline",
      fault: wouldRevert("EscrowDeadlinePassed", `EscrowDeadlinePassed(${applicationId}, 1767226500)`),
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_DEADLINE_PASSED" },
    },
    {
      name: "a settler key the escrow does not know",
      fault: wouldRevert("EscrowUnauthorizedSettler", "EscrowUnauthorizedSettler(0x01, 0x02)"),
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_SETTLER_REFUSED" },
    },
    {
      name: "a deactivated authority",
      fault: wouldRevert("EscrowAuthorityInactive", "EscrowAuthorityInactive(0x01)"),
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_SETTLER_REFUSED" },
    },
    {
      name: "a revert the table does not know",
      fault: wouldRevert(undefined, "reverted with 0xdeadbeef"),
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_REVERTED" },
    },
    {
      name: "a claim before the chain's clock passed the deadline (it will)",
      fault: wouldRevert("EscrowDeadlineNotPassed", `EscrowDeadlineNotPassed(${applicationId}, 1767226500)`),
      expected: { outcome: "retry", code: "ENTRADA_RELAYED_CALL_REVERTED" },
    },
    {
      // Circle's FiatTokenV2_2 `require` messages, as the relayer decodes them.
      name: "the token's issuer blacklisted an account of the transfer",
      fault: wouldRevert("Error", 'Error("Blacklistable: account is blacklisted")'),
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER", recheckAfterMs: 300_000 },
    },
    {
      name: "the token's issuer paused the token",
      fault: wouldRevert("Error", 'Error("Pausable: paused")'),
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER", recheckAfterMs: 300_000 },
    },
    {
      name: "another require message is not the issuer's",
      fault: wouldRevert("Error", 'Error("FiatToken: transfer amount exceeds balance")'),
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_REVERTED" },
    },
    {
      // Blacklisted between the pre-flight and the block: held too, and re-checked.
      name: "mined and reverted by the issuer's blacklist",
      fault: { type: "reverted", reason: 'Error("Blacklistable: account is blacklisted")' },
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER", recheckAfterMs: 300_000 },
    },
    {
      name: "no settler key configured",
      fault: { type: "error", error: new SettlerUnavailableError({ authorityId: "gb-eta" }) },
      expected: { outcome: "block", code: "ENTRADA_SETTLER_UNAVAILABLE" },
    },
    {
      name: "a relayer key used for another call",
      fault: { type: "error", error: new RelayerKeyConflictError({ key: "release:0xabc", field: "data" }) },
      expected: { outcome: "block", code: "ENTRADA_RELAYER_KEY_CONFLICT" },
    },
    {
      name: "the RPC unreachable",
      fault: {
        type: "error",
        error: new HttpRequestError({ url: "http://127.0.0.1:8545", cause: new TypeError("fetch failed") }),
      },
      expected: { outcome: "retry", code: "ENTRADA_RELAYER_FAILED" },
    },
    {
      name: "a nonce taken by another process (the database refuses the row)",
      fault: {
        type: "error",
        error: new Error('duplicate key value violates "relayer_transactions_pending_nonce_key"'),
      },
      expected: { outcome: "retry", code: "ENTRADA_RELAYER_FAILED" },
    },
    {
      name: "something thrown that is not an Error",
      fault: { type: "error", error: "socket hang up" },
      expected: { outcome: "retry", code: "ENTRADA_RELAYER_FAILED" },
    },
    {
      name: "mined and reverted, a known error",
      fault: { type: "reverted", reason: `EscrowNotOpen(${applicationId})` },
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN" },
    },
    {
      // Its relayer key is spent: sending "again" would return the reverted transaction.
      name: "mined and reverted, even for a reason that passes",
      fault: { type: "reverted", reason: `EscrowDeadlineNotPassed(${applicationId}, 1)` },
      expected: { outcome: "block", code: "ENTRADA_RELAYED_CALL_REVERTED" },
    },
    {
      name: "mined and reverted out of gas",
      fault: { type: "reverted", reason: "reverted (out of gas)" },
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_REVERTED" },
    },
    {
      name: "its nonce went to another transaction",
      fault: { type: "replaced" },
      expected: { outcome: "block", code: "ENTRADA_SETTLEMENT_TX_REPLACED" },
    },
  ] satisfies {
    name: string;
    fault: SettlementFault;
    expected: { outcome: string; code: string; recheckAfterMs?: number };
  }[])("$name: $expected.outcome ($expected.code)", ({ fault, expected }) => {
    expect(classifySettlementFailure("release", fault)).toMatchObject(expected);
  });

  test("the message names the decoded contract error, in one line", () => {
    const failure = classifySettlementFailure(
      "release",
      wouldRevert("EscrowNotOpen", `EscrowNotOpen(${applicationId})`),
    );
    expect(failure.message).toBe(
      `The escrow holds no open payment for this application on the chain (never paid there, or already settled). (The call would revert with EscrowNotOpen(${applicationId}); it was not sent.)`,
    );
    const network = classifySettlementFailure("claim", {
      type: "error",
      error: new HttpRequestError({ url: "http://127.0.0.1:8545", cause: new TypeError("fetch failed") }),
    });
    expect(network.message).toBe("The relayer could not send the transaction: HTTP request failed.");
    expect(network.message).not.toContain("\n");
  });

  test("a block carries no re-check unless its code has one: only the issuer's hold lifts by itself", () => {
    const failure = classifySettlementFailure("refund", { type: "replaced" });
    expect(failure.recheckAfterMs).toBeUndefined();
    const rechecked = Object.entries(settlementBlockCodes).filter(([, entry]) => "recheckAfterMs" in entry);
    expect(rechecked).toEqual([
      ["ENTRADA_SETTLEMENT_HELD_BY_ISSUER", expect.objectContaining({ recheckAfterMs: 300_000 })],
    ]);
  });

  test("a held settlement's message says what the issuer did, that the money stays in escrow, and that nothing was sent", () => {
    expect(
      classifySettlementFailure("refund", wouldRevert("Error", 'Error("Blacklistable: account is blacklisted")'))
        .message,
    ).toBe(
      "The token's issuer has blacklisted an account that the payer's refund moves from or to; the money stays in the escrow and is sent once the issuer lifts it. (The call would revert with Error(\"Blacklistable: account is blacklisted\"); it was not sent.)",
    );
    const payer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    expect(classifyIssuerHold("claim", { paused: true, blacklisted: [{ role: "payer", address: payer }] })).toEqual({
      outcome: "block",
      code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
      message: `The token's issuer has paused the token and blacklisted the payer ${payer}; the payer's expiry claim stays in the escrow and is sent once the issuer lifts it. (Read from the token before sending; nothing was sent.)`,
      recheckAfterMs: 300_000,
    });
    expect(
      classifyIssuerHold("release", { paused: false, blacklisted: [{ role: "payout", address: payer }] }).message,
    ).toMatch(
      /^The token's issuer has blacklisted the authority's payout 0x7099.*; the authority's fee stays in the escrow/,
    );
  });

  test("a mined revert is the issuer's hold only for its two messages", () => {
    expect(isIssuerHoldRevert('Error("Pausable: paused")')).toBe(true);
    expect(isIssuerHoldRevert('Error("Blacklistable: account is blacklisted")')).toBe(true);
    expect(isIssuerHoldRevert(`EscrowNotOpen(${applicationId})`)).toBe(false);
    expect(isIssuerHoldRevert("reverted (out of gas)")).toBe(false);
    expect(isIssuerHoldRevert(null)).toBe(false);
  });
});
