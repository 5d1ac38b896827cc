import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkEligibility, officerOpens, passport, payGaslessly, visible } from "./flows.ts";
import { browserAvailable, launchBrowser, openVisitor, type Stack, screenshot, startStack } from "./harness.ts";

// Issue 11, item 1: a traveller signed in with a wallet has no e-mail address until they verify one.
// Here they verify the address of the visa form with the code that arrives in the Mailbox, in
// Chinese, and the officer's approval then reaches the same Mailbox in Chinese.

/** The subjects the Mailbox page shows, newest first. */
async function mailboxSubjects(page: Page): Promise<string[]> {
  return (await page.locator('[data-testid="mailbox"] li h2').allTextContents()).map((text) => text.trim());
}

/** Waits until the Mailbox (reloaded every few seconds) shows a subject matching `pattern`. */
async function waitForMail(page: Page, pattern: RegExp): Promise<string> {
  for (let tries = 0; tries < 30; tries++) {
    const found = (await mailboxSubjects(page)).find((subject) => pattern.test(subject));
    if (found !== undefined) return found;
    await page.waitForTimeout(1_000);
  }
  throw new Error(`no e-mail matching ${pattern} in the Mailbox: ${(await mailboxSubjects(page)).join(" | ")}`);
}

describe.skipIf(!browserAvailable)("e-mail notifications in a browser", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  test("a wallet traveller in Chinese verifies the form's e-mail with the code from the Mailbox; the approval e-mail arrives in Chinese", async () => {
    const traveller = await openVisitor(browser, { locale: "zh-CN" });
    const { page } = traveller;
    await checkEligibility(page, stack.url, "email");
    // Signed in first (from the header), so the visa form can verify the address it asks for.
    await page.getByTestId("sign-in-entrada-builtin").first().click();
    await page.getByTestId("session-who").waitFor({ timeout: 30_000 });
    await page.getByTestId("apply-gb-eta").click();
    await visible(page, "identity-step");
    for (const [name, value] of Object.entries(passport)) {
      const control = page.getByTestId(`field-${name}`);
      if ((await control.evaluate((element) => element.tagName)) === "SELECT") await control.selectOption(value);
      else await control.fill(value);
    }
    await page.getByTestId("identity-next").click();
    await visible(page, "visa-step");
    await page.getByTestId("field-email").fill("anna@example.org");
    await page.getByTestId("field-home_address").fill("1 Main Street, Springfield");
    await page.getByTestId("field-occupation").fill("Engineer");
    await page.getByTestId("field-criminal_record").selectOption("no");

    // The address is not verified yet: the form offers to send a code, in Chinese.
    const send = page.getByTestId("email-send-code");
    expect(await send.textContent()).toBe("发送验证码");
    await send.click();
    expect(await page.getByTestId("email-code-sent").textContent()).toContain("anna@example.org");

    // The code arrives in the Mailbox, in Chinese; the traveller reads it in another tab.
    const mailbox = await traveller.context.newPage();
    await mailbox.goto(`${stack.url}/mailbox`);
    const subject = await waitForMail(mailbox, /^您的 Entrada 验证码：\d{6}$/);
    await screenshot(mailbox, "email-1-code-in-mailbox");
    await page.getByTestId("email-code").fill(subject.slice(-6));
    await page.getByTestId("email-confirm").click();
    await visible(page, "email-verified");
    expect(await page.getByTestId("email-verified").textContent()).toBe(
      "anna@example.org 已验证：您的申请每有变化，我们都会发邮件到这个地址。",
    );
    await screenshot(page, "email-2-verified");
    await page.getByTestId("visa-next").click();
    await visible(page, "payment-panel");
    const id = await payGaslessly(page, "email");

    const officer = await openVisitor(browser, { locale: "en-GB" });
    await officerOpens(officer.page, stack.url, "gb-eta", id);
    await officer.page.getByTestId("approve").click();
    await page.locator('[data-state="issued"]').first().waitFor({ timeout: 90_000 });
    // Verified: the application page does not say that no e-mail will come.
    expect(await page.getByTestId("email-notice").count()).toBe(0);

    await mailbox.reload();
    const reference = (await page.getByTestId("application-id").first().textContent())?.trim() ?? "";
    expect(await waitForMail(mailbox, /已获批准$/)).toBe(`申请 ${reference} 已获批准`);
    expect(await waitForMail(mailbox, /的付款已确认$/)).toBe(`申请 ${reference} 的付款已确认`);
    expect(await waitForMail(mailbox, /的电子签证已签发$/)).toBe(`申请 ${reference} 的电子签证已签发`);
    await screenshot(mailbox, "email-3-approval-in-mailbox");

    expect(traveller.consoleErrors).toEqual([]);
    await traveller.context.close();
    await officer.context.close();
  });
});
