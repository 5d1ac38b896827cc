import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import OfficerApplicationPage from "./OfficerApplicationPage.tsx";
import { application, applicationId, history, officer, product } from "./officerFixtures.ts";
import { type ApiCall, fakeApi, renderPage } from "./officerTestKit.tsx";

const created: Blob[] = [];
const revoked: string[] = [];

beforeEach(() => {
  // jsdom has no blob URLs: count what the viewer makes and frees.
  vi.stubGlobal(
    "URL",
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => `blob:test/${created.push(blob)}`,
      revokeObjectURL: (url: string) => void revoked.push(url),
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  created.length = 0;
  revoked.length = 0;
});

function server() {
  let current = application("under_review");
  const calls = fakeApi((call: ApiCall) => {
    const base = `/officer/applications/${applicationId}`;
    if (call.path === "/auth/session") return { user: officer };
    if (call.path === base) return current;
    if (call.path.startsWith(`/applications/${applicationId}/history`)) return { items: history(), nextCursor: null };
    if (call.path === "/catalogue/products/gb-eta")
      return { ...product, requiredDocuments: ["passport_bio_page", "photo", "return_ticket"] };
    if (call.path.startsWith("/identity/documents/")) return { bytes: call.path };
    if (call.path === `${base}/request-info`) {
      current = {
        ...application("needs_info"),
        requestedDocuments: (call.body as { documents?: string[] }).documents ?? [],
      };
      return current;
    }
    return undefined;
  });
  return calls;
}

async function open() {
  await renderPage(<OfficerApplicationPage />, {
    path: `/officer/applications/${applicationId}`,
    route: "/officer/applications/:id",
  });
  return screen.findByTestId("officer-documents");
}

describe("the officer's documents", () => {
  it("lists what the visa requires as uploaded or not, every document with its format and size, and no placeholder", async () => {
    server();
    const section = await open();
    const required = await within(section).findByTestId("required-documents");
    expect(
      within(required)
        .getAllByRole("listitem")
        .map((item) => [item.dataset.kind, item.dataset.present]),
    ).toEqual([
      ["passport_bio_page", "true"],
      ["photo", "false"],
      ["return_ticket", "true"],
    ]);
    expect(within(section).getByTestId("document-return_ticket").textContent).toContain("PDF, 1.2 MB, uploaded");
    expect(within(section).getByTestId("document-passport_bio_page").textContent).toContain("Image, 48 kB");
    expect(document.body.textContent).not.toContain("identity verification work");
  });

  it("opens an image and a PDF inline from blob URLs, reading each from the API every time it opens", async () => {
    const calls = server();
    const section = await open();
    fireEvent.click(within(section).getByTestId("document-view-passport_bio_page"));
    const image = await within(section).findByTestId("document-viewer-image");
    expect(image.getAttribute("src")).toBe("blob:test/1");
    expect(image.getAttribute("alt")).toBe("Passport bio page, as uploaded");
    fireEvent.click(within(section).getByTestId("document-view-return_ticket"));
    const pdf = await within(section).findByTestId("document-viewer-pdf");
    expect(pdf.getAttribute("type")).toBe("application/pdf");
    expect(pdf.getAttribute("data")).toBe("blob:test/2");
    // Opening another document closes the first and frees its URL.
    await waitFor(() => expect(revoked).toEqual(["blob:test/1"]));
    fireEvent.click(within(section).getByTestId("document-close"));
    fireEvent.click(within(section).getByTestId("document-view-passport_bio_page"));
    await within(section).findByTestId("document-viewer-image");
    expect(calls.filter((call) => call.path.startsWith("/identity/documents/")).map((call) => call.path)).toEqual([
      "/identity/documents/44444444-4444-4444-8444-444444444444",
      "/identity/documents/55555555-5555-4555-8555-555555555555",
      "/identity/documents/44444444-4444-4444-8444-444444444444",
    ]);
  });

  it("asks for a document with needs-info, and shows it as awaited", async () => {
    const calls = server();
    await open();
    fireEvent.change(screen.getByTestId("decision-reason"), { target: { value: "Add your bank statement." } });
    fireEvent.click(screen.getByTestId("request-document-proof_of_funds"));
    fireEvent.click(screen.getByTestId("request-info"));
    await waitFor(() =>
      expect(calls.find((call) => call.method === "POST")).toMatchObject({
        path: `/officer/applications/${applicationId}/request-info`,
        body: { reason: "Add your bank statement.", documents: ["proof_of_funds"] },
      }),
    );
    expect((await screen.findByTestId("requested-documents")).textContent).toContain("Proof of funds");
  });
});
