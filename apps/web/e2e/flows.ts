/**
 * The steps a person takes in the browser, shared by the browser tests. Each step waits for what a
 * person would see before going on, and saves a screenshot of it.
 */
import { crc32, deflateSync } from "node:zlib";
import { buildMrz } from "@entrada/identity";
import type { BrowserContext, Page } from "playwright-core";
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

/** A date `years` from today, `YYYY-MM-DD`. */
export function yearsFromNow(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}

/** The expiry date {@link passportMrz} carries: six years from today. */
export const passportMrzExpiry = yearsFromNow(6);

/** The machine-readable zone of {@link passport}'s holder on a US passport valid six years. */
export const passportMrz = buildMrz({
  format: "TD3",
  issuingCountry: "USA",
  surname: "Eriksson",
  givenNames: "Anna Maria",
  documentNumber: passport.passport_number,
  nationality: "USA",
  birthDate: passport.date_of_birth,
  sex: "F",
  expiryDate: passportMrzExpiry,
});

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
export async function payGaslessly(
  page: Page,
  shot: string,
  { funded = false }: { funded?: boolean } = {},
): Promise<string> {
  await page.getByTestId("token-USDC").check();
  const getQuote = page.getByTestId("get-quote");
  if (await getQuote.isVisible()) await getQuote.click();
  await visible(page, "quote-countdown");

  // A wallet funded by an earlier payment's faucet pays at once.
  if (!funded) {
    const short = page.locator("[data-error-code=ENTRADA_INSUFFICIENT_BALANCE]");
    await short.waitFor({ timeout: 30_000 });
    await screenshot(page, `${shot}-4-insufficient-balance`);
    await short.getByRole("button").click();
    await short.waitFor({ state: "detached", timeout: 60_000 });
  }

  await page.getByTestId("method-authorization").check();
  await screenshot(page, `${shot}-5-quote`);
  await page.getByTestId("pay-button").click();
  await visible(page, "confirmation-step", 90_000);
  await screenshot(page, `${shot}-6-paid`);
  // The page shows the short reference; the API's id rides along for the tests.
  const reference = page.getByTestId("application-id").first();
  await page.waitForFunction(
    () => /^ENT-/.test(document.querySelector('[data-testid="application-id"]')?.textContent?.trim() ?? ""),
    null,
    { timeout: 30_000 },
  );
  expect((await reference.textContent())?.trim()).toMatch(/^ENT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  const id = (await reference.getAttribute("data-application-id")) ?? "";
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
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

/**
 * A plain grey PNG of the given size, valid (CRCs and all) and a few kB: large enough for the
 * identity documents' dimension check (640 × 480), small enough to upload in a blink.
 */
export function samplePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  const row = Buffer.alloc(1 + width * 3, 0xd0);
  row[0] = 0; // no filter
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * A one-page PDF with a line of text, its cross-reference table at the right offsets, as a scanner
 * or a booking site writes one: what the browser's PDF viewer opens and the server's checks accept.
 */
export function samplePdf(text: string): Buffer {
  const content = `BT /F1 24 Tf 72 720 Td (${text.replace(/[()\\]/g, "\\$&")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((object, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

/**
 * The state badges taller than one line of their text (a badge wrapping one character per line
 * on a narrow screen is the fault this finds).
 */
export async function tallBadges(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(".badge")].flatMap((badge) => {
      const style = getComputedStyle(badge);
      const oneLine =
        Number.parseFloat(style.lineHeight) +
        Number.parseFloat(style.paddingTop) +
        Number.parseFloat(style.paddingBottom) +
        Number.parseFloat(style.borderTopWidth) +
        Number.parseFloat(style.borderBottomWidth);
      const height = badge.getBoundingClientRect().height;
      return height > oneLine + 1 ? [`${badge.textContent}: ${height}px > ${oneLine}px`] : [];
    }),
  );
}

/** Signs in with the built-in wallet from the identity step or the My identity page. */
export async function signInForIdentity(page: Page): Promise<void> {
  await page.getByTestId("identity-sign-in-entrada-builtin").click();
  // Attached, not visible: on a phone the header keeps it in the closed menu.
  await page.getByTestId("session-who").waitFor({ state: "attached", timeout: 30_000 });
}

/**
 * Verifies once: types the MRZ line by line, checks the fields it filled, uploads the photo page and
 * a photo (generated PNGs) and submits. Waits for the outcome: `passed` when the credential is in
 * this browser ("Use my verified identity" on the step, the credential on the page), else the status.
 */
export async function verifyIdentityOnce(
  page: Page,
  mrz: readonly string[],
  shot: string,
  outcome: "passed" | "flagged" = "passed",
): Promise<void> {
  await visible(page, "identity-verify");
  for (const [index, line] of mrz.entries()) await page.getByTestId(`mrz-line-${index + 1}`).fill(line);
  await visible(page, "identity-prefilled");
  await uploadDocument(page, "passport_bio_page", samplePng(800, 600));
  await uploadDocument(page, "photo", samplePng(600, 800));
  await screenshot(page, `${shot}-verify-filled`);
  await page.getByTestId("identity-verify-submit").click();
  if (outcome === "passed") {
    await page
      .locator('[data-testid="identity-use"], [data-testid="credential-card"]')
      .first()
      .waitFor({ timeout: 60_000 });
  } else {
    await page.locator(`[data-testid="identity-status"][data-status="${outcome}"]`).waitFor({ timeout: 60_000 });
  }
  await screenshot(page, `${shot}-verify-${outcome}`);
}

/** Uploads one identity document and waits until it is stored. */
export async function uploadDocument(page: Page, kind: "passport_bio_page" | "photo", bytes: Buffer): Promise<void> {
  await page
    .getByTestId(`upload-${kind}-input`)
    .setInputFiles({ name: `${kind}.png`, mimeType: "image/png", buffer: bytes });
  await visible(page, `upload-${kind}-done`);
}

/** Answers the visa step's questions that a product asks (of the common ones) and submits. */
export async function answerAndSubmit(page: Page, shot: string): Promise<void> {
  await visible(page, "visa-step");
  const answers: [string, string][] = [
    ["email", "anna@example.org"],
    ["home_address", "1 Main Street, Springfield"],
    ["occupation", "Engineer"],
  ];
  for (const [field, value] of answers) {
    const control = page.getByTestId(`field-${field}`);
    if (await control.isVisible()) await control.fill(value);
  }
  const criminal = page.getByTestId("field-criminal_record");
  if (await criminal.isVisible()) await criminal.selectOption("no");
  await screenshot(page, `${shot}-visa`);
  await page.getByTestId("visa-next").click();
  await visible(page, "payment-panel");
}

/** The built-in wallet's private key in this browser (its localStorage), to sign in as the same wallet elsewhere. */
export async function builtInWalletKey(page: Page): Promise<string> {
  const key = await page.evaluate(() => localStorage.getItem("entrada.builtInWallet.key"));
  expect(key).toMatch(/^0x[0-9a-f]{64}$/i);
  return key!;
}

/** Gives another browser context the same built-in wallet: the key is in its localStorage before the app runs. */
export async function useBuiltInWalletKey(context: BrowserContext, key: string): Promise<void> {
  await context.addInitScript((walletKey) => localStorage.setItem("entrada.builtInWallet.key", walletKey), key);
}

/**
 * On "My identity" in a browser without the credential (signed in as its owner): moves the
 * credential here and waits until this browser holds it, valid.
 */
export async function moveCredentialHere(page: Page, shot: string): Promise<void> {
  await page.locator('[data-testid="identity-status"][data-status="movable"]').waitFor({ timeout: 30_000 });
  await screenshot(page, `${shot}-movable`);
  await page.getByTestId("identity-move").click();
  await page.locator('[data-testid="credential-status"][data-status="active"]').waitFor({ timeout: 30_000 });
  await screenshot(page, `${shot}-moved-here`);
}
