import { cleanup, screen, waitFor } from "@testing-library/react";
import { IDBFactory } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createConfig, http, WagmiProvider } from "wagmi";
import type { ApplicationDetails, Evisa } from "../../api/travellerTypes.ts";
import { saveEvisa } from "../../identity/holderStore.ts";
import { liveEventQueryKeys } from "../../live/liveEventQueryKeys.ts";
import { createWagmiConfig } from "../../wallet/createWagmiConfig.ts";
import { fakeApi, localConfig } from "../officer/officerTestKit.tsx";
import { ApplicationPage } from "./ApplicationPage.tsx";
import { india, openVisa, renderInLanguage } from "./travellerTestKit.tsx";

// The application page with the e-visa: it appears when a live event says the application was
// issued, with no reload; and with the server out of reach, the copy kept on this device shows.

const id = "5f0c2a9e-1b7d-4c1e-9a57-0d3f6b1c2e4a";

function application(state: ApplicationDetails["state"]): ApplicationDetails {
  return {
    id,
    reference: "ENT-7K3Q-9XPA",
    onchainId: `0x${"a1".repeat(32)}`,
    productId: openVisa.id,
    authorityId: india.id,
    organisationId: null,
    state,
    decisionDeadline: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    applicant: {
      id: "a1",
      givenNames: "Li",
      surname: "Wei",
      dateOfBirth: "1990-01-01",
      sex: "F",
      nationality: "CHN",
      passportNumber: "E12345678",
      passportExpiryDate: "2030-01-01",
      passportIssuingCountry: "CHN",
      verificationStatus: "passed",
    },
    answers: {},
    quote: null,
    actions: [],
    documents: [],
    requestedDocuments: [],
    settlement: null,
  };
}

const evisa: Evisa = {
  sdJwt: "eyJhbGciOiJFUzI1NiJ9.eyJ2Y3QiOiJldmlzYSJ9.c2ln~",
  seal: "3AIBQ0hOAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd",
  sealEncoding: "base64url",
  qrPng: "data:image/png;base64,iVBORw0KGgo=",
  pdfUrl: `/api/v1/applications/${id}/evisa.pdf`,
  status: "valid",
  validFrom: "2026-01-02",
  validUntil: "2026-03-31",
  reference: "ENT-7K3Q-9XPA",
  issuedAt: "2026-01-02T10:00:00.000Z",
  revokedAt: null,
  revokeReason: null,
};

let idb: IDBFactory;
beforeEach(() => {
  idb = new IDBFactory();
  vi.stubGlobal("indexedDB", idb);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderApplicationPage() {
  const config = createConfig({
    chains: createWagmiConfig(localConfig).chains,
    connectors: [],
    transports: { [localConfig.chain.id]: http(localConfig.chain.rpcUrl, { fetchFn: fetch }) },
  });
  return renderInLanguage(
    <WagmiProvider config={config}>
      <ApplicationPage />
    </WagmiProvider>,
    { language: "zh", path: `/applications/${id}`, route: "/applications/:id" },
  );
}

describe("ApplicationPage's e-visa", () => {
  it("shows the e-visa card when a live event says the application was issued, with no reload", async () => {
    let state: ApplicationDetails["state"] = "approved";
    const calls = fakeApi(({ path }) => {
      if (path === "/auth/session") return { user: { id: "u1", roles: ["traveller"], walletAddress: null } };
      if (path.startsWith("/catalogue/authorities")) return { items: [india], nextCursor: null };
      if (path.startsWith("/catalogue/products")) return { items: [openVisa], nextCursor: null };
      if (path === `/applications/${id}`) return application(state);
      if (path === `/applications/${id}/history`) return { items: [] };
      if (path === `/applications/${id}/evisa`) return evisa;
      return undefined;
    });
    const { queryClient } = await renderApplicationPage();
    await screen.findByTestId("application-id");
    expect(screen.queryByTestId("evisa-card")).toBeNull();
    expect(calls.some((call) => call.path.endsWith("/evisa"))).toBe(false);

    state = "issued";
    for (const queryKey of liveEventQueryKeys("application.issued", { applicationId: id })) {
      await queryClient.invalidateQueries({ queryKey });
    }
    const card = await screen.findByTestId("evisa-card");
    expect(card.textContent).toContain("多次入境");
    expect(card.textContent).toContain("每次入境 180 天");
  });

  it("shows the e-visa kept on this device when the server cannot be reached", async () => {
    await saveEvisa({ applicationId: id, userId: "u1", ...evisa, entries: "multiple", stayDays: 180 }, idb);
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await renderApplicationPage();
    const card = await screen.findByTestId("evisa-card");
    expect(screen.getByTestId("evisa-offline").textContent).toMatch(/^离线：这是 .+ 保存到此设备的副本。/);
    expect(screen.getByTestId("evisa-reference").textContent).toBe("ENT-7K3Q-9XPA");
    // Offline is said as offline, not as signed out.
    expect(document.body.textContent).not.toContain("登录");
    await waitFor(() => expect(card.dataset.status).toBe("valid"));
  });
});
