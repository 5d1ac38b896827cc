import { describe, expect, test } from "vitest";
import { renderCredentialMovedMessage } from "./renderCredentialMovedMessage.ts";

describe("renderCredentialMovedMessage", () => {
  const movedAt = new Date("2026-12-07T09:05:00.000Z");
  const identityUrl = "https://entrada.example/identity";

  test("says when, in the recipient's language and date format, and where to revoke it", () => {
    const en = renderCredentialMovedMessage({ movedAt, locale: "en", identityUrl });
    expect(en.subject).toBe("Your identity credential was moved to a new device");
    expect(en.text).toContain("On 7 December 2026 at 09:05 (UTC)");
    const zh = renderCredentialMovedMessage({ movedAt, locale: "zh", identityUrl });
    expect(zh.subject).toBe("您的身份凭证已转移到新设备");
    expect(zh.text).toContain("2026年12月7日 09:05（UTC）");
    const es = renderCredentialMovedMessage({ movedAt, locale: "es", identityUrl });
    expect(es.subject).toBe("Su credencial de identidad se trasladó a un dispositivo nuevo");
    expect(es.text).toContain("El 7 de diciembre de 2026 a las 9:05 (UTC)");
    for (const message of [en, zh, es]) {
      expect(message.text).toContain(identityUrl);
      expect(message.html).toContain(`<p>`);
      expect(message.html).not.toMatch(/[<>]\S*undefined/);
    }
  });
});
