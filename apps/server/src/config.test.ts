import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { devAccount } from "@entrada/contracts";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const realKey = `0x${"ab".repeat(32)}`;
const otherKey = `0x${"cd".repeat(32)}`;
/** A private EC P-256 JWK published in this file (tests only), for the variables that need one. */
const issuerJwk = JSON.stringify({
  kty: "EC",
  crv: "P-256",
  x: "rNJMkMkwXTqAcow1Ee-rfjwRpLQDNChJV3UGm3ocZBw",
  y: "GdEJxfgAhzYJcH2vEZG9pd7sCCbl7cH8ZicENcfM58Q",
  d: "ffaAD8Sy5ImPG_VUihSC60qLPwPtzT-T0WSaB_UxoEI",
});
/** What production needs for identity checks and credentials. */
const productionIdentity = {
  IDENTITY_ISSUER_KEY: issuerJwk,
  SANCTIONS_SDN_PATH: "/srv/ofac/sdn.csv",
  KYC_PROVIDER_URL: "https://kyc.example/v1",
  KYC_PROVIDER_KEY: "kyc-api-key",
};
const devKey = (index: number) => `0x${Buffer.from(devAccount(index).getHdKey().privateKey!).toString("hex")}`;

/** The problems of a configuration that must not start. */
function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

describe("loadConfig", () => {
  test("defaults to development on the local chain with the public development keys", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: "development",
      host: "127.0.0.1",
      port: 3000,
      databaseUrl: undefined,
      dataDir: "./.entrada",
      publicUrl: "http://127.0.0.1:3000",
      siweDomain: "127.0.0.1:3000",
      chain: {
        id: 31337,
        name: "Entrada local chain",
        rpcUrl: "http://127.0.0.1:8545",
        // The browser talks to the local chain itself: Hardhat's server answers CORS.
        publicRpcUrl: "http://127.0.0.1:8545",
        explorerUrl: null,
        confirmations: 1,
        escrowAddress: undefined,
        isLocal: true,
        embedded: true,
      },
      quotes: { lockSeconds: 900, maxStalenessSeconds: 90_000 },
      rateLimit: { max: 300, windowMs: 60_000 },
      // apps/web/dist of this repository, wherever the server is started from.
      webDistDir: fileURLToPath(new URL("../../web/dist", import.meta.url)),
    });
    expect(config.keys.quoteSigner).toBe(devKey(1));
    expect(config.keys.relayer).toBe(devKey(3));
    // contracts/demo.ts: the settler of the i-th demo authority is dev account 5 + 2i.
    expect(config.keys.settlers["th-evisa"]).toBe(devKey(5));
    expect(config.keys.settlers["eu-etias"]).toBe(devKey(19));
    expect(config.masterKey).toHaveLength(32);
  });

  test("reads every variable", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      HOST: "0.0.0.0",
      PORT: "8080",
      DATABASE_URL: "postgres://entrada@db:5432/entrada",
      ENTRADA_DATA_DIR: "/var/lib/entrada",
      ENTRADA_PUBLIC_URL: "https://entrada.example/",
      CHAIN_RPC_URL: "https://base.example",
      CHAIN_ID: "8453",
      CHAIN_CONFIRMATIONS: "3",
      PUBLIC_RPC_URL: "wss://rpc.entrada.example/base",
      EXPLORER_URL: "https://explorer.entrada.example",
      ESCROW_ADDRESS: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      QUOTE_SIGNER_KEY: realKey,
      RELAYER_KEY: otherKey,
      SETTLER_KEYS: `gb-eta=${realKey}, th-evisa=${otherKey}`,
      SMTP_URL: "smtps://mailer:secret@smtp.example:465",
      MASTER_KEY: "11".repeat(32),
      SESSION_SECRET: "s".repeat(40),
      SESSION_TTL_SECONDS: "3600",
      QUOTE_LOCK_SECONDS: "600",
      PRICE_MAX_STALENESS_SECONDS: "3600",
      RATE_LIMIT_MAX: "50",
      WEB_DIST_DIR: "web/dist",
      IDENTITY_ISSUER_KEY: issuerJwk,
      IDENTITY_FINGERPRINT_KEY: "22".repeat(32),
      SANCTIONS_SDN_PATH: "/srv/ofac/sdn.csv",
      SANCTIONS_ALT_PATH: "/srv/ofac/alt.csv",
      KYC_PROVIDER_URL: "https://kyc.example/v1",
      KYC_PROVIDER_KEY: "kyc-secret",
      KYC_PROVIDER_AUTH: "hmac",
      IPFS_API_URL: "http://127.0.0.1:5001",
    });
    expect(config).toMatchObject({
      env: "production",
      host: "0.0.0.0",
      port: 8080,
      databaseUrl: "postgres://entrada@db:5432/entrada",
      publicUrl: "https://entrada.example",
      siweDomain: "entrada.example",
      chain: {
        id: 8453,
        name: "Base",
        rpcUrl: "https://base.example",
        publicRpcUrl: "wss://rpc.entrada.example/base",
        explorerUrl: "https://explorer.entrada.example",
        confirmations: 3,
        escrowAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        isLocal: false,
        embedded: false,
      },
      keys: { quoteSigner: realKey, relayer: otherKey, settlers: { "gb-eta": realKey, "th-evisa": otherKey } },
      sessionTtlSeconds: 3600,
      quotes: { lockSeconds: 600, maxStalenessSeconds: 3600 },
      rateLimit: { max: 50 },
      webDistDir: resolve("web/dist"),
      identity: {
        issuerKey: issuerJwk,
        sanctions: { sdnPath: "/srv/ofac/sdn.csv", altPath: "/srv/ofac/alt.csv" },
        kycProvider: { url: "https://kyc.example/v1", auth: { type: "hmac", secret: "kyc-secret" } },
        ipfsApiUrl: "http://127.0.0.1:5001",
      },
    });
    expect(Buffer.from(config.identity.fingerprintKey).toString("hex")).toBe("22".repeat(32));
    expect(Buffer.from(config.masterKey).toString("hex")).toBe("11".repeat(32));
    expect(loadConfig({ SETTLER_KEYS: JSON.stringify({ "ke-eta": realKey }) }).keys.settlers).toEqual({
      "ke-eta": realKey,
    });
  });

  test.each([
    [{ PORT: "eighty" }, "PORT: must be a whole number"],
    [{ PORT: "70000" }, "PORT: Too big: expected number to be <=65535"],
    [{ NODE_ENV: "staging" }, "NODE_ENV:"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL: must be a URL with postgres: or postgresql:"],
    [{ CHAIN_ID: "-1" }, "CHAIN_ID: must be a whole number"],
    [{ ESCROW_ADDRESS: "0x123" }, "ESCROW_ADDRESS: must be a 20-byte 0x address"],
    [{ QUOTE_SIGNER_KEY: "0xnope" }, "QUOTE_SIGNER_KEY: must be a private key: 0x and 64 hex digits"],
    [{ SETTLER_KEYS: "gb-eta" }, 'SETTLER_KEYS: the key of "gb-eta" must be 0x and 64 hex digits'],
    [{ SETTLER_KEYS: "{oops" }, "SETTLER_KEYS: is not valid JSON"],
    [{ MASTER_KEY: "short" }, "MASTER_KEY: must be 32 bytes as 64 hex digits or base64"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET: must be at least 32 characters"],
    [{ SMTP_URL: "http://mail" }, "SMTP_URL: must be a URL with smtp: or smtps:"],
    [{ PUBLIC_RPC_URL: "ftp://rpc" }, "PUBLIC_RPC_URL: must be a URL with http: or https: or ws: or wss:"],
    [{ EXPLORER_URL: "polygonscan.com" }, "EXPLORER_URL: must be a URL with http: or https:"],
    [{ IDENTITY_ISSUER_KEY: '{"kty":"EC"}' }, "IDENTITY_ISSUER_KEY: must be a private EC P-256 JWK"],
    [{ IDENTITY_FINGERPRINT_KEY: "short" }, "IDENTITY_FINGERPRINT_KEY: must be at least 32 characters"],
    [{ SANCTIONS_ALT_PATH: "alt.csv" }, "SANCTIONS_ALT_PATH: needs SANCTIONS_SDN_PATH"],
    [{ KYC_PROVIDER_URL: "https://kyc.example" }, "KYC_PROVIDER_KEY: is required with KYC_PROVIDER_URL"],
    [{ KYC_PROVIDER_URL: "kyc.example" }, "KYC_PROVIDER_URL: must be a URL with http: or https:"],
    [{ KYC_PROVIDER_AUTH: "basic" }, "KYC_PROVIDER_AUTH:"],
    [{ IPFS_API_URL: "ipfs://node" }, "IPFS_API_URL: must be a URL with http: or https:"],
    [{ ENTRADA_EMBEDDED_CHAIN: "yes" }, "ENTRADA_EMBEDDED_CHAIN: must be true or false"],
    [{ CHAIN_CONFIRMATIONS: "-1" }, "CHAIN_CONFIRMATIONS: must be a whole number"],
  ])("refuses %j naming the variable", (env, problem) => {
    const found = problems(env);
    expect(found.some((line) => line.startsWith(problem))).toBe(true);
  });

  test("embeds the local chain unless a node is named (CHAIN_RPC_URL) or ENTRADA_EMBEDDED_CHAIN says otherwise", () => {
    const embedded = (env: Record<string, string>) => loadConfig(env).chain.embedded;
    expect(embedded({})).toBe(true);
    // Empty counts as unset, as everywhere.
    expect(embedded({ CHAIN_RPC_URL: "" })).toBe(true);
    // `npm run chain` on its default port, named explicitly: that node, not a chain of our own.
    expect(embedded({ CHAIN_RPC_URL: "http://127.0.0.1:8545" })).toBe(false);
    expect(embedded({ ENTRADA_EMBEDDED_CHAIN: "false" })).toBe(false);
    expect(embedded({ ENTRADA_EMBEDDED_CHAIN: " true ", CHAIN_RPC_URL: "http://127.0.0.1:0" })).toBe(true);
    expect(embedded({ CHAIN_ID: "8453", QUOTE_SIGNER_KEY: realKey, RELAYER_KEY: otherKey })).toBe(false);
    expect(
      problems({ CHAIN_ID: "8453", QUOTE_SIGNER_KEY: realKey, RELAYER_KEY: otherKey, ENTRADA_EMBEDDED_CHAIN: "true" }),
    ).toEqual(["ENTRADA_EMBEDDED_CHAIN: the embedded chain is the local chain (CHAIN_ID 31337), not 8453"]);
  });

  test("counts the block holding an event as its first confirmation: 0 reads as 1", () => {
    expect(loadConfig({ CHAIN_CONFIRMATIONS: "0" }).chain.confirmations).toBe(1);
    expect(loadConfig({ CHAIN_CONFIRMATIONS: "1" }).chain.confirmations).toBe(1);
    expect(loadConfig({ CHAIN_CONFIRMATIONS: "12" }).chain.confirmations).toBe(12);
  });

  test("never repeats a secret's value in its message", () => {
    const secret = `0x${"zz".repeat(32)}`;
    try {
      loadConfig({ QUOTE_SIGNER_KEY: secret });
    } catch (error) {
      expect((error as Error).message).toContain("QUOTE_SIGNER_KEY");
      expect((error as Error).message).not.toContain(secret);
    }
  });

  test("off the local chain the keys are required and development keys refused", () => {
    expect(problems({ CHAIN_ID: "8453" })).toEqual([
      "QUOTE_SIGNER_KEY: is required on chain 8453",
      "RELAYER_KEY: is required on chain 8453",
    ]);
    expect(
      problems({
        CHAIN_ID: "8453",
        QUOTE_SIGNER_KEY: devKey(1),
        RELAYER_KEY: realKey,
        SETTLER_KEYS: `gb-eta=${devKey(7)}`,
      }),
    ).toEqual([
      "QUOTE_SIGNER_KEY: is a public development key, refused on chain 8453",
      "SETTLER_KEYS: holds a public development key, refused on chain 8453",
    ]);
  });

  test("production requires its secrets and https", () => {
    expect(
      problems({ NODE_ENV: "production", QUOTE_SIGNER_KEY: realKey, RELAYER_KEY: otherKey, CHAIN_ID: "8453" }),
    ).toEqual([
      "MASTER_KEY: is required in production",
      "SESSION_SECRET: is required in production",
      "ENTRADA_PUBLIC_URL: must use https in production",
      "IDENTITY_ISSUER_KEY: is required in production",
      "SANCTIONS_SDN_PATH: is required in production",
      "KYC_PROVIDER_URL: is required in production",
    ]);
  });

  test("outbound requests may reach loopback in development and tests only, and only when allowed", () => {
    expect(loadConfig({}).outbound).toEqual({ allowLoopback: true });
    expect(loadConfig({ NODE_ENV: "test", OUTBOUND_ALLOW_LOOPBACK: "false" }).outbound).toEqual({
      allowLoopback: false,
    });
    const production = { NODE_ENV: "production", QUOTE_SIGNER_KEY: realKey, RELAYER_KEY: otherKey, CHAIN_ID: "8453" };
    expect(problems(production)).not.toContainEqual(expect.stringMatching(/^OUTBOUND_ALLOW_LOOPBACK/));
    expect(problems({ ...production, OUTBOUND_ALLOW_LOOPBACK: "true" })).toContain(
      "OUTBOUND_ALLOW_LOOPBACK: is refused in production",
    );
    expect(problems({ OUTBOUND_ALLOW_LOOPBACK: "yes" })).toContain("OUTBOUND_ALLOW_LOOPBACK: must be true or false");
    expect(problems({ ...production, KYC_PROVIDER_URL: "http://kyc.example", KYC_PROVIDER_KEY: "k" })).toContain(
      "KYC_PROVIDER_URL: must use https in production",
    );
  });

  test("identity defaults: the sample sanctions list, the development KYC provider, a fingerprint key of its own", () => {
    const config = loadConfig({});
    expect(config.identity).toMatchObject({
      issuerKey: undefined,
      sanctions: undefined,
      kycProvider: undefined,
      ipfsApiUrl: undefined,
    });
    // Derived from the master key, never the master key itself.
    expect(config.identity.fingerprintKey).toHaveLength(32);
    expect(Buffer.from(config.identity.fingerprintKey).equals(Buffer.from(config.masterKey))).toBe(false);
    expect(
      loadConfig({ KYC_PROVIDER_URL: "http://127.0.0.1:9000", KYC_PROVIDER_KEY: "k" }).identity.kycProvider,
    ).toEqual({ url: "http://127.0.0.1:9000", auth: { type: "bearer", token: "k" } });
  });

  test("off the local chain browsers get a public RPC, never CHAIN_RPC_URL: a known chain's, or PUBLIC_RPC_URL", () => {
    const keys = { QUOTE_SIGNER_KEY: realKey, RELAYER_KEY: otherKey };
    const polygon = loadConfig({ ...keys, CHAIN_ID: "137", CHAIN_RPC_URL: "https://polygon.example/v2/api-key" });
    expect(polygon.chain).toMatchObject({
      name: "Polygon",
      publicRpcUrl: "https://polygon.drpc.org",
      explorerUrl: "https://polygonscan.com",
    });
    expect(problems({ ...keys, CHAIN_ID: "424242" })).toEqual(["PUBLIC_RPC_URL: is required on chain 424242"]);
    expect(loadConfig({ ...keys, CHAIN_ID: "424242", PUBLIC_RPC_URL: "https://rpc.example" }).chain).toMatchObject({
      name: "Chain 424242",
      publicRpcUrl: "https://rpc.example",
      explorerUrl: null,
    });
    expect(
      problems({
        ...keys,
        NODE_ENV: "production",
        CHAIN_ID: "137",
        PUBLIC_RPC_URL: "http://rpc.example",
        MASTER_KEY: "11".repeat(32),
        SESSION_SECRET: "s".repeat(40),
        ENTRADA_PUBLIC_URL: "https://entrada.example",
        ...productionIdentity,
      }),
    ).toEqual(["PUBLIC_RPC_URL: must use https or wss in production"]);
  });

  test("the app's origin defaults to where the server listens", () => {
    expect(loadConfig({ HOST: "localhost", PORT: "8080" })).toMatchObject({
      publicUrl: "http://localhost:8080",
      siweDomain: "localhost:8080",
    });
    expect(loadConfig({ HOST: "::1", PORT: "3001" }).publicUrl).toBe("http://[::1]:3001");
  });

  test("METRICS_TOKEN is a bearer token of 32 to 256 visible characters, unset by default", () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    const token = "m3tr1cs-0123456789abcdef0123456789";
    expect(loadConfig({ METRICS_TOKEN: token }).metricsToken).toBe(token);
    for (const bad of ["short", "with a space in it, long enough for the rule", "é".repeat(40)]) {
      expect(problems({ METRICS_TOKEN: bad })).toEqual([
        "METRICS_TOKEN: must be 32 to 256 visible ASCII characters (a bearer token)",
      ]);
    }
  });

  test("all problems are reported at once", () => {
    expect(problems({ PORT: "x", CHAIN_ID: "y" })).toHaveLength(2);
  });
});

describe("several chains", () => {
  test("serves one chain, CHAIN_ID's, unless asked for more", () => {
    const config = loadConfig({});
    expect(config.chains).toEqual([config.chain]);
  });

  test("ENTRADA_CHAINS=2 adds local chain 1337 on the next port, embedded like the first", () => {
    const config = loadConfig({ ENTRADA_CHAINS: "2" });
    expect(config.chains.map((chain) => [chain.id, chain.rpcUrl, chain.publicRpcUrl, chain.embedded])).toEqual([
      [31337, "http://127.0.0.1:8545", "http://127.0.0.1:8545", true],
      [1337, "http://127.0.0.1:8546", "http://127.0.0.1:8546", true],
    ]);
    expect(config.chains[1]).toMatchObject({ isLocal: true, name: "Entrada local chain 1337", confirmations: 1 });
    // Every chain is local: the development keys sign on each.
    expect(config.keys.relayer).toBe(devKey(3));
    const nodes = loadConfig({ ENTRADA_CHAINS: "2", CHAIN_RPC_URL: "http://10.0.0.5:9000" });
    expect(nodes.chains.map((chain) => [chain.id, chain.rpcUrl, chain.embedded])).toEqual([
      [31337, "http://10.0.0.5:9000", false],
      [1337, "http://10.0.0.5:9001", false],
    ]);
  });

  test("ENTRADA_CHAINS is 1 or 2 (the development chain ids), and needs the local chain first", () => {
    expect(problems({ ENTRADA_CHAINS: "two" })).toEqual(["ENTRADA_CHAINS: must be a whole number"]);
    expect(problems({ ENTRADA_CHAINS: "3" })[0]).toMatch(/^ENTRADA_CHAINS: /);
    expect(
      problems({
        ENTRADA_CHAINS: "2",
        CHAIN_ID: "8453",
        CHAIN_RPC_URL: "https://base.example/rpc",
        QUOTE_SIGNER_KEY: realKey,
        RELAYER_KEY: otherKey,
      }),
    ).toEqual(["ENTRADA_CHAINS: more local chains need the local chain (CHAIN_ID 31337) first"]);
  });

  test("CHAINS lists more chains as id=url pairs or JSON, with a known chain's defaults", () => {
    const keys = { QUOTE_SIGNER_KEY: realKey, RELAYER_KEY: otherKey, SETTLER_KEYS: `th-evisa=${otherKey}` };
    const pairs = loadConfig({
      CHAIN_ID: "137",
      CHAIN_RPC_URL: "https://polygon.example/rpc",
      CHAINS: "8453=https://base.example/rpc, 84532=https://sepolia.base.example/rpc",
      ...keys,
    });
    expect(pairs.chains.map((chain) => chain.id)).toEqual([137, 8453, 84532]);
    expect(pairs.chains[1]).toEqual({
      id: 8453,
      name: "Base",
      rpcUrl: "https://base.example/rpc",
      publicRpcUrl: "https://mainnet.base.org",
      explorerUrl: "https://basescan.org",
      // The chain registry's depth for Base, as for CHAIN_ID.
      confirmations: 10,
      escrowAddress: undefined,
      isLocal: false,
      embedded: false,
    });
    const json = loadConfig({
      CHAINS: JSON.stringify([
        {
          id: 8453,
          rpcUrl: "https://base.example/rpc",
          publicRpcUrl: "https://rpc.example/base",
          confirmations: 12,
          escrowAddress: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
        },
      ]),
      ...keys,
    });
    expect(json.chains[1]).toMatchObject({
      id: 8453,
      publicRpcUrl: "https://rpc.example/base",
      confirmations: 12,
      escrowAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    });
  });

  test("a chain that is not local refuses the development keys, on whichever chain it is listed", () => {
    expect(problems({ CHAINS: "8453=https://base.example/rpc" })).toEqual([
      "QUOTE_SIGNER_KEY: is required on chain 8453",
      "RELAYER_KEY: is required on chain 8453",
    ]);
    expect(
      problems({ CHAINS: "8453=https://base.example/rpc", QUOTE_SIGNER_KEY: devKey(1), RELAYER_KEY: realKey }),
    ).toEqual(["QUOTE_SIGNER_KEY: is a public development key, refused on chain 8453"]);
  });

  test("names what is wrong in CHAINS, never echoing a URL", () => {
    const keys = { QUOTE_SIGNER_KEY: realKey, RELAYER_KEY: otherKey };
    expect(problems({ CHAINS: "base", ...keys })).toEqual(["CHAINS: each entry must be <chain id>=<rpc url>"]);
    expect(problems({ CHAINS: "8453=ftp://secret-key@base.example", ...keys })).toEqual([
      "CHAINS: chain 1: rpcUrl must be a URL with http:, https:, ws: or wss:",
    ]);
    expect(problems({ CHAINS: "[{", ...keys })).toEqual(["CHAINS: is not valid JSON"]);
    expect(problems({ CHAINS: '{"id":8453}', ...keys })).toEqual(["CHAINS: each entry must be <chain id>=<rpc url>"]);
    expect(problems({ CHAINS: '[{"id":8453,"rpcUrl":"https://b.example","colour":"blue"}]', ...keys })[0]).toMatch(
      /^CHAINS: chain 1: /,
    );
    expect(problems({ CHAINS: "8453=https://a.example,8453=https://b.example", ...keys })).toEqual([
      "CHAINS: chain 8453 is served twice",
    ]);
    expect(problems({ CHAINS: "31337=http://127.0.0.1:8545" })).toEqual(["CHAINS: chain 31337 is served twice"]);
    expect(problems({ CHAINS: "999999=https://unknown.example/rpc", ...keys })).toEqual([
      "CHAINS: chain 999999 needs a publicRpcUrl",
    ]);
  });
});

describe("loadConfig: chain registry defaults and keys in custody", () => {
  const keys = { QUOTE_SIGNER_KEY: realKey, RELAYER_KEY: otherKey };
  // Addresses of keys a remote signer holds: not development accounts.
  const remoteA = privateKeyToAccount(`0x${"12".repeat(32)}`).address;
  const remoteB = privateKeyToAccount(`0x${"34".repeat(32)}`).address;

  test("a known chain's confirmation depth comes from the chain registry; CHAIN_CONFIRMATIONS overrides it", () => {
    expect(loadConfig({ ...keys, CHAIN_ID: "8453" }).chain).toMatchObject({ name: "Base", confirmations: 10 });
    expect(loadConfig({ ...keys, CHAIN_ID: "1" }).chain).toMatchObject({ name: "Ethereum", confirmations: 64 });
    expect(loadConfig({ ...keys, CHAIN_ID: "42161" }).chain).toMatchObject({
      name: "Arbitrum One",
      explorerUrl: "https://arbiscan.io",
      confirmations: 40,
    });
    expect(loadConfig({ ...keys, CHAIN_ID: "8453", CHAIN_CONFIRMATIONS: "3" }).chain.confirmations).toBe(3);
    expect(loadConfig({}).chain.confirmations).toBe(1);
  });

  test("a key may be remote:<address>, a key of the remote signer at SIGNER_URL", () => {
    const relayer = remoteA;
    const config = loadConfig({
      ...keys,
      CHAIN_ID: "84532",
      RELAYER_KEY: `remote:${relayer.toLowerCase()}`,
      SETTLER_KEYS: `gb-eta=remote:${remoteB}, th-evisa=${realKey}`,
      SIGNER_URL: "https://signer.internal:9000",
      SIGNER_TOKEN: "signer-bearer-token-0123456789",
    });
    expect(config.keys).toEqual({
      quoteSigner: realKey,
      relayer: `remote:${relayer}`,
      settlers: { "gb-eta": `remote:${remoteB}`, "th-evisa": realKey },
    });
    expect(config.signer).toEqual({
      url: "https://signer.internal:9000",
      bearerToken: "signer-bearer-token-0123456789",
      timeoutMs: 10_000,
    });
    expect(loadConfig({}).signer).toBeUndefined();
  });

  test("remote keys need a signer, over https with a token in production, and never hold a development key", () => {
    expect(problems({ ...keys, CHAIN_ID: "84532", RELAYER_KEY: `remote:${remoteA}` })).toEqual([
      "SIGNER_URL: is required when a key is remote:<address>",
    ]);
    expect(problems({ SIGNER_TOKEN: "signer-bearer-token-0123456789" })).toEqual(["SIGNER_TOKEN: needs SIGNER_URL"]);
    expect(
      problems({
        ...keys,
        CHAIN_ID: "84532",
        RELAYER_KEY: `remote:${devAccount(3).address}`,
        SIGNER_URL: "https://signer.internal",
      }),
    ).toEqual(["RELAYER_KEY: is a public development key, refused on chain 84532"]);
    expect(
      problems({
        ...keys,
        ...productionIdentity,
        NODE_ENV: "production",
        CHAIN_ID: "8453",
        MASTER_KEY: "11".repeat(32),
        SESSION_SECRET: "s".repeat(40),
        ENTRADA_PUBLIC_URL: "https://entrada.example",
        RELAYER_KEY: `remote:${remoteA}`,
        SIGNER_URL: "http://signer.internal:9000",
      }),
    ).toEqual(["SIGNER_URL: must use https in production", "SIGNER_TOKEN: is required in production"]);
    expect(problems({ RELAYER_KEY: "remote:0x1234" })[0]).toMatch(/^RELAYER_KEY: must be a private key/);
    expect(problems({ SIGNER_TIMEOUT_MS: "5" })[0]).toMatch(/^SIGNER_TIMEOUT_MS:/);
  });

  test("a bad signer token is named, never echoed", () => {
    const secret = "bad token with spaces";
    const found = problems({ SIGNER_URL: "https://signer.internal", SIGNER_TOKEN: secret });
    expect(found[0]).toMatch(/^SIGNER_TOKEN: must be 16 to 4096 visible ASCII characters/);
    expect(found.join("\n")).not.toContain(secret);
  });
});
