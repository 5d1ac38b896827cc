import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { visible } from "./flows.ts";
import { browserAvailable, launchBrowser, openVisitor, type Stack, startStack } from "./harness.ts";

// The app-wide CSP allows no inline stylesheet; index.html, the dev pages and /docs each widen it for
// themselves (a hash of their own <style>, or 'unsafe-inline' for swagger-ui). Chromium, loading each
// page as served, must refuse nothing: a stale hash or a library injecting styles would show here.

/** What Chromium reports when the CSP refuses something: a console message and a DOM event. */
async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(`${page.url()}: ${message.text()}`);
  });
  // Through the DevTools protocol, which the CSP does not govern; read back by readViolations.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.effectiveDirective} refused ${event.blockedURI || "inline"} (${event.sample})`);
    });
  });
  return violations;
}

/** The violations the page's own listener saw, since it was loaded. */
async function readViolations(page: Page): Promise<string[]> {
  const seen = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
  return seen.map((violation) => `${page.url()}: ${violation}`);
}

describe.skipIf(!browserAvailable)("the Content-Security-Policy in Chromium", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  test("the home page, the officer's pages, /docs and the dev mailbox load without a violation", async () => {
    const { context, page } = await openVisitor(browser);
    const logged = await recordViolations(page);
    const seen: string[] = [];

    await page.goto(`${stack.url}/`);
    await visible(page, "eligibility-form");
    seen.push(...(await readViolations(page)));

    await page.goto(`${stack.url}/officer`);
    await page.getByTestId("officer-authority").selectOption("gb-eta");
    await page.getByTestId("officer-sign-in").click();
    await visible(page, "queue-state-filter");
    seen.push(...(await readViolations(page)));
    // The charts (recharts measures text in a span it styles through the CSSOM).
    await page.goto(`${stack.url}/officer/dashboard`);
    await visible(page, "chart-by-day");
    await page.waitForLoadState("networkidle");
    seen.push(...(await readViolations(page)));

    // swagger-ui, with an operation opened (its schemas and examples render then).
    await page.goto(`${stack.url}/docs/`);
    await page.locator(".swagger-ui .info").waitFor();
    await page.locator(".opblock-summary").first().click();
    await page.locator(".opblock-body").first().waitFor();
    seen.push(...(await readViolations(page)));

    await page.goto(`${stack.url}/dev/mailbox`);
    await page.getByRole("heading", { name: "Development mailbox" }).waitFor();
    seen.push(...(await readViolations(page)));

    expect({ logged, seen }).toEqual({ logged: [], seen: [] });
    await context.close();
  });

  test("the check sees a violation: a <style> injected into the app is refused", async () => {
    const { context, page } = await openVisitor(browser);
    const logged = await recordViolations(page);
    await page.goto(`${stack.url}/`);
    await visible(page, "eligibility-form");
    await page.evaluate(() => {
      const style = document.createElement("style");
      style.textContent = "body{outline:1px solid red}";
      document.head.append(style);
    });
    await expect.poll(() => readViolations(page)).toEqual([expect.stringContaining("style-src-elem refused inline")]);
    expect(logged).toEqual([expect.stringContaining("Content Security Policy")]);
    await context.close();
  });
});
