import { tmpdir } from "node:os";
import { join } from "node:path";
import { devAccount } from "@entrada/contracts";
import { createStaticPriceSource, type StaticPriceSource } from "@entrada/core";
import type { Database } from "@entrada/db";
import { sampleSanctionsListPaths } from "@entrada/identity";
import type { FastifyInstance } from "fastify";
import { type Address, getAddress } from "viem";
import { type AppDependencies, buildApp } from "../app.ts";
import type { ChainServices } from "../chain/ChainServices.ts";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import { type Config, loadConfig } from "../config.ts";
import { createRecordingRelayer, type RecordingRelayer } from "./createRecordingRelayer.ts";
import { createTestClock, type TestClock } from "./createTestClock.ts";

/** The web app's origin in tests: SIWE messages must name it. */
export const testPublicUrl = "http://localhost:5173";

/** An escrow and tokens at made-up addresses, for tests that never touch a chain. */
export const testDeployment: EscrowDeployment = {
  chainId: 31337,
  escrow: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
  tokens: {
    USDC: getAddress("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"),
    USDT: getAddress("0x9fe46736679d2d9a65f0992f3d2af2d4de71b8e1"),
  },
};

/**
 * A second chain served beside the first (`ENTRADA_CHAINS=2` makes it chain 1337): made-up addresses
 * unlike the first chain's, recording relayers and the static test prices; `overrides` add its
 * faucet, its sign-in client or its real deployment.
 *
 * @example
 * await createTestApp({ db, env: { ENTRADA_CHAINS: "2" }, otherChains: [testSecondChain()] });
 */
export function testSecondChain(overrides: Partial<ChainServices> = {}): ChainServices {
  return {
    deployment: {
      chainId: 1337,
      escrow: getAddress("0x1111111111111111111111111111111111111337"),
      tokens: {
        USDC: getAddress("0x2222222222222222222222222222222222221337"),
        USDT: getAddress("0x3333333333333333333333333333333333331337"),
      },
    },
    relayers: { payments: createRecordingRelayer(), settlers: { "gb-eta": createRecordingRelayer() } },
    priceSources: [testPriceSource(() => new Date())],
    ...overrides,
  };
}

/**
 * The configuration of tests: the test environment on the local chain, with a generous rate limit.
 *
 * @example
 * const config = testConfig({ RATE_LIMIT_MAX: "2" });
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    ENTRADA_PUBLIC_URL: testPublicUrl,
    RATE_LIMIT_MAX: "100000",
    // Identity documents go to a folder of the machine's temporary files, never into the repository.
    ENTRADA_DATA_DIR: testDataDir,
    ...env,
  });
}

/**
 * What production requires for identity, for tests that build a production app: an issuer key
 * (a P-256 key published here, so for tests only), the sample sanctions list and a
 * KYC provider nobody calls.
 */
export const productionIdentityEnv: Record<string, string> = {
  IDENTITY_ISSUER_KEY: JSON.stringify({
    kty: "EC",
    crv: "P-256",
    x: "rNJMkMkwXTqAcow1Ee-rfjwRpLQDNChJV3UGm3ocZBw",
    y: "GdEJxfgAhzYJcH2vEZG9pd7sCCbl7cH8ZicENcfM58Q",
    d: "ffaAD8Sy5ImPG_VUihSC60qLPwPtzT-T0WSaB_UxoEI",
  }),
  SANCTIONS_SDN_PATH: sampleSanctionsListPaths.sdnPath,
  // https, as production requires; `.invalid` never resolves (RFC 2606), should anything call it.
  KYC_PROVIDER_URL: "https://kyc.invalid/v1",
  KYC_PROVIDER_KEY: "test-kyc-key",
};

/** The data folder of tests (uploaded documents are content-addressed: tests can share it). */
export const testDataDir = join(tmpdir(), "entrada-tests");

/** Prices of the dev feeds (contracts' devFeeds), fresh at `now`. */
export function testPriceSource(clock: () => Date): StaticPriceSource {
  const updatedAt = Math.floor(clock().getTime() / 1000) - 60;
  const price = (answer: bigint) => ({ answer, decimals: 8, updatedAt });
  return createStaticPriceSource({
    name: "test-feeds",
    prices: {
      "USDC/USD": price(99_990_000n),
      "USDT/USD": price(99_970_000n),
      "EUR/USD": price(108_000_000n),
      "GBP/USD": price(127_000_000n),
      "THB/USD": price(2_900_000n),
      "AUD/USD": price(65_000_000n),
    },
  });
}

/** An app for tests with the parts it was built from. */
export type TestApp = {
  app: FastifyInstance;
  config: Config;
  clock: TestClock;
  prices: StaticPriceSource;
  relayers: { payments: RecordingRelayer; settlers: Record<string, RecordingRelayer> };
  deployment: EscrowDeployment;
};

/**
 * Builds the app on `db` with local parts: the test clock, static prices, recording relayers (a
 * settler for every seed authority except `au-eta`), and the development quote signer.
 *
 * @example
 * const { app, clock } = await createTestApp({ db: database.db });
 */
export async function createTestApp(
  parameters: { db: Database; env?: Record<string, string> } & Partial<AppDependencies>,
): Promise<TestApp> {
  const { db, env, ...overrides } = parameters;
  const config = overrides.config ?? testConfig(env);
  const clock = createTestClock();
  const prices = testPriceSource(clock);
  const settlers = Object.fromEntries(
    ["th-evisa", "in-evisa", "gb-eta", "us-esta", "tr-evisa", "ke-eta", "eu-etias"].map((id) => [
      id,
      createRecordingRelayer(),
    ]),
  );
  const relayers = { payments: createRecordingRelayer(), settlers };
  const deployment = overrides.deployment ?? testDeployment;
  const app = await buildApp({
    config,
    db,
    deployment,
    priceSources: [prices],
    quoteSigner: devAccount(1),
    relayers,
    clock,
    ...overrides,
  });
  return { app, config, clock, prices, relayers, deployment };
}

/** A wallet address nobody else in the test uses. */
export function randomAddress(): Address {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return `0x${Buffer.from(bytes).toString("hex")}`;
}
