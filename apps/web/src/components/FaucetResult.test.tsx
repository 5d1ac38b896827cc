import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderInLanguage } from "../pages/traveller/travellerTestKit.tsx";
import { FaucetResult } from "./FaucetResult.tsx";

afterEach(cleanup);

/** The faucet's answer after one drip to an empty wallet: 1,000 of each stablecoin and 0.1 ETH. */
const drip = {
  txHashes: [] as `0x${string}`[],
  balances: { USDC: "1000000000", USDT: "1000000000", ETH: "100000000000000000" },
};

describe("FaucetResult", () => {
  it("tells the wallet's new balances, in each language's numbers", async () => {
    const said: string[] = [];
    for (const language of ["en", "zh", "es"] as const) {
      await renderInLanguage(<FaucetResult drip={drip} />, { language });
      said.push(screen.getByTestId("faucet-result").textContent ?? "");
      cleanup();
    }
    expect(said).toEqual([
      "Test funds added. Your wallet now holds 1,000.00 USDC, 1,000.00 USDT, and 0.1 ETH.",
      "测试资金已到账。您的钱包现有 1,000.00 USDC、1,000.00 USDT和0.1 ETH。",
      "Fondos de prueba añadidos. Su monedero tiene ahora 1000,00 USDC, 1000,00 USDT y 0,1 ETH.",
    ]);
  });

  it("is announced to screen readers", async () => {
    await renderInLanguage(<FaucetResult drip={{ ...drip, balances: { ...drip.balances, USDC: "1020342355" } }} />);
    const result = screen.getByTestId("faucet-result");
    expect(result.getAttribute("role")).toBe("status");
    expect(result.textContent).toContain("1,020.34 USDC");
  });
});
