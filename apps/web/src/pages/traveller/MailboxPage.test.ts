import { describe, expect, it } from "vitest";
import { guessLanguage } from "./MailboxPage.tsx";

describe("guessLanguage", () => {
  it("tells the mailbox's three languages apart", () => {
    expect(guessLanguage("审核申请 88CEA409 的审核官需要您补充以下信息")).toBe("zh");
    expect(guessLanguage("Su solicitud de visado está en revisión.")).toBe("es");
    expect(guessLanguage("¡Pago recibido!")).toBe("es");
    expect(guessLanguage("Your application is under review.")).toBe("en");
  });
});
