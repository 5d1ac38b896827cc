import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import OfficerDashboardPage, { reconciliationCsvUrl } from "./OfficerDashboardPage.tsx";
import { officer } from "./officerFixtures.ts";
import { fakeApi, renderPage } from "./officerTestKit.tsx";
import type { OfficerStats } from "./officerTypes.ts";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const stats: OfficerStats = {
  authorityId: "gb-eta",
  days: 30,
  byState: { paid: 3, under_review: 1, needs_info: 0, approved: 0, issued: 7, rejected: 1, refunded: 2, expired: 0 },
  byDay: Array.from({ length: 30 }, (_, i) => ({
    day: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
    submitted: i === 29 ? 4 : 0,
    paid: i === 29 ? 3 : 0,
    decided: i === 28 ? 2 : 0,
  })),
  feesReleased: [
    { token: "USDC", amount: "142396485" },
    { token: "USDT", amount: "20000000" },
  ],
  timeToDecision: {
    count: 10,
    medianSeconds: 5400,
    p90Seconds: 93_600,
    p95Seconds: 100_800,
    withinServiceLevel: 7,
    serviceLevelHours: [2, 72],
  },
  overdue: 2,
};

async function open(answer: unknown) {
  const calls = fakeApi((call) => {
    if (call.path === "/auth/session") return { user: officer };
    if (call.path.startsWith("/catalogue/authorities")) return { items: [], nextCursor: null };
    if (call.path === "/officer/stats?days=30") return answer;
    return undefined;
  });
  await renderPage(<OfficerDashboardPage />, { path: "/officer/dashboard", route: "/officer/dashboard" });
  return calls;
}

describe("OfficerDashboardPage", () => {
  it("shows the figures as stat cards and charts with the same numbers in tables", async () => {
    await open(stats);
    const byState = await screen.findByTestId("chart-by-state");
    expect(within(byState).getByRole("heading", { name: "Applications by status" })).toBeTruthy();
    expect(within(byState).getByRole("img", { name: "Bar chart: applications by status" })).toBeTruthy();
    expect(within(byState).getByText("14 applications from payment on, by their status now.")).toBeTruthy();
    const stateRows = within(within(byState).getByRole("table")).getAllByRole("row");
    expect(stateRows.map((row) => row.textContent)).toEqual([
      "StatusApplications",
      "Paid3",
      "Under review1",
      "Information needed0",
      "Approved0",
      "Issued7",
      "Rejected1",
      "Refunded2",
      "Expired0",
    ]);

    const byDay = screen.getByTestId("chart-by-day");
    expect(within(byDay).getByText("Over the last 30 days: 4 submitted, 3 paid, 2 decided.")).toBeTruthy();
    const dayRows = within(within(byDay).getByRole("table")).getAllByRole("row");
    expect(dayRows).toHaveLength(31);
    expect(dayRows.at(-1)!.textContent).toBe("Jan 30, 2026430");

    const fees = screen.getByTestId("fees-released");
    expect(within(fees).getByText("142.396485 USDC")).toBeTruthy();
    expect(within(fees).getByText("20.00 USDT")).toBeTruthy();

    expect(screen.getByTestId("time-to-decision-median").textContent).toBe("1.5 hours");
    expect(screen.getByTestId("time-to-decision-p90").textContent).toBe("26 hours");
    expect(screen.getByTestId("time-to-decision-p95").textContent).toBe("28 hours");
    // Against the products' service levels: 7 of the 10 decisions met theirs.
    expect(screen.getByTestId("time-to-decision-service-level").textContent).toBe("2 h · 3 d");
    expect(screen.getByTestId("time-to-decision-within").textContent).toBe("7 of 10 (70%)");
    const overdue = screen.getByTestId("overdue");
    expect(within(overdue).getByText("2")).toBeTruthy();
    expect(within(overdue).getByRole("link").getAttribute("href")).toBe("/officer?state=overdue");
  });

  it("keeps each table in the accessibility tree and shows it on screen with the toggle", async () => {
    await open(stats);
    const byState = await screen.findByTestId("chart-by-state");
    const toggle = within(byState).getByRole("button", { name: "Show as a table" });
    const table = document.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect(table.className).toBe("visually-hidden");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(table.className).toBe("table-scroll");
    expect(toggle.textContent).toBe("Hide the table");
  });

  it("says when there are no decisions or fees yet", async () => {
    await open({
      ...stats,
      feesReleased: [],
      overdue: 0,
      timeToDecision: {
        count: 0,
        medianSeconds: null,
        p90Seconds: null,
        p95Seconds: null,
        withinServiceLevel: 0,
        serviceLevelHours: [2],
      },
    });
    expect(await screen.findByText("No fees released in the last 30 days yet.")).toBeTruthy();
    expect(screen.getByText("No decisions in the last 30 days yet.")).toBeTruthy();
    expect(screen.getByTestId("time-to-decision-median").textContent).toBe("—");
    expect(within(screen.getByTestId("overdue")).queryByRole("link")).toBeNull();
  });

  it("shows the error notice when the figures cannot be read", async () => {
    await open(undefined);
    const alert = await screen.findByRole("alert");
    expect(alert.dataset.errorCode).toBe("ENTRADA_NOT_FOUND");
    expect(screen.queryByTestId("chart-by-state")).toBeNull();
  });

  it("links the finance CSV of the dashboard's 30 days, today (UTC) included", async () => {
    await open(stats);
    const link = await screen.findByRole("link", { name: "Export for finance (CSV)" });
    expect(link.getAttribute("href")).toBe(reconciliationCsvUrl(new Date(), 30));
    expect(link.hasAttribute("download")).toBe(true);
    expect(reconciliationCsvUrl(new Date("2026-12-07T23:59:00Z"), 30)).toBe(
      "/api/v1/officer/reconciliation.csv?from=2026-11-08&to=2026-12-07",
    );
  });
});
