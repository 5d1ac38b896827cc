import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { type PaymentReadinessParameters, paymentReadiness } from "./paymentReadiness.ts";

const payer = "0xabcdefabcdefabcdefabcdefabcdefabcdefabcd" as const;
const other = "0x2222222222222222222222222222222222222222" as const;

/** A wallet ready to pay a USDC 20 quote gaslessly, with 15 minutes left. */
const ready: PaymentReadinessParameters = {
  isConnected: true,
  address: payer,
  chainId: 31337,
  expectedChainId: 31337,
  payer,
  total: 20_000_000n,
  balance: 20_000_000n,
  gasBalance: 0n,
  method: "authorization",
  secondsLeft: 900,
};
const none = {
  wrongChain: false,
  wrongPayer: false,
  short: false,
  noGas: false,
  expired: false,
  blacklisted: false,
  tokenPaused: false,
};

describe("paymentReadiness", () => {
  it("stops a wallet the token's issuer blacklisted, and a paused token, before anything is signed", () => {
    expect(paymentReadiness({ ...ready, issuer: { blacklisted: true, paused: false } })).toEqual({
      ...none,
      blacklisted: true,
    });
    expect(paymentReadiness({ ...ready, issuer: { blacklisted: false, paused: true } })).toEqual({
      ...none,
      tokenPaused: true,
    });
    // A token without these powers (USDT here), or a read still on its way, raises nothing.
    expect(paymentReadiness({ ...ready, issuer: { blacklisted: undefined, paused: undefined } })).toEqual(none);
    expect(paymentReadiness({ ...ready, issuer: undefined })).toEqual(none);
    // No wallet, no account to be blacklisted.
    expect(
      paymentReadiness({
        ...ready,
        isConnected: false,
        address: undefined,
        issuer: { blacklisted: true, paused: false },
      }),
    ).toEqual({ ...none, blacklisted: false });
  });

  it("raises nothing for a wallet that can pay exactly the total without gas, gaslessly", () => {
    expect(paymentReadiness(ready)).toEqual(none);
  });

  it("names each reason the payment cannot go ahead", () => {
    expect(paymentReadiness({ ...ready, chainId: 1 })).toEqual({ ...none, wrongChain: true });
    // The wallet names the payer's account with its checksum: the same account.
    expect(paymentReadiness({ ...ready, address: getAddress(payer) })).toEqual(none);
    expect(paymentReadiness({ ...ready, address: other })).toEqual({ ...none, wrongPayer: true });
    expect(paymentReadiness({ ...ready, balance: 19_999_999n })).toEqual({ ...none, short: true });
    expect(paymentReadiness({ ...ready, method: "pay" })).toEqual({ ...none, noGas: true });
    expect(paymentReadiness({ ...ready, method: "permit", gasBalance: 1n })).toEqual(none);
    expect(paymentReadiness({ ...ready, secondsLeft: 0 })).toEqual({ ...none, expired: true });
  });

  it("waits for what is not known yet, and checks no payer or network without a wallet", () => {
    expect(paymentReadiness({ ...ready, balance: undefined, method: "pay", gasBalance: undefined })).toEqual(none);
    expect(
      paymentReadiness({ ...ready, isConnected: false, address: undefined, chainId: undefined, balance: undefined }),
    ).toEqual(none);
    expect(paymentReadiness({ ...ready, payer: null, total: undefined, secondsLeft: null })).toEqual(none);
  });
});
