/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { visible } from "./flows.ts";
import {
  browserAvailable,
  launchBrowser,
  openVisitor,
  type Stack,
  screenshot,
  seriousViolations,
  startStack,
} from "./harness.ts";

// The home page's eligibility form comes in the HTML the server sends, in the visitor's language: a
// plain GET form, usable before the app's script has arrived and without script at all. Without
// JavaScript a traveller in Chinese, then one in Spanish (by the language cookie the app keeps),
// submits it and reads the results the server writes; with JavaScript the app takes the page over,
// keeps what was chosen before it arrived, and shows the results of a query string it finds.

/** Latin-script words a Chinese home page may show: proper nouns and the tokens' names. */
const allowedLatinWords = new Set(["Entrada", "USDC", "USDT", "ETA"]);

/** The Latin-script words in the page's text, labels and options, but the allowed proper nouns. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.locator("#root").textContent();
  const options = await page.locator("#root option").allTextContents();
  return [...`${text} ${options.join(" ")}`.matchAll(/\p{Script=Latin}+/gu)]
    .map(([word]) => word)
    .filter((word) => !allowedLatinWords.has(word));
}

/** A browser context with JavaScript off, as a visitor whose browser runs none. */
async function withoutJavaScript(browser: Browser, locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale,
    javaScriptEnabled: false,
    serviceWorkers: "block",
    viewport: { width: 390, height: 844 },
  });
  return { context, page: await context.newPage() };
}

describe.skipIf(!browserAvailable)("the home page's eligibility form, written by the server", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    const dist = process.env.WEB_DIST_DIR;
    [stack, browser] = await Promise.all([startStack(dist ? { WEB_DIST_DIR: dist } : {}), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  test("without JavaScript, in Chinese: the form is in Chinese, and submitting it shows the results", async () => {
    const { context, page } = await withoutJavaScript(browser, "zh-CN");
    await page.goto(`${stack.url}/`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    expect(await page.getByLabel("国籍").count()).toBe(1);
    expect(await page.getByTestId("eligibility-submit").textContent()).toBe("查询");
    expect(await page.getByTestId("eligibility-destination").locator('option[value="GB"]').textContent()).toBe("英国");
    expect(await latinWords(page)).toEqual([]);
    expect(await page.locator("noscript").count()).toBe(0);
    await screenshot(page, "server-form/zh-1-form");

    await page.getByLabel("国籍").selectOption("USA");
    await page.getByLabel("目的地").selectOption("GB");
    await page.getByLabel("出行目的").selectOption("tourist");
    await page.getByTestId("eligibility-submit").click();
    await visible(page, "eligible-gb-eta");
    const address = new URL(page.url());
    expect(Object.fromEntries(address.searchParams)).toMatchObject({
      nationality: "USA",
      destination: "GB",
      purpose: "tourist",
    });
    expect(await page.locator("#eligibility-results").textContent()).toBe("美国护照 · 前往英国 · 旅游");
    expect(await page.getByTestId("eligible-gb-eta").textContent()).toContain("英国电子旅行许可（ETA）");
    // The form keeps what was chosen, and the link to apply is there.
    expect(await page.getByLabel("国籍").inputValue()).toBe("USA");
    expect(await page.getByTestId("apply-gb-eta").getAttribute("href")).toBe(
      "/apply/gb-eta?nationality=USA&destination=GB&purpose=tourist",
    );
    expect(await latinWords(page)).toEqual([]);
    await screenshot(page, "server-form/zh-2-results");

    // Nothing chosen: the errors, in Chinese, tied to their fields.
    await page.goto(`${stack.url}/?nationality=&destination=&purpose=tourist`);
    expect(await page.getByTestId("eligibility-nationality").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#eligibility-destination-error").textContent()).toBe("请选择目的地。");
    expect(await page.getByTestId("eligibility-results").count()).toBe(0);
    await context.close();
  });

  test("without JavaScript, in Spanish by the stored language: a business trip to India", async () => {
    const { context, page } = await withoutJavaScript(browser, "en-GB");
    // The app keeps the switcher's choice in this cookie too; it wins over the browser's languages.
    await context.addCookies([{ name: "entrada_language", value: "es", url: stack.url }]);
    await page.goto(`${stack.url}/`);
    expect(await page.getAttribute("html", "lang")).toBe("es");
    expect(await page.getByTestId("eligibility-submit").textContent()).toBe("Comprobar");
    await page.getByLabel("Nacionalidad").selectOption("USA");
    await page.getByTestId("eligibility-destination").selectOption("IN");
    await page.getByTestId("eligibility-purpose").selectOption("business");
    await page.getByTestId("eligibility-submit").click();
    await visible(page, "eligibility-results");
    expect(await page.locator("#eligibility-results").textContent()).toContain("India");
    expect(await page.getByTestId("eligibility-results").textContent()).not.toMatch(/\b(Apply|visa|Fee)\b/);
    expect(await page.getByTestId("eligibility-purpose").inputValue()).toBe("business");
    await screenshot(page, "server-form/es-results");
    await context.close();
  });

  test("with JavaScript the app takes the page over: the query string's results, what was chosen before it", async () => {
    // A submission made before the app arrived: the app shows its results itself.
    const first = await openVisitor(browser, { locale: "es-ES", width: 390, height: 844 });
    await first.page.goto(`${stack.url}/?nationality=USA&destination=GB&purpose=tourist`);
    await visible(first.page, "catalogue"); // the app's (the server writes no catalogue)
    expect(await first.page.locator("form[data-server-form]").count()).toBe(0);
    await visible(first.page, "eligible-gb-eta");
    expect(await first.page.getByTestId("eligibility-nationality").inputValue()).toBe("USA");
    expect(await first.page.getByTestId("eligibility-destination").inputValue()).toBe("GB");
    expect(await seriousViolations(first.page)).toEqual([]);
    expect(first.consoleErrors).toEqual([]);
    await first.context.close();

    // Chosen in the server's form while the app's script is held back: the app's form keeps it.
    const second = await openVisitor(browser, { locale: "zh-CN", width: 390, height: 844 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await second.page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await second.page.goto(`${stack.url}/`, { waitUntil: "commit" });
    await second.page.locator("form[data-server-form]").waitFor();
    await second.page.getByTestId("eligibility-nationality").selectOption("CHN");
    await second.page.getByTestId("eligibility-destination").selectOption("TH");
    await second.page.getByTestId("eligibility-destination").focus();
    release();
    await visible(second.page, "catalogue");
    expect(await second.page.locator("form[data-server-form]").count()).toBe(0);
    expect(await second.page.getByTestId("eligibility-nationality").inputValue()).toBe("CHN");
    expect(await second.page.getByTestId("eligibility-destination").inputValue()).toBe("TH");
    expect(await second.page.evaluate(() => document.activeElement?.id)).toBe("eligibility-destination");
    await second.page.getByTestId("eligibility-submit").click();
    await visible(second.page, "eligibility-results");
    expect(await second.page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(second.consoleErrors).toEqual([]);
    await second.context.close();
  });
});
