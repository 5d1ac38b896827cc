import { readFile } from "node:fs/promises";
import { buildMrz } from "@entrada/identity";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  answerAndSubmit,
  checkEligibility,
  passport,
  passportMrz,
  passportMrzExpiry,
  payGaslessly,
  samplePng,
  signInForIdentity,
  verifyIdentityOnce,
  visible,
  yearsFromNow,
} from "./flows.ts";
import {
  browserAvailable,
  launchBrowser,
  openVisitor,
  overflowsHorizontally,
  type Stack,
  screenshot,
  seriousViolations,
  startStack,
  type Visitor,
} from "./harness.ts";

// Issue 5 in a real Chromium: a traveller verifies once (MRZ checked live, photos uploaded, the
// credential bound to a non-extractable WebCrypto key in IndexedDB), then applies twice without
// typing their passport again, pays both gaslessly, and sees on "My identity" what was shared with
// whom; a sanctions look-alike is flagged and decided by a KYC reviewer; revoking, exporting and
// deleting the account. Every new page is checked with axe-core, at 360 px, without console errors.

/** "LI, Moxuan" (1980) is an entry of the sample sanctions list: this check is flagged for review. */
const liMrz = buildMrz({
  format: "TD3",
  issuingCountry: "CHN",
  surname: "Li",
  givenNames: "Moxuan",
  documentNumber: "E12345678",
  nationality: "CHN",
  birthDate: "1980-05-20",
  sex: "F",
  expiryDate: yearsFromNow(5),
});

/** The passport fields, as the identity step shows them. */
const passportFields = Object.keys(passport) as (keyof typeof passport)[];

/** axe-core and 360 px on the page as it stands. */
async function audit(page: Page, name: string): Promise<void> {
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(100);
  expect({ page: name, overflows: await overflowsHorizontally(page) }).toEqual({ page: name, overflows: false });
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
  await screenshot(page, `identity-${name}-360px`);
  await page.setViewportSize(viewport);
}

/** What this browser's IndexedDB holds for the identity wallet (without the key material). */
function holderRecords(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ userId: string; extractable: boolean; algorithm: string; credential: string | null }[]>(
        (resolve, reject) => {
          const open = indexedDB.open("entrada-identity");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction("holders").objectStore("holders").getAll();
            all.onerror = () => reject(all.error);
            all.onsuccess = () => {
              resolve(
                (all.result as { userId: string; keyPair: CryptoKeyPair; credential: string | null }[]).map(
                  (record) => ({
                    userId: record.userId,
                    extractable: record.keyPair.privateKey.extractable,
                    algorithm: (record.keyPair.privateKey.algorithm as EcKeyAlgorithm).namedCurve,
                    credential: record.credential,
                  }),
                ),
              );
              open.result.close();
            };
          };
        },
      ),
  );
}

/** The passport fields are filled with `passport`'s values and read-only (nothing typed). */
async function expectPassportReadOnly(page: Page): Promise<void> {
  for (const field of passportFields) {
    const control = page.getByTestId(`field-${field}`);
    const state = await control.evaluate((element) =>
      element instanceof HTMLSelectElement
        ? { value: element.value, locked: element.disabled }
        : { value: (element as HTMLInputElement).value, locked: (element as HTMLInputElement).readOnly },
    );
    const expected = field === "passport_expiry_date" ? passportMrzExpiry : passport[field];
    expect({ field, ...state }).toEqual({ field, value: expected, locked: true });
  }
}

describe.skipIf(!browserAvailable)("identity, verified once and reused, in a browser", () => {
  let stack: Stack;
  let browser: Browser;
  let anna: Visitor;
  const applicationIds: string[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await anna?.context.close();
    await browser?.close();
    await stack?.close();
  });

  test("a traveller verifies once, applies twice without typing the passport again, pays both, sees what was shared", async () => {
    anna = await openVisitor(browser, { locale: "en-GB" });
    const { page } = anna;
    await checkEligibility(page, stack.url, "identity");
    await page.getByTestId("apply-gb-eta").click();
    await visible(page, "identity-step");
    expect(await page.getByTestId("identity-step").getAttribute("data-mode")).toBe("signedOut");
    await signInForIdentity(page);
    await visible(page, "identity-verify");
    // Focus follows: from the sign-in button to what the traveller can do now.
    await page.waitForFunction(() => document.activeElement?.id === "identity-verify-title");
    await audit(page, "step-verify");

    // Live validation per line: a mistyped check digit is named as soon as its line is complete.
    await page.getByTestId("mrz-line-1").fill(passportMrz[0]!);
    const wrong = `${passportMrz[1]!.slice(0, 9)}${(Number(passportMrz[1]![9]) + 1) % 10}${passportMrz[1]!.slice(10)}`;
    await page.getByTestId("mrz-line-2").fill(wrong);
    const line2 = page.getByTestId("mrz-line-2");
    expect(await line2.getAttribute("aria-invalid")).toBe("true");
    const errorId = (await line2.getAttribute("aria-describedby"))!.split(" ").find((id) => id.endsWith("-error"))!;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain(
      "Document number: the check digit does not match",
    );
    expect(await page.getByTestId("mrz-line-1").getAttribute("aria-invalid")).toBeNull();
    await screenshot(page, "identity-mrz-check-digit");
    await audit(page, "step-mrz-error");

    // A photo too small to read is refused in the browser, before anything is sent.
    await page
      .getByTestId("upload-photo-input")
      .setInputFiles({ name: "tiny.png", mimeType: "image/png", buffer: samplePng(100, 100) });
    await page.getByText("The image is too small to read").waitFor();
    expect(await page.getByTestId("upload-photo-input").getAttribute("aria-invalid")).toBe("true");

    await verifyIdentityOnce(page, passportMrz, "identity-1");
    await page.waitForFunction(() => document.activeElement?.querySelector('[data-testid="identity-use"]') !== null);
    // The MRZ filled the typed fields; the credential is bound to a non-extractable key in IndexedDB.
    const records = await holderRecords(page);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ extractable: false, algorithm: "P-256" });
    expect(records[0]!.credential).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+~/);
    await audit(page, "step-credential");

    // First application: the verified identity fills the form and goes straight on to the visa step,
    // which says what was shared with whom; back on the identity step the details are read-only.
    await page.getByTestId("identity-use-button").click();
    await page.locator('[data-testid="step-heading"][data-step="visa"]').waitFor({ timeout: 30_000 });
    await visible(page, "identity-shared");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("step-heading");
    expect(await page.getByTestId("identity-shared").textContent()).toContain("UK Home Office");
    await audit(page, "step-shared");
    await page.getByTestId("visa-back").click();
    await expectPassportReadOnly(page);
    await page.getByTestId("identity-next").click();
    await answerAndSubmit(page, "identity-1");
    applicationIds.push(await payGaslessly(page, "identity-1"));

    // Second application, another authority: the passport fields are never typed.
    await page.goto(`${stack.url}/apply/au-eta`);
    await visible(page, "identity-use");
    expect(await page.getByTestId("field-surname").count()).toBe(0);
    await page.getByTestId("identity-use-button").click();
    await page.locator('[data-testid="step-heading"][data-step="visa"]').waitFor({ timeout: 30_000 });
    await visible(page, "identity-shared");
    await screenshot(page, "identity-2-shared");
    await answerAndSubmit(page, "identity-2");
    applicationIds.push(await payGaslessly(page, "identity-2", { funded: true }));
    expect(new Set(applicationIds).size).toBe(2);

    await page.goto(`${stack.url}/applications`);
    for (const id of applicationIds) await visible(page, `application-row-${id}`);
    await screenshot(page, "identity-3-applications");

    // My identity: the credential, and both disclosures with their claims.
    await page.getByTestId("nav-identity").click();
    await visible(page, "credential-card");
    expect(await page.getByTestId("credential-status").getAttribute("data-status")).toBe("active");
    expect(await page.getByTestId("credential-card").textContent()).toContain("L898902C3");
    await visible(page, "disclosures");
    const gb = page.getByTestId("disclosure-gb-eta");
    const au = page.getByTestId("disclosure-au-eta");
    expect(await gb.textContent()).toContain("UK Home Office");
    expect(await gb.textContent()).toContain("Passport number");
    expect(await au.count()).toBe(1);
    expect(await page.locator('[data-testid="disclosures"] > li').count()).toBe(2);
    await audit(page, "page");

    // Export: everything held about the traveller, as a JSON download.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-button").click()]);
    expect(download.suggestedFilename()).toMatch(/^entrada-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, "utf8")) as Record<string, unknown>;
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(["exportedAt"]));
    expect(JSON.stringify(exported)).toContain("gb-eta");

    expect(anna.consoleErrors).toEqual([]);
  });

  test("a sanctions look-alike is flagged; a KYC reviewer sees why and fails it with a reason", async () => {
    const li = await openVisitor(browser, { locale: "zh-CN" });
    await li.page.goto(`${stack.url}/identity`);
    await visible(li.page, "identity-page");
    await audit(li.page, "page-signed-out-zh");
    await signInForIdentity(li.page);
    await verifyIdentityOnce(li.page, liMrz, "identity-flagged", "flagged");
    expect(await li.page.getByTestId("identity-status").textContent()).toContain("人工审核");
    await audit(li.page, "page-flagged-zh");

    const reviewer = await openVisitor(browser, { locale: "en-GB" });
    const { page } = reviewer;
    await page.goto(`${stack.url}/officer`);
    await page.getByTestId("kyc-desk-link").click();
    await page.getByTestId("kyc-sign-in").click();
    const item = page.locator('[data-testid^="kyc-case-"]').first();
    await item.waitFor({ timeout: 30_000 });
    expect(await item.locator('[data-reason="sanctions_match"]').textContent()).toMatch(
      /Possible sanctions list match.*entry 9000004, \d+ % similar/s,
    );
    expect(await item.textContent()).toContain(liMrz[0]);
    await visible(page, "kyc-reason");
    await page.locator(".kyc-documents img").first().waitFor();
    await audit(page, "kyc");

    // A decision needs a reason.
    await item.getByTestId("kyc-fail").click();
    expect(await item.getByTestId("kyc-reason").getAttribute("aria-invalid")).toBe("true");
    await item.getByTestId("kyc-reason").fill("Same person as the sanctions entry: date and place of birth match.");
    await item.getByTestId("kyc-fail").click();
    await page
      .getByTestId("kyc-announcement")
      .getByText(/failed/)
      .waitFor();
    await visible(page, "kyc-empty");
    await screenshot(page, "identity-kyc-decided");

    await li.page.reload();
    await li.page.locator('[data-testid="identity-status"][data-status="failed"]').waitFor();
    expect(await li.page.locator('[data-reason="review_failed"]').count()).toBe(1);
    await screenshot(li.page, "identity-flagged-failed-zh");

    expect(li.consoleErrors).toEqual([]);
    expect(reviewer.consoleErrors).toEqual([]);
    await li.context.close();
    await reviewer.context.close();
  });

  test("the traveller revokes the credential (lost passport), then deletes the account and is signed out", async () => {
    const { page } = anna;
    await page.goto(`${stack.url}/identity`);
    await visible(page, "revoke-form");
    await page.getByTestId("revoke-submit").click();
    await page.getByText("Choose a reason.").waitFor();
    await page.getByTestId("revoke-reason-lost").check();
    await page.getByTestId("revoke-submit").click();
    await page.getByText("Are you sure?").waitFor();
    await page.getByTestId("revoke-submit").click();
    await page.locator('[data-testid="identity-status"][data-status="revoked"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("identity-status").textContent()).toContain("passport lost or stolen");
    expect((await holderRecords(page))[0]!.credential).toBeNull();
    await audit(page, "page-revoked");

    // The next application offers to verify again, and typing stays possible.
    await page.goto(`${stack.url}/apply/gb-eta`);
    await visible(page, "identity-verify");
    await visible(page, "field-surname");

    await page.goto(`${stack.url}/identity`);
    await visible(page, "delete-account");
    await page.getByTestId("delete-confirm").fill("delete it");
    await page.getByTestId("delete-submit").click();
    expect(await page.getByTestId("delete-confirm").getAttribute("aria-invalid")).toBe("true");
    await page.getByTestId("delete-confirm").fill("delete my account");
    await page.getByTestId("delete-submit").click();
    await visible(page, "account-deleted");
    await visible(page, "identity-sign-in");
    await visible(page, "sign-in-entrada-builtin");
    expect(await holderRecords(page)).toEqual([]);
    await screenshot(page, "identity-deleted");
    expect(anna.consoleErrors).toEqual([]);
  });
});
