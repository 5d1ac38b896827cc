import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { QuoteDetails } from "../api/travellerTypes.ts";
import { renderInLanguage, unformattedNumbers } from "../pages/traveller/travellerTestKit.tsx";
import { QuoteSummary } from "./QuoteSummary.tsx";

afterEach(cleanup);

/** An open quote for a £16.00 fee at 1.27 USD/GBP, 0.1 % on top, its price locked for 14 more minutes. */
function openQuote(): QuoteDetails {
  const now = Date.now();
  return {
    id: "33333333-3333-4333-8333-333333333333",
    applicationId: "11111111-1111-4111-8111-111111111111",
    status: "open",
    chainId: 31337,
    token: "USDC",
    tokenAddress: "0x0000000000000000000000000000000000000002",
    payer: "0x0000000000000000000000000000000000000009",
    visaFee: { amount: "1600", currency: "GBP", formatted: "16.00" },
    tokenAmount: { amount: "20322033", currency: "USDC", formatted: "20.322033" },
    platformFee: { amount: "20322", currency: "USDC", formatted: "0.020322" },
    total: { amount: "20342355", currency: "USDC", formatted: "20.342355" },
    platformFeeBps: 10,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 14 * 60_000 + 30_000).toISOString(),
    decisionDeadline: "2031-01-01T00:00:00.000Z",
    digest: `0x${"d".repeat(64)}`,
    signature: `0x${"e".repeat(130)}`,
    rates: [{ pair: "GBP/USD", answer: "127000000", decimals: 8, updatedAt: 1_900_000_000, source: "feed" }],
    escrowQuote: {} as QuoteDetails["escrowQuote"],
  };
}

describe("QuoteSummary", () => {
  it("shows amounts to the cent in Spanish, the exact ones on hover and in the details, and the rate with a decimal comma", async () => {
    await renderInLanguage(<QuoteSummary quote={openQuote()} countdown />, { language: "es" });
    const total = screen.getByTestId("quote-total");
    expect(total.textContent).toBe("20,34 USDC");
    expect(total.querySelector("[title]")?.getAttribute("title")).toBe("20,342355 USDC");
    expect(screen.getByTestId("quote-total-exact").textContent).toBe("20,342355 USDC");
    const text = screen.getByTestId("quote").textContent ?? "";
    expect(text).toContain("GBP/USD: 1,27");
    expect(text).toContain("Comisión de Entrada (0,1\u00a0%)");
    expect(unformattedNumbers(text, "es")).toEqual([]);
  });

  it("writes the same quote the Chinese way, with no decimal comma", async () => {
    await renderInLanguage(<QuoteSummary quote={openQuote()} countdown />, { language: "zh" });
    expect(screen.getByTestId("quote-total").textContent).toBe("20.34 USDC");
    const text = screen.getByTestId("quote").textContent ?? "";
    expect(text).toContain("GBP/USD：1.27");
    expect(unformattedNumbers(text, "zh")).toEqual([]);
  });

  it("says the time left once: one timer, and no second line repeating it", async () => {
    await renderInLanguage(<QuoteSummary quote={openQuote()} countdown />, { language: "en" });
    const text = screen.getByTestId("quote").textContent ?? "";
    expect(text.match(/Price locked/g)).toHaveLength(1);
    expect(screen.getByTestId("quote-countdown").getAttribute("role")).toBe("timer");
    expect(screen.getByTestId("quote-countdown").textContent).toMatch(/^Price locked for 14:\d\d$/);
  });

  it("warns screen readers once when five minutes are left", async () => {
    const quote = { ...openQuote(), expiresAt: new Date(Date.now() + 298_000).toISOString() };
    await renderInLanguage(<QuoteSummary quote={quote} countdown />, { language: "es" });
    expect(screen.getByTestId("quote-countdown-warning").textContent).toBe("Precio bloqueado durante 5 minutos más");
    expect(screen.getByTestId("quote-countdown").textContent).toMatch(/^Precio bloqueado durante 4:5\d$/);
  });

  it("needs no exact details when the cent hides nothing", async () => {
    const quote = openQuote();
    const round = { amount: "20000000", currency: "USDC", formatted: "20.000000" };
    await renderInLanguage(
      <QuoteSummary
        quote={{
          ...quote,
          tokenAmount: round,
          platformFee: { ...round, amount: "20000", formatted: "0.020000" },
          total: { ...round, amount: "20020000", formatted: "20.020000" },
        }}
      />,
      { language: "en" },
    );
    expect(screen.queryByTestId("quote-exact")).toBeNull();
    expect(screen.getByTestId("quote-total").querySelector("[title]")).toBeNull();
  });
});
