import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { IDBFactory } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Evisa } from "../../api/travellerTypes.ts";
import { loadSavedEvisa } from "../../identity/holderStore.ts";
import { fakeApi } from "../officer/officerTestKit.tsx";
import { EvisaCard } from "./EvisaCard.tsx";
import { openVisa, renderInLanguage, unformattedNumbers } from "./travellerTestKit.tsx";

// The card against a fake API (the e-visa's JSON as the server gives it) and a real IndexedDB
// implementation (fake-indexeddb), fresh for each test, as the browser's wallet store.

const applicationId = "5f0c2a9e-1b7d-4c1e-9a57-0d3f6b1c2e4a";
// A 1×1 PNG: the card shows whatever image the server drew.
const qrPng =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==";

function evisa(partial: Partial<Evisa> = {}): Evisa {
  return {
    sdJwt: "eyJhbGciOiJFUzI1NiJ9.eyJ2Y3QiOiJldmlzYSJ9.c2ln~WyJzYWx0IiwibmFtZSIsIkxJIl0~",
    seal: "3AIBQ0hOAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd",
    sealEncoding: "base64url",
    qrPng,
    pdfUrl: `/api/v1/applications/${applicationId}/evisa.pdf`,
    status: "valid",
    validFrom: "2026-01-02",
    validUntil: "2026-03-31",
    reference: "ENT-7K3Q-9XPA",
    issuedAt: "2026-01-02T10:00:00.000Z",
    revokedAt: null,
    revokeReason: null,
    ...partial,
  };
}

let idb: IDBFactory;
beforeEach(() => {
  idb = new IDBFactory();
  vi.stubGlobal("indexedDB", idb);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function show(language: "en" | "zh" | "es") {
  await renderInLanguage(<EvisaCard applicationId={applicationId} userId="u1" product={openVisa} />, { language });
  return screen.findByTestId("evisa-card");
}

describe("EvisaCard", () => {
  it("shows the e-visa in Chinese: validity in Chinese dates, entries, stay, the QR large enough to scan, the PDF", async () => {
    fakeApi(({ path }) => (path === `/applications/${applicationId}/evisa` ? evisa() : undefined));
    const card = await show("zh");
    expect(card.dataset.status).toBe("valid");
    expect(screen.getByTestId("evisa-status").textContent).toBe(
      "有效在边境或向航空公司出示此二维码。即使没有网络也能核验。",
    );
    expect(screen.getByTestId("evisa-validity").textContent).toBe("2026年1月2日 至 2026年3月31日");
    expect(card.textContent).toContain("多次入境");
    expect(card.textContent).toContain("每次入境 180 天");
    expect(screen.getByTestId("evisa-reference").textContent).toBe("ENT-7K3Q-9XPA");
    const qr = screen.getByTestId("evisa-qr") as HTMLImageElement;
    expect(qr.getAttribute("src")).toBe(qrPng);
    expect(qr.alt).toBe("电子签证 ENT-7K3Q-9XPA 的二维码，供边境扫描");
    expect(qr.width).toBeGreaterThanOrEqual(200);
    const pdf = screen.getByTestId("evisa-pdf") as HTMLAnchorElement;
    expect(pdf.getAttribute("href")).toBe(`/api/v1/applications/${applicationId}/evisa.pdf`);
    expect(pdf.hasAttribute("download")).toBe(true);
    expect(pdf.textContent).toBe("下载 PDF");
    // No English but the reference and "PDF"; numbers written the Chinese way.
    const text = card.textContent!.replace("ENT-7K3Q-9XPA", "").replace(/PDF/g, "");
    expect(text.match(/[A-Za-z]{2,}/g)).toBeNull();
    expect(unformattedNumbers(card.textContent!, "zh")).toEqual([]);
  });

  it("says in Spanish that a revoked e-visa is revoked, with the authority's reason", async () => {
    fakeApi(({ path }) =>
      path === `/applications/${applicationId}/evisa`
        ? evisa({
            status: "revoked",
            revokedAt: "2026-01-05T08:00:00.000Z",
            revokeReason: "Pasaporte declarado perdido",
          })
        : undefined,
    );
    const card = await show("es");
    expect(card.dataset.status).toBe("revoked");
    expect(screen.getByTestId("evisa-status").textContent).toBe(
      "Revocado" +
        "La autoridad ha revocado este e-visado. Ya no sirve para viajar." +
        "Motivo indicado por la autoridad: Pasaporte declarado perdido",
    );
    expect(screen.getByTestId("evisa-validity").textContent).toBe("del 2 ene 2026 al 31 mar 2026");
    expect(card.textContent).toContain("Entradas múltiples");
    expect(card.textContent).toContain("180 días por entrada");
    expect(unformattedNumbers(card.textContent!, "es")).toEqual([]);
  });

  it("saves the e-visa to this device, says so, and shows the saved copy when the server cannot be reached", async () => {
    fakeApi(({ path }) => (path === `/applications/${applicationId}/evisa` ? evisa() : undefined));
    await show("en");
    expect(screen.getByTestId("evisa-saved").textContent).toBe("");
    fireEvent.click(screen.getByTestId("evisa-save"));
    await waitFor(() => expect(screen.getByTestId("evisa-saved").textContent).toMatch(/^Saved on this device on /));
    expect(screen.queryByTestId("evisa-save")).toBeNull();
    const saved = await loadSavedEvisa(applicationId, idb);
    expect(saved).toMatchObject({
      applicationId,
      userId: "u1",
      sdJwt: evisa().sdJwt,
      seal: evisa().seal,
      qrPng,
      status: "valid",
      validFrom: "2026-01-02",
      validUntil: "2026-03-31",
      reference: "ENT-7K3Q-9XPA",
      entries: "multiple",
      stayDays: 180,
    });
    cleanup();

    // Offline: no answer from the server, the copy kept in IndexedDB.
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    const card = await show("en");
    expect(screen.getByTestId("evisa-offline").textContent).toMatch(
      /^Offline: this is the copy saved on this device on .+\. A revocation since then would not show here\.$/,
    );
    expect(screen.getByTestId("evisa-reference").textContent).toBe("ENT-7K3Q-9XPA");
    expect(card.textContent).toContain("Multiple entries");
    expect(screen.queryByTestId("evisa-pdf")).toBeNull();
  });

  it("brings the saved copy up to date when the server says the e-visa was revoked", async () => {
    fakeApi(({ path }) => (path === `/applications/${applicationId}/evisa` ? evisa() : undefined));
    await show("en");
    fireEvent.click(screen.getByTestId("evisa-save"));
    await waitFor(() => expect(screen.queryByTestId("evisa-save")).toBeNull());
    cleanup();

    fakeApi(({ path }) =>
      path === `/applications/${applicationId}/evisa` ? evisa({ status: "revoked", revokeReason: "Fraud" }) : undefined,
    );
    await show("en");
    await waitFor(async () => expect((await loadSavedEvisa(applicationId, idb))?.status).toBe("revoked"));
    expect((await loadSavedEvisa(applicationId, idb))?.revokeReason).toBe("Fraud");
  });

  it("waits for the e-visa while the authority signs it, and shows it once issued", async () => {
    let asked = 0;
    fakeApi(({ path }) => {
      if (path !== `/applications/${applicationId}/evisa`) return undefined;
      asked += 1;
      return asked === 1
        ? { status: 404, body: { error: { code: "ENTRADA_EVISA_NOT_ISSUED", message: "not issued yet" } } }
        : evisa();
    });
    await renderInLanguage(<EvisaCard applicationId={applicationId} userId="u1" product={openVisa} />, {
      language: "en",
    });
    expect(await screen.findByTestId("evisa-loading")).toBeTruthy();
    expect((await screen.findByTestId("evisa-card", {}, { timeout: 4_000 })).dataset.status).toBe("valid");
    expect(asked).toBe(2);
  });
});
