import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi } from "../officer/officerTestKit.tsx";
import { HomePage } from "./HomePage.tsx";
import { eligibilityAnswer, india, openVisa, refusedVisa, renderInLanguage } from "./travellerTestKit.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("HomePage's eligibility check", () => {
  it("says, beside a product refused for the nationality, what is open instead — in Spanish, with Spanish numbers", async () => {
    fakeApi((call) => {
      if (call.path.startsWith("/catalogue/authorities")) return { items: [india], nextCursor: null };
      if (call.path.startsWith("/catalogue/products")) return { items: [refusedVisa, openVisa], nextCursor: null };
      if (call.path === "/eligibility") return eligibilityAnswer([openVisa]);
      return undefined;
    });
    await renderInLanguage(<HomePage />, { language: "es" });
    await screen.findByTestId("catalogue");
    fireEvent.change(screen.getByTestId("eligibility-nationality"), { target: { value: "PAK" } });
    fireEvent.change(screen.getByTestId("eligibility-destination"), { target: { value: "IN" } });
    fireEvent.change(screen.getByTestId("eligibility-purpose"), { target: { value: "business" } });
    fireEvent.click(screen.getByTestId("eligibility-submit"));
    const instead = await screen.findByTestId("instead-in-ebusiness-1y");
    expect(instead.textContent).toBe(
      "Con su nacionalidad puede solicitar en su lugar: e-Visado de negocios, 30 días (arriba).",
    );
    await waitFor(() => expect(screen.getByTestId("eligible-in-ebusiness-30d")).toBeTruthy());
    // The product facts say their numbers the Spanish way (80,00 US$, 365 días …).
    expect(screen.getByTestId("eligible-in-ebusiness-30d").textContent).toContain("80,00");
  }, 30_000); // the whole page, its country lists included: slow in happy-dom on a busy machine
});
