import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WagmiProvider } from "wagmi";
import type { Me } from "../../api/types.ts";
import type { DisclosureView, IdentityCurrent } from "../../identity/identityTypes.ts";
import { createWagmiConfig } from "../../wallet/createWagmiConfig.ts";
import { type ApiCall, fakeApi, localConfig, renderPage } from "../officer/officerTestKit.tsx";
import { IdentityPage } from "./IdentityPage.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const anna: Me = {
  id: "00000000-0000-4000-8000-000000000001",
  via: "session",
  roles: ["traveller"],
  authorityId: null,
  organisationId: null,
  walletAddress: "0x0000000000000000000000000000000000000009",
};

const current: IdentityCurrent = {
  verification: {
    id: "v1",
    status: "passed",
    reasons: [],
    checkedAt: "2026-05-01T00:00:00Z",
    reviewedAt: null,
    documents: [],
    createdAt: "2026-05-01T00:00:00Z",
  },
  credential: {
    id: "c1",
    status: "active",
    issuedAt: "2026-05-01T00:00:00Z",
    expiresAt: "2027-05-01T00:00:00Z",
    revokedAt: null,
    revocationReason: null,
    statusList: { id: 1, index: 7, uri: "http://127.0.0.1/api/v1/identity/status-lists/1" },
  },
};

const disclosures: DisclosureView[] = [
  {
    id: "p2",
    authority: { id: "au-eta", name: "Department of Home Affairs" },
    productId: "au-eta",
    claims: ["given_name", "family_name", "age_equal_or_over.18"],
    presentedAt: "2026-05-02T00:00:00Z",
    applicationId: "a2",
  },
  {
    id: "p1",
    authority: { id: "gb-eta", name: "UK Home Office" },
    productId: "gb-eta",
    claims: ["given_name", "family_name", "document_number"],
    presentedAt: "2026-05-01T00:00:00Z",
    applicationId: null,
  },
];

function identityApi() {
  return fakeApi((call: ApiCall) => {
    if (call.path === "/auth/session") return { user: anna };
    if (call.path === "/identity/verifications/current") return current;
    if (call.path.startsWith("/identity/disclosures")) return { items: disclosures, nextCursor: null };
    if (call.path.startsWith("/catalogue/")) return { items: [], nextCursor: null };
    if (call.method === "DELETE" && call.path === "/me") {
      return {
        erasedAt: "2026-05-03T00:00:00Z",
        applicationsKept: 2,
        applicationsDeleted: 1,
        documentsShredded: 2,
        credentialsRevoked: 1,
      };
    }
    return undefined;
  });
}

/** The page at /identity, with a wallet configuration (signed out, it offers to sign in). */
const renderIdentityPage = () =>
  renderPage(
    <WagmiProvider config={createWagmiConfig(localConfig)}>
      <IdentityPage />
    </WagmiProvider>,
    { path: "/identity", route: "/identity" },
  );

describe("IdentityPage", () => {
  it("lists what was shared with whom, each claim by its name, with the application it filled", async () => {
    identityApi();
    await renderIdentityPage();
    const list = await screen.findByTestId("disclosures");
    const au = within(list).getByTestId("disclosure-au-eta");
    expect(au.textContent).toContain("Department of Home Affairs");
    expect(
      within(au)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["Given names", "Surname", "Aged 18 or over"]);
    expect(within(au).getByRole("link").getAttribute("href")).toBe("/applications/a2");
    expect(within(list).getByTestId("disclosure-gb-eta").textContent).toContain("Not used for an application.");
    // The server holds an active credential, this browser none (no IndexedDB here): revocable, re-issuable.
    expect(screen.getByTestId("revoke-form")).toBeTruthy();
  });

  it("deletes the account only after the phrase is typed, then says so", async () => {
    const calls = identityApi();
    await renderIdentityPage();
    const confirm = await screen.findByTestId("delete-confirm");
    fireEvent.change(confirm, { target: { value: "delete it" } });
    fireEvent.click(screen.getByTestId("delete-submit"));
    expect(confirm.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById("delete-confirm-error")?.textContent).toBe(
      'Type "delete my account" exactly to confirm.',
    );
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);

    fireEvent.change(confirm, { target: { value: "Delete my account " } });
    fireEvent.click(screen.getByTestId("delete-submit"));
    const done = await screen.findByTestId("account-deleted");
    expect(done.textContent).toContain("Applications kept anonymised: 2. Applications deleted: 1.");
    expect(calls.find((call) => call.method === "DELETE")?.body).toEqual({ confirm: "delete my account" });
    await waitFor(() => expect(screen.queryByTestId("delete-account")).toBeNull());
  });
});
