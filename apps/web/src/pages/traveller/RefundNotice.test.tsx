import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ApplicationState, HistoryEntry } from "../../api/types.ts";
import { application, history } from "../officer/officerFixtures.ts";
import { RefundNotice } from "./RefundNotice.tsx";
import { renderInLanguage } from "./travellerTestKit.tsx";

afterEach(cleanup);

const refused: HistoryEntry = {
  id: "9",
  from: "under_review",
  to: "rejected",
  event: "reject",
  actorRole: "officer",
  reason: "The photo does not meet the requirements.",
  txHash: null,
  at: "2026-01-02T10:00:00.000Z",
};
const lapsed: HistoryEntry = { ...refused, to: "expired", event: "expire", actorRole: "system", reason: null };
const refundSeen: HistoryEntry = {
  ...refused,
  id: "10",
  from: "rejected",
  to: "refunded",
  event: "refund",
  reason: null,
};

async function show(state: ApplicationState, entries: HistoryEntry[], language: "en" | "zh" | "es" = "en") {
  await renderInLanguage(<RefundNotice application={application(state)} history={history(...entries)} />, {
    language,
  });
  return screen.queryByTestId("refund-notice");
}

describe("RefundNotice", () => {
  it("says how much is coming back and the officer's reason when the application is refused", async () => {
    const notice = await show("rejected", [refused]);
    expect(notice?.textContent).toBe(
      "Refund on its way to your wallet: 20.36 USDC" +
        "Why: the authority refused your application — “The photo does not meet the requirements.”" +
        "The whole amount you paid comes back, Entrada's fee included.",
    );
    expect(screen.getByTestId("refund-amount").getAttribute("title")).toBe("20.362697 USDC");
  });

  it("says the money is back, and why, once refunded", async () => {
    const notice = await show("refunded", [refused, refundSeen], "es");
    expect(notice?.dataset.refunded).toBe("true");
    expect(screen.getByTestId("refund-amount").textContent).toBe("20,36 USDC");
    expect(screen.getByTestId("refund-reason").textContent).toBe(
      "Motivo: la autoridad ha denegado su solicitud — «The photo does not meet the requirements.»",
    );
  });

  it("names the missed deadline when no decision came, in Chinese", async () => {
    await show("expired", [lapsed], "zh");
    expect(screen.getByTestId("refund-amount").textContent).toBe("20.36 USDC");
    expect(screen.getByTestId("refund-reason").textContent).toBe("原因：签证机关未在截止时间前作出决定。");
  });

  it("says nothing while the fee is held or released", async () => {
    for (const state of ["paid", "under_review", "issued"] as const) {
      expect(await show(state, [])).toBeNull();
      cleanup();
    }
  });
});
