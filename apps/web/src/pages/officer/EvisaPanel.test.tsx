import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Evisa } from "../../api/travellerTypes.ts";
import { EvisaPanel } from "./EvisaPanel.tsx";
import OfficerApplicationPage from "./OfficerApplicationPage.tsx";
import { application, applicationId, history, officer, product } from "./officerFixtures.ts";
import { type ApiCall, fakeApi, renderPage } from "./officerTestKit.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const issued: Evisa = {
  sdJwt: "eyJ.sd.jwt",
  seal: "c2VhbA",
  sealEncoding: "base64url",
  qrPng: "data:image/png;base64,iVBORw0KGgo=",
  pdfUrl: `/api/v1/applications/${applicationId}/evisa.pdf`,
  status: "valid",
  validFrom: "2026-03-01",
  validUntil: "2026-08-31",
  reference: "ENT-7K3Q-9XPA",
  issuedAt: "2026-02-20T09:30:00.000Z",
  revokedAt: null,
  revokeReason: null,
};

/** A fake server with one issued application and its e-visa; a revocation revokes it as the API does. */
function server({ refuseRevoke = false } = {}) {
  let evisa = issued;
  const calls = fakeApi((call: ApiCall) => {
    if (call.path === "/auth/session") return { user: officer };
    if (call.path === `/officer/applications/${applicationId}`) return application("issued");
    if (call.path.startsWith(`/applications/${applicationId}/history`)) return { items: history(), nextCursor: null };
    if (call.path === "/catalogue/products/gb-eta") return product;
    if (call.path === `/applications/${applicationId}/evisa`) return evisa;
    if (call.method === "POST" && call.path === `/applications/${applicationId}/evisa/revoke`) {
      if (refuseRevoke) {
        return { status: 403, body: { error: { code: "ENTRADA_FORBIDDEN", message: "Not your authority" } } };
      }
      const { reason } = call.body as { reason: string };
      evisa = { ...evisa, status: "revoked", revokedAt: "2026-04-02T15:00:00.000Z", revokeReason: reason };
      return evisa;
    }
    return undefined;
  });
  return calls;
}

const renderPanel = (language = "en") =>
  renderPage(<EvisaPanel authorityId="gb-eta" applicationId={applicationId} />, { path: "/", route: "/", language });

const revokes = (calls: ApiCall[]) => calls.filter((call) => call.method === "POST");

describe("EvisaPanel", () => {
  it("shows the issued e-visa on the officer's application page, in Chinese with no English", async () => {
    server();
    await renderPage(<OfficerApplicationPage />, {
      path: `/officer/applications/${applicationId}`,
      route: "/officer/applications/:id",
      language: "zh",
    });
    const panel = await screen.findByTestId("officer-evisa");
    const status = await within(panel).findByTestId("officer-evisa-status");
    expect(status.dataset.status).toBe("valid");
    expect(within(panel).getByRole("heading", { level: 2 }).textContent).toBe("电子签证");
    expect(status.textContent).toContain("有效");
    expect(panel.textContent).toContain("签证号码");
    expect(panel.textContent).toContain("ENT-7K3Q-9XPA");
    expect(panel.textContent).toContain("2026年3月1日 至 2026年8月31日");
    expect(panel.textContent).toContain("签发时间");
    const pdf = within(panel).getByTestId("officer-evisa-pdf");
    expect(pdf.getAttribute("href")).toBe(`/api/v1/applications/${applicationId}/evisa.pdf`);
    expect(pdf.textContent).toBe("下载 PDF");
    expect(within(panel).getByRole("button", { name: "撤销电子签证" })).toBeTruthy();
    // No Latin word but the visa number and the file format.
    const latin = (panel.textContent ?? "").replace("ENT-7K3Q-9XPA", "").match(/[A-Za-z]{2,}/g) ?? [];
    expect(latin).toEqual(["PDF"]);
  });

  it("refuses to revoke without a reason, then confirms what follows, posts the reason and shows revoked", async () => {
    const calls = server();
    await renderPanel();
    await screen.findByTestId("officer-evisa-status");
    const reason = screen.getByLabelText("Reason for the revocation");
    expect(screen.getByText(/Typical reasons: fraud found after issuance, passport reported lost/)).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Revoke e-visa" }));
    expect(screen.getByText("Give the reason for the revocation: the traveller sees it.")).toBeTruthy();
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByRole("group", { name: "Revoke this e-visa?" })).toBeNull();

    fireEvent.change(reason, { target: { value: "  Passport reported stolen  " } });
    fireEvent.click(screen.getByRole("button", { name: "Revoke e-visa" }));
    const confirm = screen.getByRole("group", { name: "Revoke this e-visa?" });
    expect(confirm.textContent).toContain("It stops verifying online at once");
    expect(confirm.textContent).toContain("Offline checkers may not know until they refresh");
    expect(confirm.textContent).toContain("The traveller is e-mailed, with the reason.");
    expect(confirm.textContent).toContain("The fee already released to the authority is not returned.");
    expect(revokes(calls)).toHaveLength(0);

    fireEvent.click(within(confirm).getByRole("button", { name: "Yes, revoke the e-visa" }));
    await screen.findByText("E-visa revoked: the traveller has been e-mailed.");
    const [post] = revokes(calls);
    expect(revokes(calls)).toHaveLength(1);
    expect(post?.body).toEqual({ reason: "Passport reported stolen" });
    expect(post?.idempotencyKey).toBeTruthy();

    const status = screen.getByTestId("officer-evisa-status");
    expect(status.dataset.status).toBe("revoked");
    expect(status.textContent).toContain("Revoked");
    expect(screen.getByTestId("officer-evisa-revoke-reason").textContent).toBe("Reason: Passport reported stolen");
    expect(screen.getByTestId("officer-evisa-revoked-at").querySelector("time")?.getAttribute("dateTime")).toBe(
      "2026-04-02T15:00:00.000Z",
    );
    expect(screen.queryByRole("button", { name: "Revoke e-visa" })).toBeNull();
  });

  it("shows a refused revocation with the app's error notice and keeps the e-visa valid", async () => {
    server({ refuseRevoke: true });
    await renderPanel();
    await screen.findByTestId("officer-evisa-status");
    fireEvent.change(screen.getByLabelText("Reason for the revocation"), { target: { value: "Fraud found later" } });
    fireEvent.click(screen.getByRole("button", { name: "Revoke e-visa" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, revoke the e-visa" }));
    const alert = await screen.findByRole("alert");
    expect(alert.dataset.errorCode).toBe("ENTRADA_FORBIDDEN");
    expect(screen.getByTestId("officer-evisa-status").dataset.status).toBe("valid");
  });

  it("speaks Spanish: the panel, the reason's hint and the confirmation", async () => {
    server();
    await renderPanel("es");
    const status = await screen.findByTestId("officer-evisa-status");
    expect(status.textContent).toContain("Válido");
    const panel = screen.getByTestId("officer-evisa");
    expect(within(panel).getByRole("heading", { level: 2 }).textContent).toBe("Visado electrónico");
    expect(panel.textContent).toContain("Número de visado");
    expect(panel.textContent).toContain("Descargar PDF");
    expect(panel.textContent).toContain("Motivos habituales: fraude descubierto tras la emisión");
    fireEvent.change(screen.getByLabelText("Motivo de la revocación"), { target: { value: "Fraude" } });
    fireEvent.click(screen.getByRole("button", { name: "Revocar el visado electrónico" }));
    const confirm = screen.getByRole("group", { name: "¿Revocar este visado electrónico?" });
    expect(confirm.textContent).toContain("Deja de verificarse en línea al instante");
    expect(confirm.textContent).toContain("La tasa ya liberada a la autoridad no se devuelve.");
    expect(within(confirm).getByRole("button", { name: "Sí, revocar el visado electrónico" })).toBeTruthy();
  });
});
