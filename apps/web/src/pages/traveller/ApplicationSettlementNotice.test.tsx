import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Settlement } from "../../api/types.ts";
import { renderPage } from "../officer/officerTestKit.tsx";
import { ApplicationSettlementNotice } from "./ApplicationSettlementNotice.tsx";

afterEach(cleanup);

function settlement(partial: Partial<Settlement>): Settlement {
  return {
    kind: "release",
    status: "sent",
    txHash: null,
    attempts: 1,
    nextAttemptAt: null,
    reason: null,
    updatedAt: "2026-01-02T10:00:00.000Z",
    ...partial,
  };
}

const escrowNotOpen = {
  code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN",
  message: "The escrow holds no open payment for this application on the chain.",
};

async function show(value: Settlement | null) {
  await renderPage(<ApplicationSettlementNotice settlement={value} />, { path: "/", route: "/" });
  return screen.queryByTestId("settlement-notice");
}

describe("ApplicationSettlementNotice", () => {
  it("tells the traveller their e-visa is delayed and why, in words, when the release is blocked", async () => {
    const notice = await show(settlement({ status: "blocked", reason: escrowNotOpen }));
    expect(notice?.textContent).toBe(
      "Your e-visa is delayed" +
        "The visa fee could not be paid to the authority yet: the escrow holds no payment for this application on the blockchain." +
        "Our team has been alerted and is working on it. You do not need to do anything.",
    );
    expect(notice?.textContent).not.toContain("ENTRADA_");
  });

  it("tells them their refund is late while it is retried", async () => {
    const notice = await show(
      settlement({
        kind: "claim",
        status: "queued",
        attempts: 4,
        reason: { code: "ENTRADA_RELAYER_FAILED", message: "HTTP request failed." },
      }),
    );
    expect(notice?.textContent).toBe(
      "Your refund is delayed" +
        "Your refund is taking longer than usual: the blockchain network cannot be reached right now." +
        "We keep trying automatically. You do not need to do anything.",
    );
  });

  it("explains a reason it has no words for as a problem on our side, never with its code", async () => {
    const notice = await show(
      settlement({ kind: "refund", status: "blocked", reason: { code: "ENTRADA_SETTLEMENT_NEW", message: "x" } }),
    );
    expect(notice?.textContent).toContain("Your refund could not be sent yet: a technical problem on our side.");
    expect(notice?.textContent).not.toContain("ENTRADA_");
  });

  it("says a refund held by the token issuer is safe in the escrow and moves by itself once lifted", async () => {
    const held = {
      code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
      message: "The token's issuer has blacklisted the payer 0x7099…; the payer's refund stays in the escrow.",
    };
    const notice = await show(
      settlement({ kind: "refund", status: "blocked", reason: held, nextAttemptAt: "2026-01-02T10:05:00.000Z" }),
    );
    expect(notice?.dataset.status).toBe("held");
    expect(notice?.textContent).toBe(
      "Held by the token issuer" +
        "The company that issues the stablecoin you paid with has paused it, or has blocked an address this payment goes to or from. While that lasts, nobody can move the money, not even us." +
        "Your refund will reach your wallet once the block is lifted." +
        "Your money is safe in the escrow: it can only go to the authority or back to you. It will move automatically as soon as the issuer lifts the block; we check every few minutes. You do not need to do anything.",
    );
    expect(notice?.textContent).not.toContain("0x");
    cleanup();
    // An e-visa waiting for its fee says so.
    expect((await show(settlement({ status: "blocked", reason: held })))?.textContent).toContain(
      "Your e-visa will be issued once the fee reaches the authority.",
    );
  });

  it("says nothing while the settlement goes as it should", async () => {
    expect(await show(null)).toBeNull();
    cleanup();
    expect(await show(settlement({ status: "queued" }))).toBeNull();
    cleanup();
    expect(await show(settlement({ status: "sent", txHash: `0x${"a".repeat(64)}` }))).toBeNull();
    cleanup();
    expect(await show(settlement({ status: "succeeded" }))).toBeNull();
  });
});
