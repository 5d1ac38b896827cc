import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyForUkEta, checkEligibility, officerOpens, payGaslessly, visible } from "./flows.ts";
import { browserAvailable, launchBrowser, openVisitor, type Stack, screenshot, startStack } from "./harness.ts";

// The browser scenarios, in a real Chromium against Entrada as `npm start` runs it: a
// traveller applies and pays gaslessly with the built-in wallet in their language, an officer
// decides in another browser, and the traveller's page follows without a reload.

describe.skipIf(!browserAvailable)("the one-stop flow in a browser", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  test("a traveller in Chinese applies and pays gaslessly; the officer approves; 已签发 appears without a reload", async () => {
    const traveller = await openVisitor(browser, { locale: "zh-CN" });
    const { page } = traveller;
    await checkEligibility(page, stack.url, "approve");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    expect(await page.getByTestId("eligibility-submit").textContent()).toMatch(/[\u4e00-\u9fff]/);

    await applyForUkEta(page, "approve");
    const id = await payGaslessly(page, "approve");
    // A marker that a reload or navigation would wipe.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

    const officer = await openVisitor(browser, { locale: "en-GB" });
    await officerOpens(officer.page, stack.url, "gb-eta", id);
    await screenshot(officer.page, "approve-7-officer-detail");
    await officer.page.getByTestId("approve").click();
    await officer.page.locator('[data-testid="escrow-outcome"][data-outcome="released"]').waitFor({ timeout: 90_000 });
    await screenshot(officer.page, "approve-8-officer-released");

    await page.locator('[data-state="issued"]').first().waitFor({ timeout: 90_000 });
    await visible(page, "timeline-issued");
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(
      true,
    );
    expect(await page.locator('[data-state="issued"]').first().textContent()).toContain("已签发");
    await screenshot(page, "approve-9-traveller-issued");

    expect(traveller.consoleErrors).toEqual([]);
    expect(officer.consoleErrors).toEqual([]);
    await traveller.context.close();
    await officer.context.close();
  });

  test("a traveller in Spanish is refunded live when the officer rejects", async () => {
    const traveller = await openVisitor(browser, { locale: "es-ES" });
    const { page } = traveller;
    await checkEligibility(page, stack.url, "reject");
    await applyForUkEta(page, "reject");
    const id = await payGaslessly(page, "reject");
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

    const officer = await openVisitor(browser, { locale: "en-GB" });
    await officerOpens(officer.page, stack.url, "gb-eta", id);
    await officer.page.getByTestId("decision-reason").fill("The photo does not meet the requirements.");
    await officer.page.getByTestId("reject").click();
    await officer.page.getByTestId("confirm-reject").click();
    await officer.page.locator('[data-testid="escrow-outcome"][data-outcome="refunded"]').waitFor({ timeout: 90_000 });
    await screenshot(officer.page, "reject-7-officer-refunded");

    await page.locator('[data-state="refunded"]').first().waitFor({ timeout: 90_000 });
    await visible(page, "timeline-refunded");
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(
      true,
    );
    expect(await page.locator('[data-state="refunded"]').first().textContent()).toContain("Reembolsada");
    await screenshot(page, "reject-8-traveller-refunded");

    expect(traveller.consoleErrors).toEqual([]);
    expect(officer.consoleErrors).toEqual([]);
    await traveller.context.close();
    await officer.context.close();
  });

  test("switching language mid-flow changes every string and keeps what was typed, across a reload", async () => {
    const traveller = await openVisitor(browser, { locale: "en-US" });
    const { page } = traveller;
    await checkEligibility(page, stack.url, "language");
    await page.getByTestId("apply-gb-eta").click();
    await visible(page, "identity-step");
    await page.getByTestId("field-surname").fill("ERIKSSON");
    await page.getByTestId("field-given_names").fill("ANNA MARIA");
    const englishNext = await page.getByTestId("identity-next").textContent();

    await page.getByTestId("language-switcher").selectOption("es");
    await page.waitForFunction(() => document.documentElement.lang === "es");
    expect(await page.getByTestId("identity-next").textContent()).not.toBe(englishNext);
    expect(await page.getByTestId("field-surname").inputValue()).toBe("ERIKSSON");
    await screenshot(page, "language-1-spanish-mid-flow");

    await page.reload();
    await visible(page, "identity-step");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("es");
    expect(await page.getByTestId("field-given_names").inputValue()).toBe("ANNA MARIA");

    await page.getByTestId("language-switcher").selectOption("zh");
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    expect(await page.getByTestId("identity-next").textContent()).toMatch(/[\u4e00-\u9fff]/);
    await screenshot(page, "language-2-chinese-after-reload");
    expect(traveller.consoleErrors).toEqual([]);
    await traveller.context.close();
  });
});
