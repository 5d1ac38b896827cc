import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  builtInWalletKey,
  moveCredentialHere,
  passportMrz,
  signInForIdentity,
  useBuiltInWalletKey,
  verifyIdentityOnce,
  visible,
} from "./flows.ts";
import {
  browserAvailable,
  launchBrowser,
  openVisitor,
  type Stack,
  screenshot,
  seriousViolations,
  startStack,
  type Visitor,
} from "./harness.ts";

// Issue 11, item 7 in a real Chromium: a traveller verified on their phone shares their identity
// once, then signs in on a laptop with the same wallet and moves the credential there without
// scanning the passport again; the laptop sees what was shared, and the phone, on its next load,
// says its copy was moved rather than failing.

describe.skipIf(!browserAvailable)("moving the identity credential to a new device, in a browser", () => {
  let stack: Stack;
  let browser: Browser;
  let phone: Visitor;
  let laptop: Visitor;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await phone?.context.close();
    await laptop?.context.close();
    await browser?.close();
    await stack?.close();
  });

  test("the laptop gets the credential and the sharing history; the phone says its copy was moved", async () => {
    phone = await openVisitor(browser, { locale: "en-GB", width: 390, height: 844 });
    await phone.page.goto(`${stack.url}/identity`);
    await visible(phone.page, "identity-sign-in");
    await signInForIdentity(phone.page);
    await verifyIdentityOnce(phone.page, passportMrz, "move-phone");
    // Share it once, with the UK Home Office, so that there is a history to keep.
    await phone.page.goto(`${stack.url}/apply/gb-eta`);
    await visible(phone.page, "identity-use");
    await phone.page.getByTestId("identity-use-button").click();
    await phone.page.locator('[data-testid="step-heading"][data-step="visa"]').waitFor({ timeout: 30_000 });
    const walletKey = await builtInWalletKey(phone.page);

    laptop = await openVisitor(browser, { locale: "en-GB" });
    await useBuiltInWalletKey(laptop.context, walletKey);
    await laptop.page.goto(`${stack.url}/identity`);
    await visible(laptop.page, "identity-sign-in");
    await signInForIdentity(laptop.page);
    await moveCredentialHere(laptop.page, "move-laptop");
    expect(await laptop.page.getByTestId("credential-card").textContent()).toContain("ANNA MARIA");
    await visible(laptop.page, "disclosure-gb-eta");
    expect(await laptop.page.getByTestId("disclosures").textContent()).toContain("UK Home Office");
    expect(await seriousViolations(laptop.page)).toEqual([]);

    // The phone's next load: its copy was moved, said as such, and the history is still there.
    await phone.page.goto(`${stack.url}/identity`);
    const moved = phone.page.locator('[data-testid="identity-status"][data-status="moved"]');
    await moved.waitFor({ timeout: 30_000 });
    expect(await moved.textContent()).toContain("Your credential was moved to another device");
    const status = phone.page.getByTestId("credential-status");
    expect(await status.getAttribute("data-status")).toBe("revoked");
    expect(await phone.page.getByTestId("credential-card").textContent()).toContain("moved to another device");
    await visible(phone.page, "disclosure-gb-eta");
    expect(await seriousViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, "move-phone-moved-away");

    expect(phone.consoleErrors).toEqual([]);
    expect(laptop.consoleErrors).toEqual([]);
  });
});
