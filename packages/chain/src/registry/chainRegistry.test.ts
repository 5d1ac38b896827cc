import { currencies } from "@entrada/core";
import { getAddress } from "viem";
import { describe, expect, test } from "vitest";
import { UnknownChainError } from "../errors.ts";
import { toPricePair } from "../feeds/toPricePair.ts";
import { chainProfile, chainRegistry, requireChainProfile } from "./chainRegistry.ts";

describe("chainRegistry", () => {
  test("holds the four networks, their test networks and the local chain, once each", () => {
    expect(chainRegistry.map((entry) => [entry.id, entry.kind, entry.name])).toMatchInlineSnapshot(`
      [
        [
          1,
          "mainnet",
          "Ethereum",
        ],
        [
          8453,
          "mainnet",
          "Base",
        ],
        [
          137,
          "mainnet",
          "Polygon",
        ],
        [
          42161,
          "mainnet",
          "Arbitrum One",
        ],
        [
          11155111,
          "testnet",
          "Sepolia",
        ],
        [
          84532,
          "testnet",
          "Base Sepolia",
        ],
        [
          80002,
          "testnet",
          "Polygon Amoy",
        ],
        [
          421614,
          "testnet",
          "Arbitrum Sepolia",
        ],
        [
          31337,
          "local",
          "Entrada local chain",
        ],
      ]
    `);
    expect(new Set(chainRegistry.map((entry) => entry.id)).size).toBe(chainRegistry.length);
  });

  test("every address is checksummed (EIP-55), and no address serves twice on one chain", () => {
    for (const entry of chainRegistry) {
      const addresses = [
        ...Object.values(entry.tokens),
        ...Object.values(entry.feeds),
        ...(entry.sequencerUptimeFeed ? [entry.sequencerUptimeFeed] : []),
      ];
      for (const address of addresses) expect(address, `chain ${entry.id}`).toBe(getAddress(address));
      expect(new Set(addresses).size, `chain ${entry.id}`).toBe(addresses.length);
    }
  });

  test("every public chain has what the server needs: USDC, its USDC/USD feed, a public RPC, an explorer, a policy", () => {
    for (const entry of chainRegistry.filter((e) => e.kind !== "local")) {
      expect(entry.tokens.USDC, `USDC on ${entry.name}`).toBeDefined();
      expect(entry.feeds["USDC / USD"], `USDC / USD on ${entry.name}`).toBeDefined();
      expect(entry.publicRpcUrl, entry.name).toMatch(/^https:\/\//);
      expect(entry.explorerUrl, entry.name).toMatch(/^https:\/\//);
      expect(entry.blockTimeMs).toBeGreaterThan(0);
      expect(entry.confirmations).toBeGreaterThanOrEqual(1);
      expect(entry.nativeCurrency.decimals).toBe(18);
      expect(entry.chain.id).toBe(entry.id);
      // USDT only where Tether issues it, and its feed with it.
      if (entry.tokens.USDT !== undefined) expect(entry.feeds["USDT / USD"], entry.name).toBeDefined();
    }
    // A test network rehearses its mainnet's confirmation policy.
    for (const testnet of chainRegistry.filter((e) => e.kind === "testnet")) {
      const rehearsed = requireChainProfile(testnet.rehearses!);
      expect([testnet.confirmations, testnet.finalizedTag]).toEqual([rehearsed.confirmations, rehearsed.finalizedTag]);
    }
  });

  test("feeds are named as pairs against USD of currencies core knows", () => {
    for (const entry of chainRegistry) {
      for (const name of Object.keys(entry.feeds)) {
        const [base, quote] = toPricePair(name).split("/");
        expect(quote, name).toBe("USD");
        expect(Object.keys(currencies), name).toContain(base);
      }
    }
  });

  test("Circle's native USDC, never a bridged USDC.e", () => {
    // USDC.e: Polygon 0x2791…4174, Arbitrum 0xFF97…5CC8; Base's bridged USDbC 0xd9aA…6CA.
    const bridged = [
      "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174",
      "0xFF970A61A04b1cA14834A43f5dE4533eBDDB5CC8",
      "0xd9aAEc86B65D86f6A7B5B1b0c42FFA531710b6CA",
    ];
    for (const entry of chainRegistry) expect(bridged).not.toContain(entry.tokens.USDC);
  });

  test("the local chain takes its tokens and feeds from its deployment", () => {
    expect(chainProfile(31337)).toMatchObject({
      kind: "local",
      tokens: {},
      feeds: {},
      publicRpcUrl: null,
      explorerUrl: null,
    });
  });

  test("an unknown chain is undefined, or ENTRADA_CHAIN_UNKNOWN when required", () => {
    expect(chainProfile(999)).toBeUndefined();
    expect(() => requireChainProfile(999)).toThrow(UnknownChainError);
    expect(() => requireChainProfile(999)).toThrow(expect.objectContaining({ code: "ENTRADA_CHAIN_UNKNOWN" }));
  });
});
