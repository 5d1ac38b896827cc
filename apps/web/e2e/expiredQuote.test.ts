import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyForUkEta, checkEligibility, visible } from "./flows.ts";
import { browserAvailable, launchBrowser, openVisitor, type Stack, screenshot, startStack } from "./harness.ts";

// A quote locks the rate for QUOTE_LOCK_SECONDS (60 here, the shortest the server accepts). When it
// lapses the page must say so and lead to a new quote, which can then be paid.

describe.skipIf(!browserAvailable)("an expired quote in a browser", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ QUOTE_LOCK_SECONDS: "60" }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  test("says the quote expired, offers a new one, and the new one is paid", async () => {
    const traveller = await openVisitor(browser, { locale: "en-GB" });
    const { page } = traveller;
    await checkEligibility(page, stack.url, "expired");
    await applyForUkEta(page, "expired");
    await page.getByTestId("token-USDC").check();
    await page.getByTestId("get-quote").click();
    await visible(page, "quote-countdown");
    // Funded first, so that the only thing in the way is the quote's age.
    const short = page.locator("[data-error-code=ENTRADA_INSUFFICIENT_BALANCE]");
    await short.getByRole("button").click();
    await short.waitFor({ state: "detached", timeout: 60_000 });

    const expired = page.locator("[data-error-code=ENTRADA_QUOTE_EXPIRED]");
    await expired.waitFor({ timeout: 90_000 });
    expect(await page.getByTestId("pay-button").isDisabled()).toBe(true);
    await screenshot(page, "expired-1-quote-expired");

    await expired.getByRole("button").click();
    await expired.waitFor({ state: "detached", timeout: 30_000 });
    expect(await page.getByTestId("quote-total").textContent()).toBeTruthy();
    await page.getByTestId("method-authorization").check();
    await page.getByTestId("pay-button").click();
    await visible(page, "confirmation-step", 90_000);
    await page.locator('[data-state="paid"]').first().waitFor({ timeout: 60_000 });
    await screenshot(page, "expired-2-new-quote-paid");
    expect(traveller.consoleErrors).toEqual([]);
    await traveller.context.close();
  });
});
