import { loadConfig } from "@entrada/server";
import { encodeVisaSeal, icaoCountryCode, sealToBase64url } from "@entrada/verify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
// The authority's own key, opened as the server opens it: the seal is signed as an issued e-visa's is.
import { createRecordCipher } from "../../server/src/crypto/createRecordCipher.ts";
import { createAuthorityKeys } from "../../server/src/services/createAuthorityKeys.ts";
import { visible } from "./flows.ts";
import {
  browserAvailable,
  launchBrowser,
  overflowsHorizontally,
  type Stack,
  screenshot,
  seriousViolations,
  startStack,
} from "./harness.ts";

const day = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable)("/verify in Chromium, offline after one visit", () => {
  let stack: Stack;
  let browser: Browser;
  let seal: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    // startStack sets no MASTER_KEY: the development master key, as the running server has it.
    const { masterKey } = loadConfig({ NODE_ENV: "development" });
    const keys = createAuthorityKeys({ db: stack.entrada.database.db, cipher: createRecordCipher({ masterKey }) });
    const signer = await keys.sealSigner("th-evisa");
    const bytes = await encodeVisaSeal(
      {
        issuingState: icaoCountryCode("TH")!,
        authorityId: "th-evisa",
        kid: signer.kid,
        issuedOn: isoDay(-1),
        reference: "7K3Q9XPA",
        surname: "ERIKSSON",
        givenNames: "ANNA MARIA",
        nationality: "GBR",
        birthDate: "1974-08-12",
        sex: "F",
        passportNumber: "L898902C3",
        validFrom: isoDay(-1),
        validUntil: isoDay(60),
        entries: 1,
        durationOfStayDays: 60,
        statusIndex: 5,
      },
      signer.sign,
    );
    seal = sealToBase64url(bytes);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  test("visited once, it verifies a real authority's seal with the network cut, and calls a changed one forged", async () => {
    // Service workers allowed here (the harness's visitors block them): the worker is what is tested.
    const context = await browser.newContext({ locale: "en-GB", serviceWorkers: "allow" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto(`${stack.url}/verify`);
    await visible(page, "verify-page");
    await expect
      .poll(() => page.getByTestId("verify-freshness").textContent(), { timeout: 30_000 })
      .toMatch(/up to date/);
    // The camera is offered where the browser has one (here a secure context: 127.0.0.1).
    expect(await page.getByRole("button", { name: "Scan with the camera" }).count()).toBe(1);
    // The worker runs and has kept the page's own chunk (asked by the page once it had the keys).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect
      .poll(
        () =>
          page.evaluate(async () =>
            (await (await caches.open("entrada-shell-v2")).keys()).some((request) => /VerifyPage/.test(request.url)),
          ),
        { timeout: 30_000 },
      )
      .toBe(true);

    await context.setOffline(true);
    await page.reload();
    await visible(page, "verify-page");
    await expect.poll(() => page.getByTestId("verify-freshness").textContent(), { timeout: 30_000 }).toMatch(/Offline/);

    await page.getByTestId("verify-text").fill(seal);
    await page.getByRole("button", { name: "Verify" }).click();
    await visible(page, "verify-result");
    expect(await page.getByTestId("verify-result").getAttribute("data-status")).toBe("valid");
    expect(await page.getByTestId("verify-surname").textContent()).toBe("ERIKSSON");
    expect(await page.getByTestId("verify-result").textContent()).toContain("L898902C3");
    await screenshot(page, "verify-offline-valid");

    const bytes = Buffer.from(seal, "base64url");
    bytes[40] = bytes[40]! ^ 0x01;
    await page.getByTestId("verify-text").fill(bytes.toString("base64url"));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect
      .poll(() => page.getByTestId("verify-result").getAttribute("data-status"), { timeout: 10_000 })
      .toBe("forged");
    expect(await page.getByTestId("verify-result").textContent()).not.toContain("L898902C3");
    await screenshot(page, "verify-offline-forged");
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflowsHorizontally(page)).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  });
});
