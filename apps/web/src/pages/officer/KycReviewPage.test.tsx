import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Me } from "../../api/types.ts";
import type { KycReview } from "../../identity/identityTypes.ts";
import KycReviewPage from "./KycReviewPage.tsx";
import { type ApiCall, fakeApi, renderPage } from "./officerTestKit.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const reviewer: Me = {
  id: "00000000-0000-4000-8000-00000000000r",
  via: "session",
  roles: ["traveller", "kyc_reviewer"],
  authorityId: null,
  organisationId: null,
  walletAddress: null,
};

const flagged: KycReview = {
  id: "5c1c8ea0-1b7d-4c1e-9a57-0d3f6b1c2e4a",
  userId: "00000000-0000-4000-8000-000000000002",
  status: "flagged",
  outcome: "flagged",
  reasons: [
    {
      code: "sanctions_match",
      outcome: "flagged",
      details: {
        matches: [
          {
            entryId: 9000004,
            score: 0.97,
            listedName: "LI, Moxuan",
            matchedName: "LEE, Mo Xuan",
            matchedAs: "aka",
            programs: ["DEMO-EAST"],
            birthYears: [1980],
            birthYearMatches: true,
          },
        ],
      },
    },
    {
      code: "duplicate_identity",
      outcome: "flagged",
      details: {
        subjectId: "00000000-0000-4000-8000-000000000009",
        otherVerification: {
          id: "9d1f0c3a-0000-4000-8000-000000000001",
          checkedAt: "2030-01-02T03:04:05.000Z",
          status: "passed",
        },
      },
    },
    { code: "name_variant", outcome: "flagged", field: "givenNames" },
  ],
  passport: {
    surname: "Li",
    givenNames: "Mòxuān",
    documentNumber: "E12345678",
    nationality: "CHN",
    birthDate: "1980-05-20",
    sex: "F",
    expiryDate: "2031-11-26",
  },
  mrz: ["P<CHNLI<<MOXUAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "E123456782CHN8005207F3111264<<<<<<<<<<<<<<<8"],
  identity: {
    surname: "Li",
    givenNames: "Mòxuān",
    documentNumber: "E12345678",
    nationality: "CHN",
    birthDate: "1980-05-20",
    sex: "F",
    expiryDate: "2031-11-26",
    issuingCountry: "CHN",
  },
  provider: null,
  documents: [
    { id: "d1", kind: "passport_bio_page", contentType: "image/png", size: 3000, createdAt: "2026-05-01T00:00:00Z" },
  ],
  checkedAt: "2026-05-01T00:00:00Z",
  createdAt: "2026-05-01T00:00:00Z",
  review: null,
};

describe("KycReviewPage", () => {
  it("offers a demo reviewer sign-in to anyone else on the local chain", async () => {
    const calls = fakeApi((call: ApiCall) => {
      if (call.path === "/auth/session") return { user: null };
      if (call.path === "/auth/dev-login") return { user: reviewer, expiresAt: "2099-01-01T00:00:00Z" };
      if (call.path.startsWith("/identity/reviews")) return { items: [], nextCursor: null };
      return undefined;
    });
    await renderPage(<KycReviewPage />, { path: "/officer/kyc", route: "/officer/kyc" });
    fireEvent.click(await screen.findByTestId("kyc-sign-in"));
    await screen.findByTestId("kyc-empty");
    expect(calls.find((call) => call.path === "/auth/dev-login")?.body).toEqual({ role: "kyc_reviewer" });
  });

  it("shows why a case was flagged, and records a decision only with a reason", async () => {
    let decided = false;
    const calls = fakeApi((call: ApiCall) => {
      if (call.path === "/auth/session") return { user: reviewer };
      if (call.path.startsWith("/identity/reviews?")) return { items: decided ? [] : [flagged], nextCursor: null };
      if (call.path === `/identity/reviews/${flagged.id}/decide`) {
        decided = true;
        return { id: flagged.id, status: "failed", outcome: "flagged", review: {} };
      }
      return undefined;
    });
    await renderPage(<KycReviewPage />, { path: "/officer/kyc", route: "/officer/kyc" });
    const item = await screen.findByTestId(`kyc-case-${flagged.id}`);
    const reasons = within(item).getByTestId("kyc-reasons");
    expect(reasons.querySelector('[data-reason="sanctions_match"]')?.textContent).toBe(
      "Possible sanctions list matchsanctions list entry 9000004, 97 % similar" +
        "Listed as: LI, MoxuanMatched the alias LEE, Mo Xuan (also known as)Programmes: DEMO-EAST" +
        "Listed year(s) of birth: 1980",
    );
    const duplicate = reasons.querySelector('[data-reason="duplicate_identity"]')?.textContent;
    expect(duplicate).toContain("Already verified by account 00000000-0000-4000-8000-000000000009.");
    expect(duplicate).toMatch(/Their check 9d1f0c3a of .*2030.*: passed\./);
    expect(reasons.querySelector('[data-reason="name_variant"]')?.textContent).toContain("Field: Given names");
    expect(within(item).getByRole("img", { name: "Photo page of your passport" }).getAttribute("src")).toBe(
      "/api/v1/identity/documents/d1",
    );

    fireEvent.click(within(item).getByTestId("kyc-fail"));
    const reason = within(item).getByTestId("kyc-reason");
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(reason);
    expect(calls.some((call) => call.path.endsWith("/decide"))).toBe(false);

    fireEvent.change(reason, { target: { value: "Date of birth matches the listed person." } });
    fireEvent.click(within(item).getByTestId("kyc-fail"));
    await waitFor(() => expect(screen.getByTestId("kyc-announcement").textContent).toBe("Case 5c1c8ea0 failed."));
    const decision = calls.find((call) => call.path.endsWith("/decide"))!;
    expect(decision.body).toEqual({ decision: "fail", reason: "Date of birth matches the listed person." });
    expect(decision.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    await screen.findByTestId("kyc-empty");
  });
});
