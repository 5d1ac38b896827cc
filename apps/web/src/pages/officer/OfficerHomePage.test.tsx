import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApplicationSummary, Authority } from "../../api/types.ts";
import { useLiveEvents } from "../../live/useLiveEvents.ts";
import OfficerHomePage from "./OfficerHomePage.tsx";
import { application, officer, product } from "./officerFixtures.ts";
import { type ApiCall, fakeApi, localConfig, renderPage } from "./officerTestKit.tsx";
import type { OfficerQueueCounts, OfficerQueuePage, OfficerQueueRow } from "./officerTypes.ts";

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

/** A queue row: application `n`, its deadline on day `n` of January 2099 (or `deadline`). */
function row(n: number, state: ApplicationSummary["state"], deadline?: string): OfficerQueueRow {
  const {
    applicant: _a,
    answers: _b,
    quote: _c,
    actions: _d,
    documents: _e,
    requestedDocuments: _f,
    settlement: _g,
    ...rest
  } = application(state, `${String(n).padStart(8, "0")}-1b7d-4c1e-9a57-0d3f6b1c2e4a`);
  return {
    ...rest,
    reference: `ENT-0000-${String(n).padStart(4, "0")}`,
    decisionDeadline: deadline ?? `2099-01-${String(n).padStart(2, "0")}T00:00:00.000Z`,
    applicant: { name: `ANNA ${n}`, nationality: "SWE" },
    paid: { amount: "20020000", currency: "USDC", formatted: "20.020000", decimals: 6 },
    serviceLevel: { hours: 2, dueAt: null },
    overdue: false,
  };
}

const counts: OfficerQueueCounts = {
  byState: {
    paid: 600,
    under_review: 400,
    needs_info: 7,
    approved: 1,
    issued: 5000,
    rejected: 2,
    refunded: 3,
    expired: 0,
  },
  needsAction: 1000,
  overdue: 12,
  total: 1000,
};

/**
 * The queue's API: `pages[view]` answered page by page (the cursor is the page's index), and the
 * one-row reads (`?id=`) from `byId`.
 */
function queueApi(pages: Record<string, OfficerQueuePage[]>, byId: Record<string, OfficerQueueRow> = {}) {
  return fakeApi((call: ApiCall) => {
    if (call.path === "/auth/session") return { user: officer };
    if (call.path.startsWith("/catalogue/authorities")) return { items: authorities, nextCursor: null };
    if (call.path.startsWith("/catalogue/products?")) return { items: [product], nextCursor: null };
    const list = call.path.match(/^\/officer\/applications\?(.*)$/);
    if (list) {
      const query = new URLSearchParams(list[1]);
      const id = query.get("id");
      if (id !== null) return { items: byId[id] ? [byId[id]] : [], nextCursor: null, counts: null };
      const view = pages[`${query.get("view")}${query.get("q") ? `:${query.get("q")}` : ""}`] ?? [];
      return view[Number(query.get("cursor") ?? "0")] ?? { items: [], nextCursor: null, counts: null };
    }
    return undefined;
  });
}

/** The list reads the page made: whole pages (no `id=`), and one-row reads. */
const listCalls = (calls: ApiCall[]) => calls.filter((call) => call.path.startsWith("/officer/applications?"));
const pageCalls = (calls: ApiCall[]) => listCalls(calls).filter((call) => !call.path.includes("id="));

const rowIds = () =>
  screen.queryAllByTestId(/^queue-row-/).map((element) => element.getAttribute("data-testid")!.slice(10, 18));

/** An `EventSource` the test drives: `emit` delivers a live event as the server's stream would. */
class FakeEventSource {
  static current: FakeEventSource | undefined;
  static readonly OPEN = 1;
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor() {
    FakeEventSource.current = this;
  }
  addEventListener(topic: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(topic, [...(this.listeners.get(topic) ?? []), listener]);
  }
  close() {}
  emit(topic: string, payload: Record<string, unknown>) {
    for (const listener of this.listeners.get(topic) ?? []) {
      listener(new MessageEvent(topic, { data: JSON.stringify(payload) }));
    }
  }
}

/** The app's live stream, as Layout runs it, beside the page. */
function LiveStream() {
  useLiveEvents(true);
  return null;
}

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

  it("shows each case's time left against the service level and the deadline, counting down without a request", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    vi.setSystemTime(new Date("2099-01-01T00:48:00.000Z"));
    try {
      const early = {
        ...row(1, "paid", "2099-01-04T00:48:00.000Z"),
        serviceLevel: { hours: 2, dueAt: "2099-01-01T02:00:00.000Z" },
      };
      const late = {
        ...row(2, "under_review", "2099-01-04T00:48:00.000Z"),
        serviceLevel: { hours: 2, dueAt: "2099-01-01T00:28:00.000Z" },
      };
      const calls = queueApi({ needs_action: [{ items: [early, late], nextCursor: null, counts }] });
      await renderPage(<OfficerHomePage />, { path: "/officer", route: "/officer" });
      await waitFor(() => expect(rowIds()).toHaveLength(2));
      const serviceLevel = (id: string) =>
        within(screen.getByTestId(`queue-row-${id}`)).getByTestId("queue-service-level").textContent;
      expect(serviceLevel(early.id)).toBe("1 h 12 min left");
      expect(serviceLevel(late.id)).toBe("overdue by 20 min");
      expect(within(screen.getByTestId(`queue-row-${early.id}`)).getByTestId("queue-deadline-left").textContent).toBe(
        "(3 d left)",
      );
      const requests = listCalls(calls).length;
      act(() => vi.advanceTimersByTime(73 * 60_000));
      expect(serviceLevel(early.id)).toBe("overdue by 1 min");
      expect(serviceLevel(late.id)).toBe("overdue by 1 h 33 min");
      expect(listCalls(calls)).toHaveLength(requests);
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows a page of complete rows in one request, with the true total, and loads more with one more", async () => {
    const first = Array.from({ length: 25 }, (_, i) => row(i + 1, i % 2 === 0 ? "paid" : "under_review"));
    const second = [row(26, "paid"), row(27, "under_review", "2020-01-01T00:00:00.000Z")];
    second[1] = { ...second[1]!, overdue: true };
    const calls = queueApi({
      needs_action: [
        { items: first, nextCursor: "1", counts },
        { items: second, nextCursor: null, counts: null },
      ],
    });
    await renderPage(<OfficerHomePage />, { path: "/officer", route: "/officer" });
    await waitFor(() => expect(rowIds()).toHaveLength(25));
    expect(screen.getByTestId("queue-count").textContent).toBe("25 of 1,000 applications shown");
    const firstRow = within(screen.getByTestId(`queue-row-${first[0]!.id}`));
    expect(firstRow.getByText("ANNA 1")).toBeTruthy();
    expect(firstRow.getByText("Sweden")).toBeTruthy();
    expect(firstRow.getByText(/20\.02/)).toBeTruthy();
    // The default view, asked of the server; no request per row.
    expect(pageCalls(calls).map((call) => new URLSearchParams(call.path.split("?")[1]).get("view"))).toEqual([
      "needs_action",
    ]);
    expect(calls.filter((call) => /^\/officer\/applications\/[0-9a-f-]+$/.test(call.path))).toEqual([]);
    const filter = screen.getByTestId("queue-state-filter") as HTMLSelectElement;
    expect([...filter.options].slice(0, 3).map((option) => option.textContent)).toEqual([
      "Needs action (paid or under review) (1,000)",
      "Overdue (12)",
      "All applications (6,013)",
    ]);

    fireEvent.click(screen.getByTestId("queue-load-more"));
    await waitFor(() => expect(rowIds()).toHaveLength(27));
    expect(pageCalls(calls)).toHaveLength(2);
    expect(within(screen.getByTestId(`queue-row-${second[1]!.id}`)).getByText("Overdue")).toBeTruthy();
    expect(screen.getByTestId("queue-count").textContent).toBe("27 of 1,000 applications shown");
    expect(screen.queryByTestId("queue-load-more")).toBeNull();
  });

  it("asks the server to search and filter, once typing pauses", async () => {
    const found = row(9, "issued");
    const calls = queueApi({
      needs_action: [{ items: [row(1, "paid")], nextCursor: null, counts }],
      all: [{ items: [row(1, "paid"), found], nextCursor: null, counts: { ...counts, total: 6013 } }],
      "all:eriksson anna": [{ items: [found], nextCursor: null, counts: { ...counts, total: 1 } }],
    });
    await renderPage(<OfficerHomePage />, { path: "/officer", route: "/officer" });
    await waitFor(() => expect(rowIds()).toHaveLength(1));
    fireEvent.change(screen.getByTestId("queue-state-filter"), { target: { value: "all" } });
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    fireEvent.change(screen.getByTestId("queue-search"), { target: { value: "eriksson a" } });
    fireEvent.change(screen.getByTestId("queue-search"), { target: { value: "eriksson anna" } });
    await waitFor(() => expect(rowIds()).toEqual([found.id.slice(0, 8)]));
    expect(screen.getByTestId("queue-count").textContent).toBe("1 of 1 application shown");
    // One read per view and per search typed, not one per key.
    expect(pageCalls(calls).map((call) => call.path.split("?")[1])).toEqual([
      "view=needs_action&limit=25",
      "view=all&limit=25",
      "view=all&limit=25&q=eriksson+anna",
    ]);
  });

  it("patches the rows a live event concerns instead of reading the queue again", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    const rows = [row(1, "paid"), row(2, "paid"), row(4, "under_review")];
    const entering = row(3, "under_review");
    const calls = queueApi(
      { needs_action: [{ items: rows, nextCursor: null, counts: { ...counts, needsAction: 3, total: 3 } }] },
      { [entering.id]: entering },
    );
    await renderPage(
      <>
        <LiveStream />
        <OfficerHomePage />
      </>,
      { path: "/officer", route: "/officer" },
    );
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    expect(pageCalls(calls)).toHaveLength(1);
    const live = FakeEventSource.current!;

    // An officer starts the review of row 1: its state changes in place.
    live.emit("application.state_changed", { applicationId: rows[0]!.id, from: "paid", to: "under_review" });
    // (The first event also loads the patching code, which only officers' pages need.)
    await waitFor(
      () => expect(screen.getByTestId(`queue-row-${rows[0]!.id}`).getAttribute("data-state")).toBe("under_review"),
      { timeout: 10_000 },
    );
    // Row 2 is approved: it leaves "needs action", and the total follows.
    live.emit("application.state_changed", { applicationId: rows[1]!.id, from: "paid", to: "approved" });
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    expect(screen.getByTestId("queue-count").textContent).toBe("2 of 2 applications shown");
    // An applicant answers: their application enters the view, read alone and put in its place.
    live.emit("application.state_changed", { applicationId: entering.id, from: "needs_info", to: "under_review" });
    await waitFor(() => expect(rowIds()).toEqual(["00000001", "00000003", "00000004"]));
    expect(screen.getByTestId("queue-count").textContent).toBe("3 of 3 applications shown");

    // Three events: no page of the queue read again, one row read for the one that entered.
    expect(pageCalls(calls)).toHaveLength(1);
    expect(listCalls(calls).filter((call) => call.path.includes("id="))).toHaveLength(1);
  }, 30_000);
});
