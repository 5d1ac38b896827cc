import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApplicationSummary, Authority } from "../../api/types.ts";
import OfficerHomePage from "./OfficerHomePage.tsx";
import { application, officer, product } from "./officerFixtures.ts";
import { type ApiCall, fakeApi, localConfig, renderPage } from "./officerTestKit.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const authorities: Authority[] = [
  {
    id: "gb-eta",
    name: "UK Home Office",
    names: { en: "UK Home Office", zh: "英国内政部", es: "Ministerio del Interior del Reino Unido (Home Office)" },
    country: "GB",
    destinations: ["GB"],
    currency: "GBP",
    processingSlaHours: 72,
    website: "https://www.gov.uk",
  },
  {
    id: "in-evisa",
    name: "Bureau of Immigration, India",
    names: { en: "Bureau of Immigration, India", zh: "印度移民局", es: "Oficina de Inmigración de la India" },
    country: "IN",
    destinations: ["IN"],
    currency: "INR",
    processingSlaHours: 72,
    website: "https://indianvisaonline.gov.in",
  },
];

/** A queue entry created on day `n` of January. */
function summary(n: number, state: ApplicationSummary["state"], deadline = "2099-01-01T00:00:00.000Z") {
  const {
    applicant: _a,
    answers: _b,
    quote: _c,
    actions: _d,
    ...rest
  } = application(state, `${String(n).padStart(8, "0")}-1b7d-4c1e-9a57-0d3f6b1c2e4a`);
  return {
    ...rest,
    reference: `ENT-0000-${String(n).padStart(4, "0")}`,
    decisionDeadline: deadline,
    createdAt: `2026-01-${String(n).padStart(2, "0")}T00:00:00.000Z`,
  };
}

const names: Record<string, string> = {
  "00000001": "ANNA",
  "00000002": "BJÖRN",
  "00000003": "CHEN",
  "00000004": "DIANA",
};

function officerApi(lists: Record<string, { items: ApplicationSummary[]; nextCursor: string | null }[]>) {
  return fakeApi((call: ApiCall) => {
    if (call.path === "/auth/session") return { user: officer };
    if (call.path.startsWith("/catalogue/authorities")) return { items: authorities, nextCursor: null };
    if (call.path.startsWith("/catalogue/products?")) return { items: [product], nextCursor: null };
    const list = call.path.match(/^\/officer\/applications\?(.*)$/);
    if (list) {
      const query = new URLSearchParams(list[1]);
      const reference = query.get("reference");
      if (reference) {
        const all = Object.values(lists).flatMap((pages) => pages.flatMap((page) => page.items));
        return { items: all.filter((item) => item.reference === reference).slice(0, 1), nextCursor: null };
      }
      const pages = lists[query.get("state") ?? "all"] ?? [{ items: [], nextCursor: null }];
      return pages[Number(query.get("cursor") ?? "0")];
    }
    const one = call.path.match(/^\/officer\/applications\/([0-9a-f-]+)$/);
    if (one) {
      const detail = application("paid", one[1]);
      return { ...detail, applicant: { ...detail.applicant, givenNames: names[one[1]!.slice(0, 8)] ?? "X" } };
    }
    return undefined;
  });
}

const rowIds = () =>
  screen.queryAllByTestId(/^queue-row-/).map((row) => row.getAttribute("data-testid")!.slice("queue-row-".length, 18));

describe("OfficerHomePage", () => {
  it("signs in as a demo officer of the chosen authority on the local chain", async () => {
    let signedIn = false;
    const calls = fakeApi((call) => {
      if (call.path === "/auth/session") return { user: signedIn ? officer : null };
      if (call.path.startsWith("/catalogue/authorities")) return { items: authorities, nextCursor: null };
      if (call.path === "/auth/dev-login") {
        signedIn = true;
        return { user: { ...officer, authorityId: "in-evisa" }, expiresAt: "2099-01-01T00:00:00.000Z" };
      }
      if (call.path.startsWith("/officer/applications?")) return { items: [], nextCursor: null };
      if (call.path.startsWith("/catalogue/products")) return { items: [], nextCursor: null };
      return undefined;
    });
    await renderPage(<OfficerHomePage />, { path: "/officer", route: "/officer" });
    const select = (await screen.findByLabelText("Authority")) as HTMLSelectElement;
    expect(select.dataset.testid).toBe("officer-authority");
    await waitFor(() => expect(select.options.length).toBe(2));
    fireEvent.change(select, { target: { value: "in-evisa" } });
    fireEvent.click(screen.getByTestId("officer-sign-in"));

    expect(await screen.findByText("Bureau of Immigration, India")).toBeTruthy();
    const heading = screen.getByRole("heading", { level: 1, name: "Officer desk" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(calls.find((call) => call.path === "/auth/dev-login")?.body).toEqual({
      role: "officer",
      authorityId: "in-evisa",
    });
    expect(await screen.findByText(/No applications here/)).toBeTruthy();
  });

  it("tells how officers sign in where there is no demo sign-in", async () => {
    fakeApi((call) => (call.path === "/auth/session" ? { user: null } : undefined));
    await renderPage(<OfficerHomePage />, {
      path: "/officer",
      route: "/officer",
      config: {
        ...localConfig,
        chain: { ...localConfig.chain, isLocal: false },
        features: { ...localConfig.features, devLogin: false },
      },
    });
    expect(await screen.findByText(/Officers sign in with the account their authority gave them/)).toBeTruthy();
    expect(screen.queryByTestId("officer-sign-in")).toBeNull();
  });

  it("lists the authority's applications with the applicant, payment and deadline, overdue ones marked", async () => {
    officerApi({
      all: [{ items: [summary(1, "paid", "2020-01-01T00:00:00.000Z"), summary(2, "issued")], nextCursor: null }],
    });
    await renderPage(<OfficerHomePage />, { path: "/officer", route: "/officer" });
    const overdueRow = await screen.findByTestId(/^queue-row-00000001/);
    await waitFor(() => expect(within(overdueRow).getByText("ANNA ERIKSSON")).toBeTruthy());
    expect(overdueRow.className).toBe("queue-row-overdue");
    expect(within(overdueRow).getByText("Overdue")).toBeTruthy();
    expect(within(overdueRow).getByText("Electronic Travel Authorisation (ETA)")).toBeTruthy();
    expect(within(overdueRow).getByText("USA")).toBeTruthy();
    expect(within(overdueRow).getByText("20.362697 USDC")).toBeTruthy();
    expect(within(overdueRow).getByRole("link", { name: "Open application ENT-0000-0001" }).getAttribute("href")).toBe(
      `/officer/applications/${summary(1, "paid").id}`,
    );
    const issuedRow = screen.getByTestId(/^queue-row-00000002/);
    expect(issuedRow.className).toBe("");
    expect(within(issuedRow).getByText("Issued")).toBeTruthy();
    expect(screen.getByTestId("queue-count").textContent).toBe("2 applications");
    expect(screen.getByRole("columnheader", { name: "Decide by" })).toBeTruthy();
  });

  it("merges the paid and under-review lists in order for 'needs action', and loads more", async () => {
    const calls = officerApi({
      paid: [
        { items: [summary(1, "paid"), summary(4, "paid")], nextCursor: "1" },
        { items: [summary(5, "paid")], nextCursor: null },
      ],
      under_review: [{ items: [summary(2, "under_review"), summary(3, "under_review")], nextCursor: null }],
    });
    await renderPage(<OfficerHomePage />, { path: "/officer?state=needs_action", route: "/officer" });
    await waitFor(() => expect(rowIds()).toEqual(["00000001", "00000002", "00000003", "00000004"]));
    expect((screen.getByTestId("queue-state-filter") as HTMLSelectElement).value).toBe("needs_action");
    fireEvent.click(screen.getByTestId("queue-load-more"));
    await waitFor(() => expect(rowIds()).toEqual(["00000001", "00000002", "00000003", "00000004", "00000005"]));
    expect(screen.queryByTestId("queue-load-more")).toBeNull();
    const lists = calls.filter((call) => call.path.startsWith("/officer/applications?")).map((call) => call.path);
    expect(lists).toEqual([
      "/officer/applications?limit=25&state=paid",
      "/officer/applications?limit=25&state=under_review",
      "/officer/applications?limit=25&state=paid&cursor=1",
    ]);
  });

  it("filters by state and searches by applicant name or id", async () => {
    const calls = officerApi({
      all: [{ items: [summary(1, "paid"), summary(2, "paid"), summary(3, "paid")], nextCursor: null }],
      issued: [{ items: [summary(4, "issued")], nextCursor: null }],
    });
    await renderPage(<OfficerHomePage />, { path: "/officer", route: "/officer" });
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    await screen.findByText("BJÖRN ERIKSSON");
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "bjorn" } });
    expect(rowIds()).toEqual(["00000002"]);
    expect(screen.getByTestId("queue-count").textContent).toBe("1 of 3 loaded applications matches");
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "0000000" } });
    expect(rowIds()).toHaveLength(3);
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("queue-state-filter"), { target: { value: "issued" } });
    await waitFor(() => expect(rowIds()).toEqual(["00000004"]));
    expect(calls.some((call) => call.path === "/officer/applications?limit=25&state=issued")).toBe(true);
  });

  it("searches by short reference, and asks the API for one the queue has not loaded", async () => {
    const calls = officerApi({
      all: [{ items: [summary(1, "paid"), summary(2, "paid")], nextCursor: null }],
      elsewhere: [{ items: [summary(7, "issued")], nextCursor: null }],
    });
    await renderPage(<OfficerHomePage />, { path: "/officer", route: "/officer" });
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "ent 0000 0002" } });
    expect(rowIds()).toEqual(["00000002"]);
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "ENT-0000-0007" } });
    expect(rowIds()).toEqual([]);
    const open = await screen.findByTestId("queue-open-reference");
    expect(open.textContent).toBe("Open application ENT-0000-0007");
    expect(open.getAttribute("href")).toBe(`/officer/applications/${summary(7, "issued").id}`);
    expect(calls.some((call) => call.path === "/officer/applications?reference=ENT-0000-0007&limit=1")).toBe(true);
  });
});
