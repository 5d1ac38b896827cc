import { applicationStates } from "@entrada/core";
import { type Json, locales } from "@entrada/db";
import { describe, expect, test } from "vitest";
import { formatAmount } from "./formatAmount.ts";
import { messageTemplates, type TemplateKey, templateKeys } from "./messageTemplates.ts";
import { renderMessage, templateKeyFor } from "./renderMessage.ts";

const applicationId = "3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d";
const txHash = `0x${"ab".repeat(32)}`;

/** An event that leads to each template, with every field a template may use. */
const events: Record<TemplateKey, { topic: string; payload: Json }> = {
  payment_seen: { topic: "payment.seen", payload: { applicationId, txHash, amount: "40020000", currency: "USDC" } },
  payment_confirmed: {
    topic: "payment.confirmed",
    payload: { applicationId, txHash, amount: "40020000", token: "USDC" },
  },
  payment_reorged: { topic: "payment.reorged", payload: { applicationId, txHash } },
  under_review: { topic: "application.state_changed", payload: { applicationId, from: "paid", to: "under_review" } },
  needs_info: {
    topic: "application.state_changed",
    payload: { applicationId, to: "needs_info", reason: "The photo is blurred.\nPlease upload a new one." },
  },
  approved: { topic: "application.state_changed", payload: { applicationId, to: "approved" } },
  issued: { topic: "application.state_changed", payload: { applicationId, to: "issued", txHash } },
  rejected: { topic: "application.state_changed", payload: { applicationId, to: "rejected", reason: "Incomplete." } },
  refunded: {
    topic: "application.state_changed",
    payload: { applicationId, to: "refunded", txHash, amount: "4000", currency: "USD" },
  },
  expired: { topic: "application.state_changed", payload: { applicationId, to: "expired" } },
  generic: { topic: "application.state_changed", payload: { applicationId, to: "cancelled" } },
};

describe("messageTemplates", () => {
  test("every language has every template and every state name", () => {
    for (const locale of locales) {
      expect(Object.keys(messageTemplates[locale].templates).sort(), locale).toEqual([...templateKeys].sort());
      expect(Object.keys(messageTemplates[locale].states).sort(), locale).toEqual([...applicationStates].sort());
      for (const name of Object.values(messageTemplates[locale].states)) expect(name.trim()).not.toBe("");
    }
    expect(Object.keys(messageTemplates).sort()).toEqual([...locales].sort());
  });
});

describe("renderMessage", () => {
  test.each(locales)("renders every message in %s, with and without optional fields", (locale) => {
    const subjects = new Set<string>();
    for (const key of templateKeys) {
      const { topic, payload } = events[key];
      const full = renderMessage({ topic, payload, locale, appUrl: "https://entrada.example/" });
      const bare = renderMessage({
        topic,
        payload: { applicationId, to: (payload as { to?: string }).to ?? null },
        locale,
      });
      expect(full.template).toBe(key);
      for (const message of [full, bare]) {
        for (const part of [message.subject, message.text, message.html, message.sms]) {
          expect(part.trim()).not.toBe("");
          expect(part).not.toMatch(/undefined|null|NaN|\[object|\$\{/);
        }
        expect(message.subject).toContain("3F2A9C1B");
        expect(message.text).toContain(messageTemplates[locale].footer);
      }
      expect(full.text).toContain(`https://entrada.example/applications/${applicationId}`);
      expect(full.html).toContain(`href="https://entrada.example/applications/${applicationId}"`);
      expect(bare.text).not.toContain("https://");
      subjects.add(full.subject);
    }
    // Each message says something of its own.
    expect(subjects.size).toBe(templateKeys.length);
  });

  test.each(locales)("in %s, carries the officer's reason, the refund transaction and how to claim", (locale) => {
    const render = (key: TemplateKey) => renderMessage({ ...events[key], locale });
    expect(render("needs_info").text).toContain("> The photo is blurred.\n> Please upload a new one.");
    expect(render("rejected").text).toContain("> Incomplete.");
    expect(render("refunded").text).toContain(txHash);
    expect(render("expired").text).toContain("claimExpired");
    expect(render("expired").text).toMatch(/relayer|中继/);
    const noReason = renderMessage({
      topic: "application.state_changed",
      payload: { applicationId, to: "rejected" },
      locale,
    });
    expect(noReason.text).toContain(messageTemplates[locale].noReason);
    expect(render("generic").text).toContain(messageTemplates[locale].states.cancelled);
  });

  test("formats amounts in the recipient's language", () => {
    const amounts = locales.map((locale) => [
      renderMessage({ ...events.payment_confirmed, locale }).text.split("\n\n")[0],
      renderMessage({ ...events.refunded, locale }).text.split("\n\n")[0],
    ]);
    expect(amounts).toMatchInlineSnapshot(`
      [
        [
          "Your payment of 40.02 USDC for application 3F2A9C1B is confirmed and held in escrow.",
          "The fee of $40.00 for application 3F2A9C1B was returned from escrow to the wallet that paid it.",
        ],
        [
          "您为申请 3F2A9C1B 支付的款项（40.02 USDC）已确认，并由托管合约保管。",
          "申请 3F2A9C1B 的费用（US$40.00）已从托管合约退回付款钱包。",
        ],
        [
          "Su pago de 40,02 USDC para la solicitud 3F2A9C1B está confirmado y queda en depósito de garantía (escrow).",
          "La tasa de 40,00 US$ de la solicitud 3F2A9C1B se ha devuelto desde el depósito a la billetera que la pagó.",
        ],
      ]
    `);
  });

  test("escapes the reason in HTML", () => {
    const message = renderMessage({
      topic: "application.state_changed",
      payload: { applicationId, to: "rejected", reason: '<script>alert("x")</script> & more' },
      locale: "en",
    });
    expect(message.html).not.toContain("<script>");
    expect(message.html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; more");
    expect(message.text).toContain('> <script>alert("x")</script> & more');
  });

  test("an English message in full", () => {
    const message = renderMessage({ ...events.expired, locale: "en", appUrl: "https://entrada.example" });
    expect(message.subject).toMatchInlineSnapshot(
      `"Application 3F2A9C1B: no decision in time, your fee can be refunded"`,
    );
    expect(message.text).toMatchInlineSnapshot(`
      "The authority did not decide on application 3F2A9C1B before its deadline, so the fee held in escrow can go back to you.

      You can claim it yourself: call claimExpired on the Entrada escrow contract from any wallet. The money always goes to the wallet that paid, whoever sends the transaction.

      Or do nothing: Entrada's relayer claims it for you at no cost, and we will write when the refund is on the chain.

      See the application: https://entrada.example/applications/3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d

      —

      You receive this e-mail because you applied for an e-visa with Entrada."
    `);
    expect(message.sms).toMatchInlineSnapshot(
      `"Entrada: Application 3F2A9C1B: no decision in time, your fee can be refunded https://entrada.example/applications/3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d"`,
    );
  });
});

describe("templateKeyFor", () => {
  test("picks the message of each topic and state; anything else is generic", () => {
    const change = (to: string) => templateKeyFor("application.state_changed", { applicationId, to });
    expect(applicationStates.map((state) => [state, change(state)])).toMatchInlineSnapshot(`
      [
        [
          "draft",
          "generic",
        ],
        [
          "submitted",
          "generic",
        ],
        [
          "payment_pending",
          "generic",
        ],
        [
          "paid",
          "payment_confirmed",
        ],
        [
          "under_review",
          "under_review",
        ],
        [
          "needs_info",
          "needs_info",
        ],
        [
          "approved",
          "approved",
        ],
        [
          "issued",
          "issued",
        ],
        [
          "rejected",
          "rejected",
        ],
        [
          "refunded",
          "refunded",
        ],
        [
          "expired",
          "expired",
        ],
        [
          "cancelled",
          "generic",
        ],
      ]
    `);
    expect(templateKeyFor("payment.seen", {})).toBe("payment_seen");
    expect(templateKeyFor("payment.reorged", {})).toBe("payment_reorged");
    expect(templateKeyFor("authority.updated", {})).toBe("generic");
    expect(templateKeyFor("toString", {})).toBe("generic");
    expect(templateKeyFor("application.state_changed", [])).toBe("generic");
  });
});

describe("formatAmount", () => {
  test("formats fiat in the locale's currency style and tokens with their symbol, exactly", () => {
    const big = { amount: 123_456_789_012_345_678_901_234_567_890n, currency: "USDC" };
    expect(
      locales.map((locale) => [
        formatAmount({ amount: 4000n, currency: "USD" }, locale),
        formatAmount({ amount: 1_234_550n, currency: "EUR" }, locale),
        formatAmount({ amount: 3000n, currency: "JPY" }, locale),
        formatAmount({ amount: 40_020_000n, currency: "USDC" }, locale),
        formatAmount({ amount: 1n, currency: "USDT" }, locale),
        formatAmount(big, locale),
      ]),
    ).toMatchInlineSnapshot(`
      [
        [
          "$40.00",
          "€12,345.50",
          "¥3,000",
          "40.02 USDC",
          "0.000001 USDT",
          "123,456,789,012,345,678,901,234.56789 USDC",
        ],
        [
          "US$40.00",
          "€12,345.50",
          "JP¥3,000",
          "40.02 USDC",
          "0.000001 USDT",
          "123,456,789,012,345,678,901,234.56789 USDC",
        ],
        [
          "40,00 US$",
          "12.345,50 €",
          "3000 JPY",
          "40,02 USDC",
          "0,000001 USDT",
          "123.456.789.012.345.678.901.234,56789 USDC",
        ],
      ]
    `);
  });
});
