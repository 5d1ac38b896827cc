import type { Locale } from "@entrada/db";

/** Parameters of {@link renderCredentialMovedMessage}. */
export type RenderCredentialMovedMessageParameters = {
  /** When the credential was re-issued to the new device. */
  movedAt: Date;
  locale: Locale;
  /** The page to review it on (`/identity` of the web app). */
  identityUrl: string;
};

/** The message, as plain text and HTML. */
export type RenderCredentialMovedMessageReturnType = { subject: string; text: string; html: string };

const intlLocale: Readonly<Record<Locale, string>> = { en: "en-GB", zh: "zh-CN", es: "es-ES" };

const messages: Readonly<
  Record<Locale, { subject: string; body(when: string, url: string): string[]; footer: string }>
> = {
  en: {
    subject: "Your identity credential was moved to a new device",
    body: (when, url) => [
      `On ${when} (UTC), your Entrada identity credential was moved to a new device after you signed in there. The copy on your previous device no longer works, and your sharing history is kept.`,
      `If this was not you, open ${url} on a device you trust, revoke the credential, and change how you sign in.`,
    ],
    footer: "You receive this e-mail because it is your verified Entrada address.",
  },
  zh: {
    subject: "您的身份凭证已转移到新设备",
    body: (when, url) => [
      `${when}（UTC），您在新设备上登录后，您的 Entrada 身份凭证已转移到该设备。原设备上的凭证已失效，您的分享记录仍然保留。`,
      `如果这不是您本人的操作，请在您信任的设备上打开 ${url}，撤销该凭证，并更改您的登录方式。`,
    ],
    footer: "您收到此邮件，是因为这是您在 Entrada 上验证过的邮箱地址。",
  },
  es: {
    subject: "Su credencial de identidad se trasladó a un dispositivo nuevo",
    body: (when, url) => [
      `El ${when} (UTC), su credencial de identidad de Entrada se trasladó a un dispositivo nuevo después de que usted iniciara sesión en él. La copia del dispositivo anterior ya no funciona y su historial de datos compartidos se conserva.`,
      `Si no fue usted, abra ${url} en un dispositivo de confianza, revoque la credencial y cambie su forma de iniciar sesión.`,
    ],
    footer: "Recibe este correo porque es su dirección verificada de Entrada.",
  },
};

/**
 * The e-mail telling a credential's owner that it was moved to a new device, in their language: the
 * one alarm a traveller gets if someone else signed in as them and took their credential.
 *
 * @example
 * renderCredentialMovedMessage({ movedAt, locale: "es", identityUrl: "https://entrada.example/identity" }).subject
 * // "Su credencial de identidad se trasladó a un dispositivo nuevo"
 */
export function renderCredentialMovedMessage(
  parameters: RenderCredentialMovedMessageParameters,
): RenderCredentialMovedMessageReturnType {
  const { movedAt, locale, identityUrl } = parameters;
  const message = messages[locale];
  const when = new Intl.DateTimeFormat(intlLocale[locale], {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(movedAt);
  const paragraphs = message.body(when, identityUrl);
  const escapeHtml = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return {
    subject: message.subject,
    text: [...paragraphs, "—", message.footer].join("\n\n"),
    html: [
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(message.subject)}</title></head>`,
      '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">',
      ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
      `<hr><p style="color: #666; font-size: small">${escapeHtml(message.footer)}</p>`,
      "</body></html>",
    ].join("\n"),
  };
}
