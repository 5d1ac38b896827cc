/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyForUkEta, checkEligibility, tallBadges, visible } from "./flows.ts";
import { browserAvailable, launchBrowser, openVisitor, type Stack, screenshot, startStack } from "./harness.ts";

// Numbers as the page's language writes them, and the traveller's pages on a phone: a traveller in
// Spanish and one in Chinese go from the eligibility check to "My applications", and on each page no
// number is left unformatted (a decimal point in Spanish, a decimal comma in Chinese, an ISO date, a
// base-unit-sized integer, six decimals outside the exact details); at 360 px no state badge is taller
// than one line and the header is one short line whose menu works from the keyboard.

/** What a page says where the language's number formats apply (identifiers and hashes set aside). */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    // Identifiers are not numbers: references, addresses and hashes are shown as they are.
    for (const element of clone.querySelectorAll(".mono, code, script, style, select")) element.remove();
    return (clone.textContent ?? "")
      .replace(/0x[0-9a-fA-F]+/g, " ")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, " ");
  });
}

/** The page's text outside the exact-amount details (where six decimals belong). */
async function textOutsideExactDetails(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    for (const element of clone.querySelectorAll('[data-testid="quote-exact"], .mono, code, select')) element.remove();
    return (clone.textContent ?? "").replace(/0x[0-9a-fA-F]+/g, " ");
  });
}

/** Every number on the page in the language's own format; returns what was wrong, with context. */
async function unformattedNumbers(page: Page, language: "es" | "zh"): Promise<string[]> {
  const text = await readableText(page);
  const patterns = [
    // Spanish writes 1,27 and 1.000; Chinese writes 1.27 and 1,000.
    language === "es" ? /\d\.(?:\d{1,2}|\d{4,})(?!\d)/g : /\d,(?:\d{1,2}|\d{4,})(?!\d)/g,
    /\b\d{4}-\d{2}-\d{2}\b/g,
    /(?<![\d.,])\d{7,}(?![\d.,])/g,
  ];
  const found = patterns.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => text.slice(Math.max(0, match.index - 30), match.index + 30)),
  );
  const outside = await textOutsideExactDetails(page);
  for (const match of outside.matchAll(/\d[.,]\d{6}(?!\d)/g)) {
    found.push(`six decimals: ${outside.slice(Math.max(0, match.index - 30), match.index + 30)}`);
  }
  return found;
}

describe.skipIf(!browserAvailable)("numbers in the page's language, and the pages on a phone", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    // WEB_DIST_DIR: a build of the app kept apart from the shared dist/ (several builds at once).
    const dist = process.env.WEB_DIST_DIR;
    [stack, browser] = await Promise.all([startStack(dist ? { WEB_DIST_DIR: dist } : {}), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  for (const [language, locale] of [
    ["es", "es-ES"],
    ["zh", "zh-CN"],
  ] as const) {
    test(`a traveller in ${locale} sees every number formatted, from eligibility to My applications`, async () => {
      const visitor = await openVisitor(browser, { locale });
      const { page } = visitor;
      const check = async (name: string) => {
        await screenshot(page, `formats-${language}-${name}`);
        expect({ page: name, unformatted: await unformattedNumbers(page, language) }).toEqual({
          page: name,
          unformatted: [],
        });
      };

      await checkEligibility(page, stack.url, `formats-${language}`);
      await check("eligibility");
      await applyForUkEta(page, `formats-${language}`);
      await page.getByTestId("token-USDC").check();
      const getQuote = page.getByTestId("get-quote");
      if (await getQuote.isVisible()) await getQuote.click();
      await visible(page, "quote-countdown");
      await check("quote");
      // The time left is said once, not twice (in the page's text as a screen reader or a copy gets it).
      const lockPhrase = language === "es" ? /Precio bloqueado/g : /价格(?:锁定剩余|还将锁定)/g;
      expect((await readableText(page)).match(lockPhrase)).toHaveLength(1);

      // The faucet says what the wallet now holds.
      const short = page.locator("[data-error-code=ENTRADA_INSUFFICIENT_BALANCE]");
      await short.waitFor({ timeout: 30_000 });
      await short.getByRole("button").click();
      await visible(page, "faucet-result", 60_000);
      const funded = (await page.getByTestId("faucet-result").textContent()) ?? "";
      expect(funded).toContain(language === "es" ? "1000,00 USDC" : "1,000.00 USDC");
      await check("funded");

      await page.getByTestId("method-authorization").check();
      await page.getByTestId("pay-button").click();
      await visible(page, "confirmation-step", 90_000);
      await check("confirmation");
      const shown = page.getByTestId("application-id").first();
      // The page shows a short reference; the UUID for the URL is beside it.
      const id = (await shown.getAttribute("data-application-id")) ?? (await shown.textContent())?.trim() ?? "";

      await page.goto(`${stack.url}/applications/${id}`);
      await visible(page, "quote");
      await page.waitForLoadState("networkidle");
      await check("application");

      await page.goto(`${stack.url}/applications`);
      await visible(page, "applications-table");
      await check("applications");

      // On a phone: one line per badge, and a header that leaves the screen to the page.
      for (const width of [390, 360]) {
        await page.setViewportSize({ width, height: 740 });
        await page.waitForTimeout(100);
        await screenshot(page, `phone-${language}-applications-${width}px`);
        expect({ width, tall: await tallBadges(page) }).toEqual({ width, tall: [] });
        const header = await page.locator(".site-header").boundingBox();
        expect(header!.height).toBeLessThanOrEqual(60);
      }
      // The menu opens and closes from the keyboard, and takes the traveller to a page.
      const toggle = page.getByTestId("menu-toggle");
      await toggle.focus();
      await page.keyboard.press("Enter");
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      await visible(page, "language-switcher");
      await screenshot(page, `phone-${language}-menu-open`);
      await page.keyboard.press("Escape");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("menu-toggle");
      expect(await page.getByTestId("language-switcher").isVisible()).toBe(false);
      await page.keyboard.press("Enter");
      await page
        .getByRole("link", { name: language === "es" ? "Visados" : "签证" })
        .first()
        .click();
      await visible(page, "eligibility-form");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");

      expect(visitor.consoleErrors).toEqual([]);
      await visitor.context.close();
    });
  }
});
