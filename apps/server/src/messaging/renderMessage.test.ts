import { applicationStates } from "@entrada/core";
import { type Json, locales } from "@entrada/db";
import { describe, expect, test } from "vitest";
import { formatAmount } from "./formatAmount.ts";
import { messageTemplates, type TemplateKey, templateKeys } from "./messageTemplates.ts";
import { renderMessage, templateKeyFor } from "./renderMessage.ts";

const applicationId = "3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d";
const txHash = `0x${"ab".repeat(32)}`;
const verificationId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const userId = "0b6f7f5e-0000-4000-8000-00000000a0a0";
const at = "2030-01-02T03:04:05.000Z";

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
  chain_reset: {
    topic: "application.state_changed",
    payload: {
      applicationId,
      from: "paid",
      to: "submitted",
      event: "chain_reset",
      actorRole: "system",
      reason: "The local development chain was reset.",
    },
  },
  identity_verified: { topic: "identity.review_decided", payload: { verificationId, userId, decision: "pass", at } },
  identity_failed: { topic: "identity.review_decided", payload: { verificationId, userId, decision: "fail", at } },
  evisa_revoked: { topic: "evisa.revoked", payload: { applicationId, userId, reason: "Passport reported lost.", at } },
  generic: { topic: "application.state_changed", payload: { applicationId, to: "cancelled" } },
};

/** The messages about an application (the others are about the traveller's identity check). */
const applicationKeys = templateKeys.filter((key) => !key.startsWith("identity_"));

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
    for (const key of applicationKeys) {
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
    expect(subjects.size).toBe(applicationKeys.length);
  });

  test.each(locales)("in %s, tells the traveller a reviewer's decision on their identity check", (locale) => {
    const texts = messageTemplates[locale];
    for (const key of ["identity_verified", "identity_failed"] as const) {
      const message = renderMessage({ ...events[key], locale, appUrl: "https://entrada.example/" });
      expect(message.template).toBe(key);
      for (const part of [message.subject, message.text, message.html, message.sms]) {
        expect(part).not.toMatch(/undefined|null|NaN|\[object|\$\{|—\s*$/);
      }
      expect(message.subject).toBe(texts.templates[key].subject({ ref: "—", reason: texts.noReason }));
      expect(message.text).toContain(texts.viewIdentity("https://entrada.example/identity"));
      expect(message.html).toContain('href="https://entrada.example/identity"');
      expect(message.html).toContain(`lang="${locale}"`);
      expect(message.sms).toBe(`Entrada: ${message.subject} https://entrada.example/identity`);
      // Ids stay out of the message: there is nothing in it a stranger could use.
      expect(message.text).not.toContain(verificationId);
      expect(message.text).not.toContain(userId);
    }
    const verified = renderMessage({ ...events.identity_verified, locale });
    const failed = renderMessage({ ...events.identity_failed, locale });
    expect(verified.subject).not.toBe(failed.subject);
    expect(verified.text).not.toContain("https://");
  });

  test("the identity messages in full, in English, Chinese and Spanish", () => {
    expect(
      locales.map((locale) =>
        (["identity_verified", "identity_failed"] as const).map((key) => {
          const { subject, text } = renderMessage({ ...events[key], locale });
          return `${subject}\n${text.split("\n\n—")[0]}`;
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        [
          "Your identity is verified
      A member of our review team has checked your passport: your identity is verified.

      Your credential is ready in the app. Open the identity page to add it to this browser, then use it to fill in your applications without typing your passport again.",
          "Your identity check did not pass
      A member of our review team looked at your identity check and could not confirm your identity, so it did not pass.

      You can check again from the identity page with your passport at hand: type the details exactly as printed and take the photos in good light. You can still apply by typing your passport details into each application. If you think this is a mistake, contact support.",
        ],
        [
          "您的身份已通过验证
      我们的审核人员已核查您的护照：您的身份已通过验证。

      您的凭证已在应用中准备就绪。请打开“身份”页面将其添加到此浏览器，之后填写申请时无需再次输入护照信息。",
          "您的身份验证未通过
      我们的审核人员查看了您的身份验证，但无法确认您的身份，因此验证未通过。

      您可以备好护照，在“身份”页面重新验证：请按护照上印刷的内容准确填写，并在光线充足处拍照。您也仍可在每份申请中手动填写护照信息。如您认为有误，请联系客服。",
        ],
        [
          "Su identidad está verificada
      Un miembro de nuestro equipo de revisión ha comprobado su pasaporte: su identidad está verificada.

      Su credencial está lista en la aplicación. Abra la página de identidad para añadirla a este navegador y úsela para rellenar sus solicitudes sin volver a escribir los datos del pasaporte.",
          "Su verificación de identidad no se ha superado
      Un miembro de nuestro equipo de revisión examinó su verificación de identidad y no pudo confirmar su identidad, así que no se ha superado.

      Puede verificarse de nuevo desde la página de identidad con su pasaporte a mano: escriba los datos tal como están impresos y haga las fotos con buena luz. También puede seguir solicitando escribiendo los datos del pasaporte en cada solicitud. Si cree que se trata de un error, contacte con soporte.",
        ],
      ]
    `);
  });

  test("the message of a reset chain in full, in English, Chinese and Spanish", () => {
    expect(
      locales.map((locale) => {
        const { subject, text } = renderMessage({ ...events.chain_reset, locale, appUrl: "https://entrada.example" });
        return `${subject}\n${text.split("\n\n—")[0]}`;
      }),
    ).toMatchInlineSnapshot(`
      [
        "Application 3F2A9C1B: please pay again
      The development blockchain that held your payment for application 3F2A9C1B was reset, so the payment is no longer on it. Your application is back to submitted and its quote is cancelled.

      Get a new quote and pay again from the application page. You cannot pay twice: the escrow accepts one payment per application.

      See the application: https://entrada.example/applications/3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d",
        "申请 3F2A9C1B：请重新付款
      保存您申请 3F2A9C1B 付款的开发区块链已被重置，这笔付款已不在链上。您的申请已退回“已提交”状态，原报价已作废。

      请在申请页面获取新报价后重新付款。托管合约每个申请只接受一次付款，因此不会重复扣款。

      查看申请：https://entrada.example/applications/3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d",
        "Solicitud 3F2A9C1B: vuelva a pagar
      La cadena de bloques de desarrollo que guardaba su pago de la solicitud 3F2A9C1B se reinició, así que el pago ya no está en ella. Su solicitud vuelve a estar enviada y su cotización queda anulada.

      Pida una nueva cotización y pague de nuevo desde la página de la solicitud. No puede pagar dos veces: el depósito acepta un solo pago por solicitud.

      Vea la solicitud: https://entrada.example/applications/3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d",
      ]
    `);
  });

  test("links the transaction it names to Entrada's page of it, on the payment's chain, in the recipient's language", () => {
    const appUrl = "https://entrada.example/";
    const onSecondChain = renderMessage({
      topic: "payment.confirmed",
      payload: { applicationId, txHash, amount: "40020000", token: "USDC", chainId: 31338 },
      locale: "es",
      appUrl,
    });
    const url = `https://entrada.example/tx/${txHash}?chain=31338`;
    expect(onSecondChain.text).toContain(`Vea la transacción: ${url}`);
    expect(onSecondChain.html).toContain(`<a href="${url}">`);
    // Before the application's link, which stays last.
    expect(onSecondChain.text.indexOf("/tx/")).toBeLessThan(onSecondChain.text.indexOf("/applications/"));
    const noChain = renderMessage({ ...events.payment_confirmed, locale: "zh", appUrl });
    expect(noChain.text).toContain(`查看交易：https://entrada.example/tx/${txHash}\n`);
    // Nothing to link without the app's address, or without a well-formed hash.
    expect(renderMessage({ ...events.payment_confirmed, locale: "en" }).text).not.toContain("/tx/");
    const malformed = renderMessage({
      topic: "payment.confirmed",
      payload: { applicationId, txHash: "0x1234", amount: "40020000", token: "USDC" },
      locale: "en",
      appUrl,
    });
    expect(malformed.text).not.toContain("/tx/");
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
          "Su pago de 40,02 USDC para la solicitud 3F2A9C1B está confirmado y queda en depósito de garantía.",
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

  test.each(locales)(
    "in %s, the issued e-mail names the attached e-visa PDF, or sends the traveller to the application page without it",
    (locale) => {
      const render = (attachment?: string) =>
        renderMessage({
          ...events.issued,
          locale,
          appUrl: "https://entrada.example/",
          reference: "ENT-7K3Q-9XPA",
          attachment,
        });
      const attached = render("evisa-ENT-7K3Q-9XPA.pdf");
      const without = render();
      expect(attached.text).toContain("PDF");
      // Only words of the language: no file name in the text (the attachment has it).
      expect(attached.text).not.toContain("evisa-");
      for (const message of [attached, without]) {
        // The QR's verification page and the application page, where the visa card is.
        expect(message.text).toContain("https://entrada.example/verify");
        expect(message.text).toContain(`https://entrada.example/applications/${applicationId}`);
        expect(message.html).toContain('href="https://entrada.example/applications/');
      }
      expect(attached.text).not.toBe(without.text);
    },
  );

  test("the issued e-mail in full, with and without its PDF, in English", () => {
    const render = (attachment?: string) =>
      renderMessage({
        ...events.issued,
        locale: "en",
        appUrl: "https://entrada.example",
        reference: "ENT-7K3Q-9XPA",
        attachment,
      })
        .text.split("\n\n")
        .slice(0, 3);
    expect(render("evisa-ENT-7K3Q-9XPA.pdf")).toEqual([
      "Your e-visa is issued and attached to this e-mail as a PDF. Print it or keep it on your phone, and carry it with your passport when you travel.",
      "Its QR code is signed by the issuing authority: border officers and airlines can check it even offline, for example at https://entrada.example/verify.",
      "The application page shows your e-visa with its QR code, and can save it on your device for when you have no connection.",
    ]);
    expect(render()[0]).toBe(
      "Your e-visa is issued. Open the application page to see it and download it as a PDF, and carry it with your passport when you travel.",
    );
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
    // Back to submitted because the chain was reset: the traveller must pay again, and is told so.
    expect(templateKeyFor("application.state_changed", { applicationId, to: "submitted", event: "chain_reset" })).toBe(
      "chain_reset",
    );
    expect(templateKeyFor("payment.seen", {})).toBe("payment_seen");
    expect(templateKeyFor("payment.reorged", {})).toBe("payment_reorged");
    expect(templateKeyFor("identity.review_decided", { decision: "pass" })).toBe("identity_verified");
    expect(templateKeyFor("identity.review_decided", { decision: "fail" })).toBe("identity_failed");
    expect(templateKeyFor("identity.review_decided", { decision: "maybe" })).toBe("generic");
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
