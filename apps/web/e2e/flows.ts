/**
 * The steps a person takes in the browser, shared by the browser tests. Each step waits for what a
 * person would see before going on, and saves a screenshot of it.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { screenshot } from "./harness.ts";

/** Passport data typed in the identity step (the ICAO specimen's holder). */
export const passport = {
  given_names: "ANNA MARIA",
  surname: "ERIKSSON",
  date_of_birth: "1990-04-12",
  sex: "F",
  nationality: "USA",
  passport_number: "L898902C3",
  passport_expiry_date: "2032-01-01",
  passport_issuing_country: "USA",
};

/** Waits until the element with this test id is visible. */
export async function visible(page: Page, testId: string, timeout = 30_000): Promise<void> {
  await page.getByTestId(testId).first().waitFor({ state: "visible", timeout });
}

/** Home page: checks which visas a US traveller needs for a tourist trip to the UK. */
export async function checkEligibility(page: Page, baseUrl: string, shot: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await visible(page, "eligibility-form");
  await page.getByTestId("eligibility-nationality").selectOption("USA");
  await page.getByTestId("eligibility-destination").selectOption("GB");
  await page.getByTestId("eligibility-purpose").selectOption("tourist");
  await page.getByTestId("eligibility-submit").click();
  await visible(page, "eligible-gb-eta");
  await screenshot(page, `${shot}-1-eligibility`);
}

/** Fills one identity field, whatever its control. */
async function fill(page: Page, name: string, value: string): Promise<void> {
  const control = page.getByTestId(`field-${name}`);
  const tag = await control.evaluate((element) => element.tagName);
  if (tag === "SELECT") await control.selectOption(value);
  else await control.fill(value);
}

/** The one-stop flow up to payment: identity, visa answers, sign-in with the built-in wallet. */
export async function applyForUkEta(page: Page, shot: string): Promise<void> {
  await page.getByTestId("apply-gb-eta").click();
  await visible(page, "identity-step");
  for (const [name, value] of Object.entries(passport)) await fill(page, name, value);
  await screenshot(page, `${shot}-2-identity`);
  await page.getByTestId("identity-next").click();

  await visible(page, "visa-step");
  await page.getByTestId("field-email").fill("anna@example.org");
  await page.getByTestId("field-home_address").fill("1 Main Street, Springfield");
  await page.getByTestId("field-occupation").fill("Engineer");
  await page.getByTestId("field-criminal_record").selectOption("no");
  const signIn = page.getByTestId("visa-sign-in-entrada-builtin");
  if (await signIn.isVisible()) {
    await signIn.click();
    await page.getByTestId("session-who").waitFor({ timeout: 30_000 });
  }
  await screenshot(page, `${shot}-3-visa`);
  await page.getByTestId("visa-next").click();
  await visible(page, "payment-panel");
}

/**
 * Pays gaslessly in USDC with the built-in wallet. A new built-in wallet holds nothing: the page
 * says so (insufficient balance) and offers the faucet, which is the way forward it must show.
 */
export async function payGaslessly(page: Page, shot: string): Promise<string> {
  await page.getByTestId("token-USDC").check();
  const getQuote = page.getByTestId("get-quote");
  if (await getQuote.isVisible()) await getQuote.click();
  await visible(page, "quote-countdown");

  const short = page.locator("[data-error-code=ENTRADA_INSUFFICIENT_BALANCE]");
  await short.waitFor({ timeout: 30_000 });
  await screenshot(page, `${shot}-4-insufficient-balance`);
  await short.getByRole("button").click();
  await short.waitFor({ state: "detached", timeout: 60_000 });

  await page.getByTestId("method-authorization").check();
  await screenshot(page, `${shot}-5-quote`);
  await page.getByTestId("pay-button").click();
  await visible(page, "confirmation-step", 90_000);
  await screenshot(page, `${shot}-6-paid`);
  const id = (await page.getByTestId("application-id").first().textContent())?.trim() ?? "";
  expect(id).toMatch(/^[0-9a-f-]{8,}/);
  return id;
}

/** The demo officer of an authority signs in and opens the application. */
export async function officerOpens(page: Page, baseUrl: string, authorityId: string, applicationId: string) {
  await page.goto(`${baseUrl}/officer`);
  await page.getByTestId("officer-authority").selectOption(authorityId);
  await page.getByTestId("officer-sign-in").click();
  const row = page.locator(`[data-testid^="queue-row-${applicationId.slice(0, 8)}"]`).first();
  await row.waitFor({ timeout: 60_000 });
  await row.getByRole("link").first().click();
  await visible(page, "approve");
}
