import type { Browser } from "playwright-core";
import { type Address, erc20Abi } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyForUkEta, checkEligibility, officerOpens, visible } from "./flows.ts";
import {
  browserAvailable,
  launchBrowser,
  openVisitor,
  type Stack,
  screenshot,
  startStack,
  type Visitor,
} from "./harness.ts";

// One Entrada serving two local chains (ENTRADA_CHAINS=2: 31337 and 1337). The traveller says their
// stablecoin is on the second chain: the quote is made there, the built-in wallet switches to it, the
// faucet funds it there, and the gasless payment lands in the second chain's escrow. The officer then
// sees the application on that chain, its transaction linked to that chain's page; the traveller's
// wallet page shows each chain's balances, each with its own faucet.

describe.skipIf(!browserAvailable)("paying on the second of two chains in a browser", () => {
  let stack: Stack;
  let browser: Browser;
  // The traveller of the first test, who paid on the second chain, and their application.
  let traveller: Visitor;
  let applicationId: string;

  beforeAll(async () => {
    // WEB_DIST_DIR: a web build of one's own, when apps/web/dist is another checkout's.
    const web = process.env.WEB_DIST_DIR ? { WEB_DIST_DIR: process.env.WEB_DIST_DIR } : {};
    [stack, browser] = await Promise.all([startStack({ ENTRADA_CHAINS: "2", ...web }), launchBrowser()]);
    // Two chains to start and deploy on a shared machine: more than one chain's usual time.
  }, 300_000);
  afterAll(async () => {
    await traveller?.context.close();
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

    traveller = await openVisitor(browser, { locale: "en-GB" });
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
    const { id, quote } = await page.evaluate(async () => {
      const list = await (await fetch("/api/v1/applications")).json();
      const id = (list.items ?? list)[0].id as string;
      const application = await (await fetch(`/api/v1/applications/${id}`)).json();
      return { id, quote: application.quote as { chainId: number; total: { amount: string } } };
    });
    applicationId = id;
    // The application names the chain it was paid on.
    expect(quote.chainId).toBe(1337);
    expect(await escrowUsdc(second.client, second.deployment)).toBe(secondBefore + BigInt(quote.total.amount));
    expect(await escrowUsdc(stack.entrada.client, stack.entrada.deployment)).toBe(firstBefore);
    expect(traveller.consoleErrors).toEqual([]);
  }, 300_000);

  test("the officer sees the second chain named and its payment linked to chain 1337's transaction page", async () => {
    expect(applicationId).toBeDefined();
    const officer = await openVisitor(browser, { locale: "en-GB" });
    const { page } = officer;
    await officerOpens(page, stack.url, "gb-eta", applicationId);
    const payment = page.getByTestId("payment");
    expect(await payment.getByTestId("quote-chain").textContent()).toBe("Second local test chain");
    const link = payment.getByRole("link");
    await link.waitFor({ timeout: 30_000 });
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/tx\/0x[0-9a-f]{64}\?chain=1337$/);
    // The audit trail links the same transaction on the same chain.
    expect(await page.getByTestId("history").getByRole("link").first().getAttribute("href")).toBe(href);
    await screenshot(page, "two-chains-3-officer-second-chain");
    // Read on chain 1337 the transaction exists and succeeded (on the first chain it would not be found).
    await link.click();
    await page.locator('[data-testid="tx-status"][data-status="success"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("tx-event-EscrowPaid").count()).toBe(1);
    expect(officer.consoleErrors).toEqual([]);
    await officer.context.close();
  }, 180_000);

  test("the wallet page shows each chain's balances, and each local chain's faucet funds only there", async () => {
    expect(applicationId).toBeDefined();
    const second = stack.entrada.otherChains[0]!;
    const { page } = traveller;
    await page.goto(`${stack.url}/wallet`);
    const address = ((await page.getByTestId("wallet-address").textContent()) ?? "").trim() as Address;
    const usdcOn = (client: typeof second.client, deployment: typeof second.deployment) =>
      client.readContract({
        address: deployment.tokens.USDC,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [address],
      });
    const onFirst = page.getByTestId("wallet-chain-31337");
    const onSecond = page.getByTestId("wallet-chain-1337");
    expect(await onFirst.getByRole("heading").textContent()).toBe("Balances on Local test chain");
    expect(await onSecond.getByRole("heading").textContent()).toBe("Balances on Second local test chain");

    // The wallet was funded and paid on the second chain only: what is left there, nothing on the first.
    expect(await usdcOn(stack.entrada.client, stack.entrada.deployment)).toBe(0n);
    const left = await usdcOn(second.client, second.deployment);
    expect(left).toBeGreaterThan(0n);
    const whole = new Intl.NumberFormat("en-GB").format(left / 1_000_000n);
    await page.waitForFunction(
      (whole) =>
        document
          .querySelector('[data-testid="wallet-chain-1337"] [data-testid="balance-USDC"]')
          ?.textContent?.includes(whole),
      whole,
      { timeout: 30_000 },
    );
    await page.waitForFunction(
      () =>
        /\b0\.00\b/.test(
          document.querySelector('[data-testid="wallet-chain-31337"] [data-testid="balance-USDC"]')?.textContent ?? "",
        ),
      undefined,
      { timeout: 30_000 },
    );
    await screenshot(page, "two-chains-4-wallet-both-chains");

    // The first chain's faucet funds the wallet on the first chain, and leaves the second as it was.
    await onFirst.getByTestId("faucet-button").click();
    await onFirst.getByTestId("faucet-result").waitFor({ timeout: 60_000 });
    expect(await usdcOn(stack.entrada.client, stack.entrada.deployment)).toBe(1_000_000_000n);
    expect(await usdcOn(second.client, second.deployment)).toBe(left);
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="wallet-chain-31337"] [data-testid="balance-USDC"]')
          ?.textContent?.includes("1,000.00"),
      undefined,
      { timeout: 30_000 },
    );
    expect(traveller.consoleErrors).toEqual([]);
  }, 180_000);
});
