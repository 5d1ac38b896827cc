import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Settlement } from "../../api/types.ts";
import { renderPage } from "./officerTestKit.tsx";
import { SettlementPanel } from "./SettlementPanel.tsx";

afterEach(cleanup);

describe("SettlementPanel", () => {
  it("says a settlement held by the token issuer keeps the money in escrow and is checked again by the server", async () => {
    const held: Settlement = {
      kind: "refund",
      status: "blocked",
      txHash: null,
      attempts: 3,
      nextAttemptAt: "2026-01-02T10:05:00.000Z",
      reason: {
        code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
        message:
          "The token's issuer has blacklisted the payer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8; the payer's refund stays in the escrow and is sent once the issuer lifts it.",
      },
      updatedAt: "2026-01-02T10:00:00.000Z",
    };
    await renderPage(<SettlementPanel authorityId="gb-eta" applicationId="a1" settlement={held} />, {
      path: "/",
      route: "/",
    });
    const panel = screen.getByTestId("settlement");
    expect(panel.dataset.reason).toBe("ENTRADA_SETTLEMENT_HELD_BY_ISSUER");
    expect(panel.textContent).toContain(
      "Settlement blocked: the token's issuer has paused the token, or blacklisted the payer, the payout or the escrow; the money stays in the escrow",
    );
    expect(panel.textContent).toMatch(
      /Held by the token issuer: the money stays in the escrow\. The server checks the token again at .+ and sends the refund by itself once the block is lifted; a retry checks now\./,
    );
    expect(panel.textContent).not.toContain("will not be tried again");
    expect(panel.textContent).toContain("Details: The token's issuer has blacklisted the payer 0x7099");
    expect(screen.getByRole("button", { name: "Retry settlement" })).toBeTruthy();
  });
});
