import { type ApplicationState, isApplicationState } from "@entrada/core";
import type { Json, Locale } from "@entrada/db";
import { formatAmount } from "./formatAmount.ts";
import { messageTemplates, type Paragraph, type TemplateKey, type TemplateValues } from "./messageTemplates.ts";
import { readPayloadInteger, readPayloadString } from "./readPayloadString.ts";

export type RenderMessageParameters = {
  /** Outbox topic, e.g. `application.state_changed`. */
  topic: string;
  /** Outbox payload (see docs/architecture.md, "Seams"). */
  payload: Json;
  /** The recipient's language. */
  locale: Locale;
  /** Base URL of the web app; when set, the message links to the application (or identity) page. */
  appUrl?: string | undefined;
  /**
   * The application's short reference (`ENT-7K3Q-9XPA`), as its pages show it; without one the
   * message falls back to the first eight hex digits of its id.
   */
  reference?: string | undefined;
  /**
   * The file name of the e-visa PDF sent with the "issued" e-mail (`evisa-<reference>.pdf`); without
   * one the message sends the traveller to the application page for it.
   */
  attachment?: string | undefined;
};

/** A message ready to send: e-mail subject, text and HTML bodies, and a short SMS text. */
export type RenderedMessage = {
  template: TemplateKey;
  subject: string;
  text: string;
  html: string;
  sms: string;
};

/** State changes with a message of their own; `paid` reads as payment confirmed. */
const stateTemplates: Partial<Record<ApplicationState, TemplateKey>> = {
  paid: "payment_confirmed",
  under_review: "under_review",
  needs_info: "needs_info",
  approved: "approved",
  issued: "issued",
  rejected: "rejected",
  refunded: "refunded",
  expired: "expired",
};

const topicTemplates: Readonly<Record<string, TemplateKey>> = {
  "payment.seen": "payment_seen",
  "payment.confirmed": "payment_confirmed",
  "payment.reorged": "payment_reorged",
  "evisa.revoked": "evisa_revoked",
};

/**
 * The message an outbox event calls for: payment topics, application state changes and a KYC
 * reviewer's decision (`identity.review_decided`) have their own, anything else the generic one. A
 * change made by the `chain_reset` event has its own too, whatever state it reached: the traveller
 * must pay again.
 *
 * @example
 * templateKeyFor("application.state_changed", { to: "rejected" }); // "rejected"
 * templateKeyFor("application.state_changed", { to: "submitted" }); // "generic"
 * templateKeyFor("application.state_changed", { to: "submitted", event: "chain_reset" }); // "chain_reset"
 * templateKeyFor("identity.review_decided", { decision: "pass" }); // "identity_verified"
 */
export function templateKeyFor(topic: string, payload: Json): TemplateKey {
  if (topic === "identity.review_decided") {
    const decision = readPayloadString(payload, "decision");
    return decision === "pass" ? "identity_verified" : decision === "fail" ? "identity_failed" : "generic";
  }
  if (topic === "application.state_changed") {
    if (readPayloadString(payload, "event") === "chain_reset") return "chain_reset";
    const to = readPayloadString(payload, "to");
    return (to !== undefined && isApplicationState(to) && stateTemplates[to]) || "generic";
  }
  return Object.hasOwn(topicTemplates, topic) ? topicTemplates[topic]! : "generic";
}

/**
 * Renders the message for an outbox event in the recipient's language: amounts with
 * `Intl.NumberFormat` of that language, the officer's reason quoted as written (escaped in HTML).
 *
 * @example
 * const message = renderMessage({
 *   topic: "application.state_changed",
 *   payload: { applicationId, userId, to: "needs_info", reason: "The photo is blurred." },
 *   locale: "es",
 *   appUrl: "https://entrada.example",
 * });
 * message.subject; // "Acción necesaria: más información para la solicitud 3F2A9C1B"
 */
export function renderMessage(parameters: RenderMessageParameters): RenderedMessage {
  const { topic, payload, locale, appUrl } = parameters;
  const language = messageTemplates[locale];
  const base = appUrl?.replace(/\/+$/, "");
  const template = templateKeyFor(topic, payload);
  const applicationId = readPayloadString(payload, "applicationId");
  const to = readPayloadString(payload, "to");
  const values: TemplateValues = {
    ref: parameters.reference ?? (applicationId ? applicationRef(applicationId) : "—"),
    amount: readAmount(payload, locale),
    txHash: readPayloadString(payload, "txHash"),
    reason: readPayloadString(payload, "reason")?.trim() || language.noReason,
    state: to !== undefined && isApplicationState(to) ? language.states[to] : undefined,
    attachment: parameters.attachment,
    verifyUrl: base === undefined ? undefined : `${base}/verify`,
  };
  const { subject, body } = language.templates[template];
  const paragraphs = body(values).filter((paragraph): paragraph is Exclude<Paragraph, undefined> => !!paragraph);
  // Identity messages lead to the identity page; application messages to the application.
  const link =
    base === undefined
      ? undefined
      : topic.startsWith("identity.")
        ? { url: `${base}/identity`, line: language.viewIdentity }
        : applicationId
          ? { url: `${base}/applications/${encodeURIComponent(applicationId)}`, line: language.viewApplication }
          : undefined;
  // The transaction a message names, on Entrada's own page of it: readable in the recipient's
  // language on any chain, local ones included (which have no block explorer), with `?chain=` so
  // that a payment on a second chain opens there.
  const chainId = readPayloadInteger(payload, "chainId");
  const transaction =
    base === undefined || values.txHash === undefined || !/^0x[0-9a-fA-F]{64}$/.test(values.txHash)
      ? undefined
      : {
          url: `${base}/tx/${values.txHash}${chainId === undefined ? "" : `?chain=${chainId}`}`,
          line: language.viewTransaction,
        };
  const links = [transaction, link].filter((found) => found !== undefined);
  const subjectText = subject(values);

  const text = [
    ...paragraphs.map((paragraph) =>
      typeof paragraph === "string" ? paragraph : paragraph.quote.replace(/^/gm, "> "),
    ),
    ...links.map(({ url, line }) => line(url)),
    "—",
    language.footer,
  ].join("\n\n");

  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subjectText)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">',
    ...paragraphs.map((paragraph) =>
      typeof paragraph === "string"
        ? `<p>${escapeHtml(paragraph)}</p>`
        : `<blockquote style="border-left: 3px solid #ccc; margin: 0; padding-left: 1em">${escapeHtml(paragraph.quote).replaceAll("\n", "<br>")}</blockquote>`,
    ),
    ...links.map(({ url, line }) => `<p><a href="${escapeHtml(url)}">${escapeHtml(line(url))}</a></p>`),
    `<hr><p style="color: #666; font-size: small">${escapeHtml(language.footer)}</p>`,
    "</body></html>",
  ].join("\n");

  return { template, subject: subjectText, text, html, sms: `Entrada: ${subjectText}${link ? ` ${link.url}` : ""}` };
}

/** A stand-in for a reference not given: the first eight hex digits of the application id, in capitals. */
function applicationRef(applicationId: string): string {
  const hex = applicationId.replaceAll("-", "");
  return /^[0-9a-f]{8}/i.test(hex) ? hex.slice(0, 8).toUpperCase() : applicationId.slice(0, 12);
}

/** `amount` (minor units, a decimal string) and `currency` of the payload, formatted; else `undefined`. */
function readAmount(payload: Json, locale: Locale): string | undefined {
  const amount = readPayloadString(payload, "amount");
  const currency = readPayloadString(payload, "currency") ?? readPayloadString(payload, "token");
  if (amount === undefined || currency === undefined || !/^[0-9]{1,78}$/.test(amount)) return undefined;
  try {
    return formatAmount({ amount: BigInt(amount), currency }, locale);
  } catch {
    // An unknown currency: better no amount than a wrong one.
    return undefined;
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
