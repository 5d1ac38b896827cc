import type { Browser } from "playwright-core";
import { erc20Abi } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyForUkEta, checkEligibility, visible } from "./flows.ts";
import { browserAvailable, launchBrowser, openVisitor, type Stack, screenshot, startStack } from "./harness.ts";

// One Entrada serving two local chains (ENTRADA_CHAINS=2: 31337 and 1337). The traveller says their
// stablecoin is on the second chain: the quote is made there, the built-in wallet switches to it, the
// faucet funds it there, and the gasless payment lands in the second chain's escrow.

describe.skipIf(!browserAvailable)("paying on the second of two chains in a browser", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    // WEB_DIST_DIR: a web build of one's own, when apps/web/dist is another checkout's.
    const web = process.env.WEB_DIST_DIR ? { WEB_DIST_DIR: process.env.WEB_DIST_DIR } : {};
    [stack, browser] = await Promise.all([startStack({ ENTRADA_CHAINS: "2", ...web }), launchBrowser()]);
    // Two chains to start and deploy on a shared machine: more than one chain's usual time.
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  test("picks the second chain, switches the built-in wallet to it, and pays into its escrow", async () => {
    const second = stack.entrada.otherChains[0]!;
    expect(second.deployment.chainId).toBe(1337);
    const escrowUsdc = (client: typeof second.client, deployment: typeof second.deployment) =>
      client.readContract({
        address: deployment.tokens.USDC,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [deployment.escrow],
      });
    const firstBefore = await escrowUsdc(stack.entrada.client, stack.entrada.deployment);
    const secondBefore = await escrowUsdc(second.client, second.deployment);

    const traveller = await openVisitor(browser, { locale: "en-GB" });
    const { page } = traveller;
    await checkEligibility(page, stack.url, "two-chains");
    await applyForUkEta(page, "two-chains");

    // Two chains served: the choice is offered, in words.
    await visible(page, "chain-choice");
    expect(await page.getByTestId("chain-choice").textContent()).toContain("Second local test chain");
    await page.getByTestId("chain-1337").check();
    await page.getByTestId("token-USDC").check();
    await page.getByTestId("get-quote").click();
    await visible(page, "quote-countdown");
    await screenshot(page, "two-chains-1-quote-on-second-chain");

    // The built-in wallet starts on the first chain: it is asked to switch.
    const switchNetwork = page.getByRole("button", { name: "Switch network" });
    await switchNetwork.waitFor({ timeout: 30_000 });
    await switchNetwork.click();
    await switchNetwork.waitFor({ state: "detached", timeout: 30_000 });

    // A new wallet holds nothing on the second chain: its faucet funds it there.
    const short = page.locator("[data-error-code=ENTRADA_INSUFFICIENT_BALANCE]");
    await short.waitFor({ timeout: 30_000 });
    await short.getByRole("button").click();
    await short.waitFor({ state: "detached", timeout: 60_000 });

    await page.getByTestId("method-authorization").check();
    await page.getByTestId("pay-button").click();
    await visible(page, "confirmation-step", 90_000);
    await page.locator('[data-state="paid"]').first().waitFor({ timeout: 60_000 });
    await screenshot(page, "two-chains-2-paid-on-second-chain");

    // The fee went into the second chain's escrow; the first chain's did not move.
    const quote = await page.evaluate(async () => {
      const list = await (await fetch("/api/v1/applications")).json();
      const id = (list.items ?? list)[0].id as string;
      return (await (await fetch(`/api/v1/applications/${id}`)).json()).quote as { total: { amount: string } };
    });
    expect(await escrowUsdc(second.client, second.deployment)).toBe(secondBefore + BigInt(quote.total.amount));
    expect(await escrowUsdc(stack.entrada.client, stack.entrada.deployment)).toBe(firstBefore);
    expect(traveller.consoleErrors).toEqual([]);
    await traveller.context.close();
  }, 300_000);
});
