import { cleanup, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi } from "../../officer/officerTestKit.tsx";
import { eligibilityAnswer, india, openVisa, refusedVisa, renderInLanguage } from "../travellerTestKit.tsx";
import { EligibleAlternatives } from "./EligibleAlternatives.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("EligibleAlternatives", () => {
  it("asks the eligibility check for the same nationality and trip and lists what is open instead, in the page's language", async () => {
    const calls = fakeApi((call) =>
      call.path === "/eligibility" ? eligibilityAnswer([refusedVisa, openVisa]) : undefined,
    );
    await renderInLanguage(<EligibleAlternatives nationality="PAK" product={refusedVisa} authority={india} />, {
      language: "zh",
    });
    await waitFor(() => expect(screen.getByTestId("alternative-in-ebusiness-30d")).toBeTruthy());
    expect(calls.map((call) => call.body)).toEqual([{ nationality: "PAK", destination: "IN", purpose: "business" }]);
    const list = screen.getByTestId("eligible-alternatives");
    expect(list.textContent).toContain("电子商务签证（30 天）");
    expect(list.textContent).toContain("印度内政部");
    // The refused product is not offered again.
    expect(screen.queryByTestId("alternative-in-ebusiness-1y")).toBeNull();
    expect(screen.getByRole("link", { name: "电子商务签证（30 天）" }).getAttribute("href")).toBe(
      "/apply/in-ebusiness-30d",
    );
  });

  it("says so when nothing else is open to the nationality, and still points to the trip's other options", async () => {
    fakeApi((call) => (call.path === "/eligibility" ? eligibilityAnswer([]) : undefined));
    await renderInLanguage(<EligibleAlternatives nationality="PAK" product={refusedVisa} authority={india} />, {
      language: "es",
    });
    await waitFor(() => expect(screen.getByTestId("eligible-alternatives").textContent).toContain("Aquí no hay otro"));
    expect(screen.getByRole("link", { name: "Ver otras opciones para su viaje" })).toBeTruthy();
  });
});
