import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyForUkEta, checkEligibility, officerOpens, payGaslessly, visible } from "./flows.ts";
import {
  browserAvailable,
  launchBrowser,
  openVisitor,
  overflowsHorizontally,
  type Stack,
  screenshot,
  seriousViolations,
  startStack,
} from "./harness.ts";

// Every main page, as a traveller and as an officer: no serious or critical axe-core violation, no
// sideways scrolling at 360 px, no console error; and the app is installable (manifest, icons, worker).

describe.skipIf(!browserAvailable)("quality of every main page", () => {
  let stack: Stack;
  let browser: Browser;
  let applicationId: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** Checks the page as it stands, wide and at 360 px. */
  async function audit(page: Page, name: string): Promise<void> {
    expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForTimeout(100);
    expect({ page: name, overflows: await overflowsHorizontally(page) }).toEqual({ page: name, overflows: false });
    expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
    await screenshot(page, `quality-${name}-360px`);
    await page.setViewportSize(viewport);
  }

  test("the traveller's pages, in English and Chinese", async () => {
    const visitor = await openVisitor(browser, { locale: "en-GB" });
    const { page } = visitor;
    await checkEligibility(page, stack.url, "quality");
    await audit(page, "home");
    await page.getByTestId("apply-gb-eta").click();
    await visible(page, "identity-step");
    await audit(page, "apply-identity");
    // Submitting empty shows every field's error: those states must be accessible too.
    await page.getByTestId("identity-next").click();
    await audit(page, "apply-identity-errors");
    await page.goto(`${stack.url}/`);
    await checkEligibility(page, stack.url, "quality");
    await applyForUkEta(page, "quality");
    await audit(page, "apply-payment");
    applicationId = await payGaslessly(page, "quality");
    await audit(page, "apply-confirmation");

    for (const [name, path] of [
      ["applications", "/applications"],
      ["application", `/applications/${applicationId}`],
      ["wallet", "/wallet"],
      ["mailbox", "/mailbox"],
      ["not-found", "/no-such-page"],
    ] as const) {
      await page.goto(`${stack.url}${path}`);
      await page.waitForLoadState("networkidle");
      await audit(page, name);
    }

    await page.getByTestId("language-switcher").selectOption("zh");
    await page.goto(`${stack.url}/`);
    await visible(page, "eligibility-form");
    await audit(page, "home-zh");
    await page.goto(`${stack.url}/applications/${applicationId}`);
    await page.waitForLoadState("networkidle");
    await audit(page, "application-zh");
    expect(visitor.consoleErrors).toEqual([]);
    await visitor.context.close();
  });

  test("the officer's pages", async () => {
    const visitor = await openVisitor(browser, { locale: "es-ES" });
    const { page } = visitor;
    await page.goto(`${stack.url}/officer`);
    await visible(page, "officer-sign-in");
    await audit(page, "officer-sign-in");
    await officerOpens(page, stack.url, "gb-eta", applicationId);
    await audit(page, "officer-application");
    await page.goto(`${stack.url}/officer`);
    await visible(page, "queue-state-filter");
    await audit(page, "officer-queue");
    await page.goto(`${stack.url}/officer/dashboard`);
    await visible(page, "chart-by-day");
    await audit(page, "officer-dashboard");
    expect(visitor.consoleErrors).toEqual([]);
    await visitor.context.close();
  });

  test("is installable: a manifest with icons, a service worker for the whole app", async () => {
    const visitor = await openVisitor(browser);
    const { page } = visitor;
    await page.goto(`${stack.url}/`);
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    const manifestResponse = await page.request.get(new URL(href!, stack.url).toString());
    expect(manifestResponse.headers()["content-type"]).toContain("application/manifest+json");
    const manifest = (await manifestResponse.json()) as {
      name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; type: string }[];
    };
    expect(manifest).toMatchObject({ start_url: "/", display: "standalone" });
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    for (const icon of manifest.icons) {
      const response = await page.request.get(new URL(icon.src, stack.url).toString());
      expect({ icon: icon.src, status: response.status(), type: response.headers()["content-type"] }).toEqual({
        icon: icon.src,
        status: 200,
        type: expect.stringContaining(icon.type),
      });
    }
    const worker = await page.request.get(`${stack.url}/sw.js`);
    expect(worker.status()).toBe(200);
    expect(worker.headers()["service-worker-allowed"]).toBe("/");
    await visitor.context.close();
  });
});
