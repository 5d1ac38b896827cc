import { devAccount, devAccountCount } from "@entrada/contracts";
import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { ChainError, DevKeyOnLiveChainError } from "../errors.ts";
import { assertKeyAllowedOnChain, devChainIds, isDevAccount } from "./assertKeyAllowedOnChain.ts";

const liveChains = [1, 10, 137, 8453, 84532, 11155111, 80002];
const privateAccount = mnemonicToAccount("legal winner thank year wave sausage worth useful legal winner thank yellow");

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("assertKeyAllowedOnChain", () => {
  it.each(liveChains)("refuses every development account on chain %i", (chainId) => {
    for (let i = 0; i < devAccountCount; i += 1) {
      expect(() => assertKeyAllowedOnChain(chainId, devAccount(i).address)).toThrow(DevKeyOnLiveChainError);
    }
  });

  it("recognises development accounts whatever the address's case", () => {
    const address = devAccount(39).address;
    expect(() => assertKeyAllowedOnChain(1, address.toLowerCase() as `0x${string}`)).toThrow(DevKeyOnLiveChainError);
    expect(isDevAccount(address.toUpperCase().replace("0X", "0x"))).toBe(true);
  });

  it("allows development accounts on development chains", () => {
    expect(devChainIds).toEqual([31337, 1337]);
    for (const chainId of devChainIds) {
      for (let i = 0; i < devAccountCount; i += 1) assertKeyAllowedOnChain(chainId, devAccount(i).address);
    }
  });

  it("allows any other key anywhere, including the mnemonic's 41st account", () => {
    for (const chainId of [...liveChains, ...devChainIds]) assertKeyAllowedOnChain(chainId, privateAccount.address);
    const beyond = mnemonicToAccount("test test test test test test test test test test test junk", {
      addressIndex: devAccountCount,
    });
    expect(isDevAccount(beyond.address)).toBe(false);
  });

  it("throws a stable code naming the chain and the address", () => {
    const address = devAccount(3).address;
    const error = thrown(() => assertKeyAllowedOnChain(8453, address));
    expect(error).toBeInstanceOf(ChainError);
    expect(error).toMatchObject({
      name: "DevKeyOnLiveChainError",
      code: "ENTRADA_DEV_KEY_ON_LIVE_CHAIN",
      status: 500,
      retryable: false,
      shortMessage: `Refusing to use the development account ${address} on chain 8453: its private key is public.`,
      details: { chainId: 8453, address },
    });
  });

  it("rejects something that is not an address", () => {
    expect(() => assertKeyAllowedOnChain(1, "0x1234")).toThrow(
      new TypeError('assertKeyAllowedOnChain: "0x1234" is not an address'),
    );
  });
});
