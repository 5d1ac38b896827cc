import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { type StandInSigner, startStandInSigner } from "@entrada/chain/testing";
import { recoverMessageAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { keyAddress, loadConfig } from "../config.ts";
import { createLogger } from "./createLogger.ts";
import { createSigners } from "./createSigners.ts";

const token = "signer-bearer-token-for-tests-0123456789";
const remoteKey = generatePrivateKey();
const localKey = generatePrivateKey();
let signer: StandInSigner;

beforeAll(async () => {
  signer = await startStandInSigner({ privateKey: remoteKey, bearerToken: token });
});
afterAll(() => signer.close());

/** A logger writing parsed lines into an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

function configWith(env: Record<string, string>) {
  return loadConfig({
    QUOTE_SIGNER_KEY: localKey,
    SETTLER_KEYS: `gb-eta=remote:${signer.address}`,
    RELAYER_KEY: `remote:${signer.address}`,
    SIGNER_URL: signer.url,
    SIGNER_TOKEN: token,
    ...env,
  });
}

describe("createSigners", () => {
  test("local keys sign in this process, remote keys through the remote signer, one interface for both", async () => {
    const { logger, lines } = capture();
    const config = configWith({});
    const signers = await createSigners({ config, logger });
    try {
      expect(signers.quoteSigner.address).toBe(privateKeyToAccount(localKey).address);
      expect(signers.relayer.address).toBe(signer.address);
      expect(signers.relayer.source).toBe("remote");
      // One remote signer per address, checked once at start-up.
      expect(signers.settlers["gb-eta"]).toBe(signers.relayer);
      expect(signer.calls).toEqual(["eth_accounts"]);
      const signature = await signers.relayer.signMessage({ message: "hello" });
      expect(await recoverMessageAddress({ message: "hello", signature })).toBe(signer.address);
      expect(keyAddress(config.keys.relayer)).toBe(signer.address);
      expect(keyAddress(config.keys.quoteSigner)).toBe(signers.quoteSigner.address);
      expect(lines).toEqual([
        expect.objectContaining({
          msg: "signers ready",
          relayer: { address: signer.address, kind: "remote" },
          quoteSigner: { address: signers.quoteSigner.address, kind: "local" },
        }),
      ]);
    } finally {
      await signers.close();
    }
  });

  test("a wrong token or a key the signer does not hold stops start-up", async () => {
    const { logger } = capture();
    await expect(
      createSigners({ config: configWith({ SIGNER_TOKEN: "another-token-0123456789abcdef" }), logger }),
    ).rejects.toMatchObject({ code: "ENTRADA_REMOTE_SIGNER_REFUSED" });
    const stranger = privateKeyToAccount(generatePrivateKey()).address;
    await expect(
      createSigners({ config: configWith({ RELAYER_KEY: `remote:${stranger}` }), logger }),
    ).rejects.toMatchObject({ code: "ENTRADA_REMOTE_SIGNER_MISMATCH", details: { reason: "address_not_served" } });
  });
});

describe("the credential issuer's key", () => {
  const issuerJwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  const keyId = "alias/entrada-issuer";
  let withIssuer: StandInSigner;
  beforeAll(async () => {
    withIssuer = await startStandInSigner({
      privateKey: remoteKey,
      bearerToken: token,
      jwsKeys: { [keyId]: issuerJwk },
    });
  });
  afterAll(() => withIssuer.close());

  test("is a local key or remote:<key id> of the same signer, logged by kid only", async () => {
    const { logger, lines } = capture();
    const remote = await createSigners({
      config: configWith({ SIGNER_URL: withIssuer.url, IDENTITY_ISSUER_KEY: `remote:${keyId}` }),
      logger,
    });
    const local = await createSigners({
      config: configWith({ IDENTITY_ISSUER_KEY: JSON.stringify(issuerJwk) }),
      logger,
    });
    try {
      expect(remote.credentialIssuer.source).toBe("remote");
      expect(local.credentialIssuer.source).toBe("local");
      expect(remote.credentialIssuer.publicJwk).toEqual(local.credentialIssuer.publicJwk);
      expect(withIssuer.calls).toEqual(["eth_accounts", "jws_publicKey"]);
      expect(lines.map((line) => line.credentialIssuer)).toEqual([
        { kid: remote.credentialIssuer.kid, kind: "remote" },
        { kid: remote.credentialIssuer.kid, kind: "local" },
      ]);
      // A careless line: the configuration with the private JWK in it, and the signer object itself.
      logger.info(configWith({ IDENTITY_ISSUER_KEY: JSON.stringify(issuerJwk) }), "configuration");
      logger.info({ signers: local, issuer: local.credentialIssuer }, "signers");
      const text = JSON.stringify(lines);
      expect(text).not.toContain(issuerJwk.d);
      expect(text).not.toContain(token);
    } finally {
      await remote.close();
      await local.close();
    }
  });

  test("a remote issuer key the signer does not hold, or a signer that is down, stops start-up with a stable code", async () => {
    const { logger } = capture();
    await expect(
      createSigners({
        config: configWith({ SIGNER_URL: withIssuer.url, IDENTITY_ISSUER_KEY: "remote:alias/unknown" }),
        logger,
      }),
    ).rejects.toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_REFUSED",
      details: { method: "jws_publicKey", reason: "rpc_error" },
    });
    const down = await startStandInSigner({
      privateKey: remoteKey,
      bearerToken: token,
      jwsKeys: { [keyId]: issuerJwk },
    });
    await down.close();
    const error = await createSigners({
      config: configWith({
        QUOTE_SIGNER_KEY: localKey,
        RELAYER_KEY: localKey,
        SETTLER_KEYS: `gb-eta=${localKey}`,
        SIGNER_URL: down.url,
        IDENTITY_ISSUER_KEY: `remote:${keyId}`,
      }),
      logger,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_UNAVAILABLE",
      details: { method: "jws_publicKey", reason: "network" },
    });
    expect(JSON.stringify(error)).not.toContain(token);
  });
});

describe("keys never reach the log", () => {
  test("neither a private key nor the signer's token, even when a configuration is logged whole", async () => {
    const { logger, lines } = capture();
    const config = configWith({ SETTLER_KEYS: `gb-eta=${localKey}` });
    const signers = await createSigners({ config, logger });
    await signers.close();
    // A careless line: the configuration itself, at the top level and nested.
    logger.info(config, "configuration");
    logger.info({ config }, "configuration again");
    const text = JSON.stringify(lines);
    expect(text).not.toContain(localKey.slice(2));
    expect(text).not.toContain(remoteKey.slice(2));
    expect(text).not.toContain(token);
    expect(text).toContain(signer.address);
    expect(lines[1]).toMatchObject({ keys: "[redacted]", signer: { bearerToken: "[redacted]" } });
    expect(lines[2]).toMatchObject({ config: { keys: "[redacted]", signer: { bearerToken: "[redacted]" } } });
  });
});
