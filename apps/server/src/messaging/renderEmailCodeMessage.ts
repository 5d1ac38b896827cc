import type { Locale } from "@entrada/db";

/** Parameters of {@link renderEmailCodeMessage}. */
export type RenderEmailCodeMessageParameters = {
  /** The six digits to enter. */
  code: string;
  /** Minutes the code stays valid. */
  validMinutes: number;
  locale: Locale;
};

/** The message with the code, as plain text and HTML. */
export type RenderEmailCodeMessageReturnType = { subject: string; text: string; html: string };

const messages: Readonly<
  Record<Locale, { subject(code: string): string; body(code: string, minutes: number): string[]; footer: string }>
> = {
  en: {
    subject: (code) => `Your Entrada code: ${code}`,
    body: (code, minutes) => [
      `Enter ${code} on the Entrada page to receive your e-visa updates at this address.`,
      `The code is valid for ${minutes} minutes. If you did not ask for it, ignore this e-mail: nothing changes.`,
    ],
    footer: "You receive this e-mail because someone entered this address on Entrada.",
  },
  zh: {
    subject: (code) => `您的 Entrada 验证码：${code}`,
    body: (code, minutes) => [
      `请在 Entrada 页面输入 ${code}，之后电子签证的进展将发送到此邮箱。`,
      `验证码 ${minutes} 分钟内有效。如果这不是您本人的操作，请忽略此邮件，不会有任何变更。`,
    ],
    footer: "您收到此邮件，是因为有人在 Entrada 上填写了此邮箱地址。",
  },
  es: {
    subject: (code) => `Su código de Entrada: ${code}`,
    body: (code, minutes) => [
      `Introduzca ${code} en la página de Entrada para recibir en esta dirección las novedades de su visado electrónico.`,
      `El código es válido durante ${minutes} minutos. Si no lo pidió, ignore este correo: no cambia nada.`,
    ],
    footer: "Recibe este correo porque alguien introdujo esta dirección en Entrada.",
  },
};

/**
 * The e-mail that carries an address verification code, in the recipient's language. The code is
 * in the subject as well, so that it can be read from a notification without opening the message.
 *
 * @example
 * renderEmailCodeMessage({ code: "042917", validMinutes: 15, locale: "es" }).subject; // "Su código de Entrada: 042917"
 */
export function renderEmailCodeMessage(parameters: RenderEmailCodeMessageParameters): RenderEmailCodeMessageReturnType {
  const { code, validMinutes, locale } = parameters;
  const message = messages[locale];
  const subject = message.subject(code);
  const paragraphs = message.body(code, validMinutes);
  // Only digits and the fixed sentences go into the HTML: nothing to escape.
  return {
    subject,
    text: [...paragraphs, "—", message.footer].join("\n\n"),
    html: [
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${subject}</title></head>`,
      '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">',
      ...paragraphs.map((paragraph) => `<p>${paragraph}</p>`),
      `<hr><p style="color: #666; font-size: small">${message.footer}</p>`,
      "</body></html>",
    ].join("\n"),
  };
}
