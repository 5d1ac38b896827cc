import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Application, HistoryEntry } from "../../api/types.ts";
import OfficerApplicationPage from "./OfficerApplicationPage.tsx";
import {
  application,
  applicationId,
  history,
  officer,
  payTx,
  product,
  refundTx,
  releaseTx,
  settlement,
} from "./officerFixtures.ts";
import { type ApiCall, fakeApi, localConfig, renderPage } from "./officerTestKit.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A fake server holding one application; decisions move it on like the API does. */
function server(initial: Application["state"] = "under_review", owed: Application["settlement"] = null) {
  const state = {
    application: application(initial, applicationId, owed),
    history: history(),
    failNext: null as string | null,
    /** What a retry of the settlement leads to. */
    retried: settlement("release"),
  };
  const calls = fakeApi((call: ApiCall) => {
    const base = `/officer/applications/${applicationId}`;
    if (call.path === "/auth/session") return { user: officer };
    if (call.path === base) return state.application;
    if (call.path.startsWith(`/applications/${applicationId}/history`))
      return { items: state.history, nextCursor: null };
    if (call.path === "/catalogue/products/gb-eta") return product;
    if (call.method !== "POST") return undefined;
    if (state.failNext) {
      const code = state.failNext;
      state.failNext = null;
      return { status: 409, body: { error: { code, message: "still running" } } };
    }
    if (call.path === `${base}/reject`) {
      state.application = application("rejected", applicationId, settlement("refund"));
      return { application: state.application, settlement: state.application.settlement };
    }
    if (call.path === `${base}/approve`) {
      state.application = application("approved", applicationId, settlement("release"));
      return { application: state.application, settlement: state.application.settlement };
    }
    if (call.path === `${base}/settlement/retry`) {
      state.application = { ...state.application, settlement: state.retried };
      return { settlement: state.retried };
    }
    if (call.path === `${base}/request-info`) {
      state.application = application("needs_info");
      return state.application;
    }
    return undefined;
  });
  return { state, calls };
}

async function open() {
  const rendered = await renderPage(<OfficerApplicationPage />, {
    path: `/officer/applications/${applicationId}`,
    route: "/officer/applications/:id",
  });
  await screen.findByRole("heading", { level: 1, name: "Application ENT-7K3Q-9XPA" });
  return rendered;
}

const posts = (calls: ApiCall[]) => calls.filter((call) => call.method === "POST");

describe("OfficerApplicationPage", () => {
  it("shows the applicant, answers, documents, payment and audit trail", async () => {
    server();
    await open();
    const applicant = screen.getByTestId("applicant");
    expect(within(applicant).getByText("ERIKSSON")).toBeTruthy();
    expect(within(applicant).getByText("L8989021C")).toBeTruthy();
    expect(within(applicant).getByText("Apr 12, 1990")).toBeTruthy();
    expect(within(screen.getByTestId("answers")).getByText("Occupation")).toBeTruthy();
    expect(await within(await screen.findByTestId("required-documents")).findByText(/Passport bio page/)).toBeTruthy();
    const payment = screen.getByTestId("payment");
    expect(within(payment).getByText("£16.00")).toBeTruthy();
    expect(within(payment).getByText("20.362697 USDC")).toBeTruthy();
    // The payment's transaction links to the app's own page: the local chain has no explorer.
    await waitFor(() => expect(within(payment).getByRole("link").getAttribute("href")).toBe(`/tx/${payTx}`));
    expect(within(screen.getByTestId("history")).getByText("Payment confirmed on chain")).toBeTruthy();
    expect(screen.getByTestId("escrow-outcome").textContent).toContain("20.362697 USDC is held in escrow");
  });

  it("names the second chain a fee was paid on, and links its transactions there", async () => {
    const { state } = server("paid");
    state.application = { ...state.application, quote: { ...state.application.quote!, chainId: 1337 } };
    const first = { ...localConfig.chain, escrow: localConfig.escrow, tokens: localConfig.tokens, faucet: true };
    const second = { ...first, id: 1337, name: "Entrada local chain 1337", rpcUrl: "http://127.0.0.1:8546" };
    await renderPage(<OfficerApplicationPage />, {
      path: `/officer/applications/${applicationId}`,
      route: "/officer/applications/:id",
      config: { ...localConfig, chains: [first, second] },
    });
    await screen.findByRole("heading", { level: 1, name: "Application ENT-7K3Q-9XPA" });
    const payment = screen.getByTestId("payment");
    expect(within(payment).getByTestId("quote-chain").textContent).toBe("Second local test chain");
    await waitFor(() => expect(within(payment).getByRole("link").getAttribute("href")).toBe(`/tx/${payTx}?chain=1337`));
    const trail = await screen.findByTestId("history");
    expect(within(trail).getByRole("link").getAttribute("href")).toBe(`/tx/${payTx}?chain=1337`);
  });

  it("refuses to reject without a reason, and says why on the field", async () => {
    const { calls } = server();
    await open();
    fireEvent.click(screen.getByTestId("reject"));
    const reason = screen.getByTestId("decision-reason");
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    const described = reason.getAttribute("aria-describedby")!.split(" ");
    expect(described.map((id) => document.getElementById(id)?.textContent).join(" ")).toContain(
      "Give the reason for the rejection",
    );
    expect(document.activeElement).toBe(reason);
    expect(screen.queryByTestId("confirm-reject")).toBeNull();
    expect(posts(calls)).toEqual([]);
  });

  it("rejects after confirmation, then shows the refund sent and, live, refunded", async () => {
    const { state, calls } = server();
    const { queryClient } = await open();
    fireEvent.change(screen.getByTestId("decision-reason"), { target: { value: "The photo is blurred." } });
    fireEvent.click(screen.getByTestId("reject"));
    const confirm = screen.getByTestId("confirm-reject");
    expect(document.activeElement).toBe(confirm);
    expect(screen.getByText(/The payer gets 20.362697 USDC back/)).toBeTruthy();
    fireEvent.click(confirm);

    await waitFor(() => expect(screen.getByTestId("escrow-outcome").dataset.outcome).toBe("refundSent"));
    const [post] = posts(calls);
    expect(post).toMatchObject({
      path: `/officer/applications/${applicationId}/reject`,
      body: { reason: "The photo is blurred." },
    });
    expect(post!.idempotencyKey).toBeTruthy();
    const outcome = screen.getByTestId("escrow-outcome");
    expect(outcome.textContent).toContain("Rejected: refund sent");
    expect(within(outcome).getByRole("link").getAttribute("href")).toBe(`/tx/${refundTx}`);
    await waitFor(() => expect(document.activeElement).toBe(outcome));
    expect(screen.queryByTestId("approve")).toBeNull();

    // The indexer sees the refund: the live stream invalidates the officer's queries.
    state.application = application("refunded");
    state.history = history(
      { ...entry("rejected", "reject", "officer"), reason: "The photo is blurred." },
      { ...entry("refunded", "confirm_refund", "system"), txHash: refundTx },
    );
    await act(() => queryClient.invalidateQueries({ queryKey: ["officer"] }));
    await waitFor(() => expect(screen.getByTestId("escrow-outcome").dataset.outcome).toBe("refunded"));
    expect(screen.getByTestId("escrow-outcome").textContent).toContain("20.362697 USDC was refunded to the payer.");
    expect(screen.getByText("Reason: The photo is blurred.")).toBeTruthy();
  });

  it("cancels a rejection and returns focus to the reject button", async () => {
    const { calls } = server();
    await open();
    fireEvent.change(screen.getByTestId("decision-reason"), { target: { value: "No." } });
    fireEvent.click(screen.getByTestId("reject"));
    fireEvent.click(screen.getByTestId("cancel-reject"));
    expect(screen.queryByTestId("confirm-reject")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("reject"));
    expect(posts(calls)).toEqual([]);
  });

  it("approves a paid application without a note, then follows the release to issued", async () => {
    const { state, calls } = server("paid");
    const { queryClient } = await open();
    fireEvent.click(screen.getByTestId("approve"));
    await waitFor(() => expect(screen.getByTestId("escrow-outcome").dataset.outcome).toBe("releaseSent"));
    expect(posts(calls)).toMatchObject([{ path: `/officer/applications/${applicationId}/approve`, body: {} }]);
    expect(screen.getByTestId("escrow-outcome").textContent).toContain(
      "The release of 20.342355 USDC to the authority was sent.",
    );

    state.application = application("issued");
    state.history = history(entry("approved", "approve", "officer"), {
      ...entry("issued", "issue", "system"),
      txHash: releaseTx,
    });
    await act(() => queryClient.invalidateQueries({ queryKey: ["officer"] }));
    await waitFor(() => expect(screen.getByTestId("escrow-outcome").dataset.outcome).toBe("released"));
    const outcome = screen.getByTestId("escrow-outcome");
    expect(outcome.textContent).toContain("Released: visa issued");
    expect(within(outcome).getByRole("link").getAttribute("href")).toBe(`/tx/${releaseTx}`);
  });

  it("asks for information with a reason, then offers only rejection", async () => {
    const { calls } = server();
    await open();
    fireEvent.click(screen.getByTestId("request-info"));
    expect(screen.getByTestId("decision-reason").getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(screen.getByTestId("decision-reason"), { target: { value: "A sharper photo, please." } });
    fireEvent.click(screen.getByTestId("request-info"));
    const notice = await screen.findByText(/Information requested: the applicant has been told/);
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(posts(calls)).toMatchObject([{ body: { reason: "A sharper photo, please." } }]);
    expect(screen.queryByTestId("approve")).toBeNull();
    expect(screen.getByTestId("reject")).toBeTruthy();
    expect((screen.getByTestId("decision-reason") as HTMLTextAreaElement).value).toBe("");
  });

  it("retries a decision that failed with the same idempotency key", async () => {
    const { state, calls } = server();
    state.failNext = "ENTRADA_IDEMPOTENCY_IN_PROGRESS";
    await open();
    fireEvent.click(screen.getByTestId("approve"));
    const alert = await screen.findByRole("alert");
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.getByTestId("escrow-outcome").dataset.outcome).toBe("releaseSent"));
    const [first, second] = posts(calls);
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
  });
});

describe("a settlement that cannot go through", () => {
  const blocked = settlement("release", {
    status: "blocked",
    txHash: null,
    nextAttemptAt: null,
    reason: {
      code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN",
      message:
        "The escrow holds no open payment for this application on the chain (never paid there, or already settled).",
    },
  });

  it("says the settlement is blocked and why, keeps the fee in escrow, and retries it on request", async () => {
    const { state, calls } = server("approved", blocked);
    await open();
    const panel = screen.getByTestId("settlement");
    expect(panel.dataset.status).toBe("blocked");
    expect(within(panel).getByText(/^Settlement blocked: the escrow holds no open payment/)).toBeTruthy();
    expect(panel.textContent).toContain("Details: The escrow holds no open payment");
    expect(screen.getByTestId("escrow-outcome").dataset.outcome).toBe("blocked");
    expect(screen.getByTestId("escrow-outcome").textContent).toContain(
      "20.362697 USDC stays in escrow until the settlement goes through.",
    );

    // Still blocked after the retry: the same reason, and the officer is told it was tried.
    state.retried = { ...blocked, attempts: 2 };
    fireEvent.click(within(panel).getByRole("button", { name: "Retry settlement" }));
    await screen.findByText("Tried again; the status above is the latest.");
    expect(screen.getByTestId("settlement").dataset.status).toBe("blocked");

    // The cause fixed: the retry sends it, and the page follows the release.
    state.retried = settlement("release");
    fireEvent.click(screen.getByTestId("settlement-retry"));
    await waitFor(() => expect(screen.getByTestId("escrow-outcome").dataset.outcome).toBe("releaseSent"));
    expect(screen.queryByTestId("settlement")).toBeNull();
    const retries = posts(calls).filter((call) => call.path.endsWith("/settlement/retry"));
    expect(retries).toHaveLength(2);
    expect(retries[0]!.idempotencyKey).not.toBe(retries[1]!.idempotencyKey);
  });

  it("shows a settlement being retried with its attempts and next try", async () => {
    server(
      "rejected",
      settlement("refund", {
        status: "queued",
        txHash: null,
        attempts: 3,
        nextAttemptAt: "2026-01-02T10:00:20.000Z",
        reason: {
          code: "ENTRADA_RELAYER_FAILED",
          message: "The relayer could not send the transaction: HTTP request failed.",
        },
      }),
    );
    await open();
    const panel = screen.getByTestId("settlement");
    expect(panel.dataset.status).toBe("queued");
    expect(panel.textContent).toContain("The refund failed and is being retried: the relayer cannot reach the chain");
    expect(panel.textContent).toContain("3 attempts so far. Next try at");
    expect(within(panel).getByRole("button", { name: "Try now" })).toBeTruthy();
    expect(screen.getByTestId("escrow-outcome").dataset.outcome).toBe("refundSent");
  });

  it("shows nothing more while the settlement goes as it should", async () => {
    server("approved", settlement("release"));
    await open();
    expect(screen.queryByTestId("settlement")).toBeNull();
    expect(within(screen.getByTestId("escrow-outcome")).getByRole("link").getAttribute("href")).toBe(
      `/tx/${releaseTx}`,
    );
  });
});

function entry(to: HistoryEntry["to"], event: string, actorRole: string): HistoryEntry {
  return {
    id: `${event}-${to}`,
    from: null,
    to,
    event,
    actorRole,
    reason: null,
    txHash: null,
    at: "2026-01-02T10:00:00.000Z",
  };
}
