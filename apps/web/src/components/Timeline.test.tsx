import { cleanup, render, screen } from "@testing-library/react";
import i18next from "i18next";
import type { ReactNode } from "react";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { MemoryRouter } from "react-router";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ClientConfigContext } from "../api/ClientConfigContext.tsx";
import type { ClientConfig } from "../api/types.ts";
import { namespaces } from "../i18n/languages.ts";
import { resources } from "../i18n/resources.ts";
import { buildTimeline } from "./buildTimeline.ts";
import { StepIndicator } from "./StepIndicator.tsx";
import { Timeline } from "./Timeline.tsx";

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources,
    lng: "en",
    ns: [...namespaces],
    defaultNS: "common",
    interpolation: { escapeValue: false },
  });
});

afterEach(cleanup);

const config = (explorerUrl: string | null) =>
  ({
    env: "development",
    chain: { id: 31337, name: "Local", rpcUrl: "http://127.0.0.1:8545", isLocal: true, confirmations: 2, explorerUrl },
    escrow: "0x0000000000000000000000000000000000000001",
    tokens: {},
    features: { devLogin: true, faucet: true, mailbox: true },
  }) as unknown as ClientConfig;

const wrap = (node: ReactNode, explorerUrl: string | null = null) => (
  <I18nextProvider i18n={i18n}>
    <ClientConfigContext.Provider value={config(explorerUrl)}>
      <MemoryRouter>{node}</MemoryRouter>
    </ClientConfigContext.Provider>
  </I18nextProvider>
);

const tx = `0x${"ab".repeat(32)}`;

describe("Timeline", () => {
  const entries = buildTimeline({
    history: [
      {
        id: "1",
        from: null,
        to: "draft",
        event: "create",
        actorRole: "traveller",
        reason: null,
        txHash: null,
        at: "2026-06-01T10:00:00Z",
      },
      {
        id: "2",
        from: "submitted",
        to: "payment_pending",
        event: "start_payment",
        actorRole: "traveller",
        reason: null,
        txHash: null,
        at: "2026-06-01T10:01:00Z",
      },
    ],
    state: "payment_pending",
    required: 2,
    payment: { txHash: tx, block: 12, confirmations: 1 },
  });

  it("renders each entry with its test id, message and transaction link", () => {
    render(wrap(<Timeline entries={entries} />));
    expect(screen.getByTestId("timeline").children).toHaveLength(4);
    expect(screen.getByTestId("timeline-payment_seen").textContent).toContain("Payment seen in block 12");
    expect(screen.getByTestId("timeline-confirmations").textContent).toContain("Confirmations: 1 of 2");
    expect(screen.getByTestId("timeline-draft").textContent).toContain("Application started");
    const link = screen.getByTestId("timeline-payment_seen").querySelector("a");
    expect(link?.getAttribute("href")).toBe(`/tx/${tx}`);
  });

  it("links transactions to the block explorer when there is one", () => {
    render(wrap(<Timeline entries={entries} />, "https://explorer.example/"));
    const link = screen.getAllByTestId("timeline-payment_seen")[0]!.querySelector("a");
    expect(link?.getAttribute("href")).toBe(`https://explorer.example/tx/${tx}`);
  });
});

describe("StepIndicator", () => {
  it("marks the current step and the ones done", () => {
    render(
      wrap(
        <StepIndicator
          label="Steps"
          current="visa"
          steps={[
            { id: "identity", label: "Identity" },
            { id: "visa", label: "Visa" },
            { id: "payment", label: "Payment" },
          ]}
        />,
      ),
    );
    const items = screen.getByTestId("steps").querySelectorAll("li");
    expect([...items].map((item) => [item.getAttribute("aria-current"), item.className])).toEqual([
      [null, "done"],
      ["step", ""],
      [null, ""],
    ]);
  });
});
