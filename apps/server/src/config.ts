import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDevAccount, remoteKeyIdPattern } from "@entrada/chain";
import { devAccount, devAccountCount, localChainDefinition } from "@entrada/contracts";
import { seedAuthorities } from "@entrada/core";
import type { KycProviderAuth, SanctionsListPaths } from "@entrada/identity";
import { type Address, getAddress, type Hex, isAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { type ChainEntry, parseChainsVariable } from "./chain/parseChainsVariable.ts";
import { publicChain } from "./chain/publicChains.ts";
import { deriveKey } from "./crypto/deriveKey.ts";

/** The chain id of the local development chain (Hardhat's). */
export const localChainId = 31337;

/** How the server runs: `development` enables the demo conveniences, `production` demands real secrets. */
export type Environment = "development" | "test" | "production";

/** The server's configuration, typed and validated once at start-up by {@link loadConfig}. */
export type Config = {
  env: Environment;
  host: string;
  port: number;
  /** PostgreSQL connection string; PGlite under `dataDir` when unset. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Origin the users reach the app at: the SIWE domain and URI are checked against it. */
  publicUrl: string;
  /** `host[:port]` of {@link publicUrl}: the EIP-4361 `domain` a sign-in message must carry. */
  siweDomain: string;
  chain: {
    id: number;
    /** For people: "Polygon", "Base", "Entrada local chain"… */
    name: string;
    /** The server's own endpoint: may carry a provider's API key, so it never reaches a browser. */
    rpcUrl: string;
    /**
     * The JSON-RPC endpoint browsers use (`GET /client-config`, and the CSP's `connect-src`): the
     * chain's own URL on the local chain, a public endpoint of known chains, or `PUBLIC_RPC_URL`.
     */
    publicRpcUrl: string;
    /** A block explorer for transaction links; `null` on the local chain. */
    explorerUrl: string | null;
    /**
     * Confirmations an escrow event needs before the indexer reports it, the block that holds it
     * counting as the first: 1 reports it from its own block. At least 1 (`CHAIN_CONFIRMATIONS=0`
     * reads as 1: no event exists before its block).
     */
    confirmations: number;
    /** The escrow; when unset, start-up reads it from the deployments file under `dataDir`. */
    escrowAddress: Address | undefined;
    /** Whether this is the local development chain, where the public development keys are allowed. */
    isLocal: boolean;
    /**
     * Run the local chain in this process (in memory: it starts empty at every start) rather than use
     * a node at `rpcUrl` (`ENTRADA_EMBEDDED_CHAIN`; default: on the local chain when `CHAIN_RPC_URL`
     * was not set).
     */
    embedded: boolean;
  };
  /**
   * Every chain Entrada serves, `chain` (from `CHAIN_ID`, the default chain of quotes) first, then
   * those of `ENTRADA_CHAINS` (more local chains) and `CHAINS`. Each has its own escrow, tokens,
   * feeds, relayers and indexer; the same keys sign on each.
   */
  chains: readonly ChainConfig[];
  /**
   * Each key is a private key in this process (`0x…`) or `remote:<address>`, a key the remote signer
   * at `signer.url` holds (docs/contracts.md, "Keys in custody").
   */
  keys: {
    /** Signs quotes (the escrow's `quoteSigner`). */
    quoteSigner: KeySpec;
    /** Pays gas for gasless payments and claims. */
    relayer: KeySpec;
    /** Settler private key per authority slug: releases and refunds that authority's escrows. */
    settlers: Readonly<Record<string, KeySpec>>;
  };
  /**
   * The remote signer (`SIGNER_URL`, `SIGNER_TOKEN`, `SIGNER_TIMEOUT_MS`): a Web3Signer-style
   * JSON-RPC service holding the `remote:` keys; `undefined` when every key is local.
   */
  signer: { url: string; bearerToken: string | undefined; timeoutMs: number } | undefined;
  smtpUrl: string | undefined;
  /** 32-byte key that wraps the data keys of personal data (AES-256-GCM). */
  masterKey: Uint8Array;
  /** Signs session cookies. */
  sessionSecret: string;
  /**
   * The bearer token `/metrics` asks for (`METRICS_TOKEN`). Unset: `/metrics` is open in development
   * and tests, and not served in production.
   */
  metricsToken: string | undefined;
  sessionTtlSeconds: number;
  quotes: { lockSeconds: number; maxStalenessSeconds: number };
  rateLimit: { max: number; windowMs: number };
  /** The built web app (`index.html`, `assets/`), served at `/`. */
  webDistDir: string;
  /**
   * The server's own requests to URLs it was given (webhook endpoints, the KYC provider): whether
   * they may reach loopback addresses (`OUTBOUND_ALLOW_LOOPBACK`). Default: yes in development and
   * tests, whose stand-ins listen on 127.0.0.1; refused in production. Nothing else that is not
   * public is ever reachable (http/outbound/createOutboundHttp.ts).
   */
  outbound: { allowLoopback: boolean };
  identity: {
    /**
     * The credential issuer's private EC P-256 JWK as JSON (`IDENTITY_ISSUER_KEY`), or
     * `remote:<key id>`, a P-256 key the remote signer at `signer.url` holds. Unset: in development
     * one is generated once and kept under `dataDir`, in tests one per process.
     */
    issuerKey: string | undefined;
    /** The secret of identity fingerprints (duplicate detection), 32 bytes or more. */
    fingerprintKey: Uint8Array;
    /** OFAC SDN (and ALT) CSV files; `undefined`: the fictional sample list of @entrada/identity. */
    sanctions: SanctionsListPaths | undefined;
    /** The outside liveness/face-match provider; `undefined`: the development provider (always passes). */
    kycProvider: { url: string; auth: KycProviderAuth } | undefined;
    /** Kubo RPC API for the document store; `undefined`: a folder under `dataDir`. */
    ipfsApiUrl: string | undefined;
  };
};

/** One chain Entrada serves: {@link Config}'s `chain` and each of its `chains`. */
export type ChainConfig = Config["chain"];

/**
 * The chain ids of the local chains `ENTRADA_CHAINS` starts, on consecutive ports: the development
 * chain ids (Hardhat's, then Ganache's), the only ones where @entrada/chain lets the public
 * development keys sign.
 */
export const localChainIds: readonly number[] = [localChainId, 1337];

/** The most local chains `ENTRADA_CHAINS` starts. */
export const maxLocalChains = localChainIds.length;

/**
 * A signing key as configured: a private key (`0x` and 64 hex digits) held in this process, or
 * `remote:<address>`, a key of the remote signer that only the address names here.
 */
export type KeySpec = Hex | `remote:${Address}`;

/**
 * The address a key signs as: derived from a private key, or named by a remote one.
 *
 * @example
 * keyAddress(config.keys.relayer) // "0x90F79bf6EB2c4f870365E785982E1f101E93b906" with the development keys
 */
export function keyAddress(key: KeySpec): Address {
  return key.startsWith("remote:") ? getAddress(key.slice("remote:".length)) : privateKeyToAccount(key as Hex).address;
}

/**
 * Reads a signing key as the configuration does (`0x` and 64 hex digits, or `remote:<address>`);
 * `undefined` when it is neither. For the operator CLI's own keys (`DEPLOYER_KEY`, `ADMIN_KEY`).
 *
 * @example
 * parseKeySpec("remote:0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266") // "remote:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
 */
export function parseKeySpec(value: string): KeySpec | undefined {
  const parsed = signingKey.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Start-up stops with this error; its message names every bad variable (never its value). */
export class ConfigError extends Error {
  override name = "ConfigError" as const;
  /** `VARIABLE: problem`, one per problem. */
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `- ${problem}`).join("\n")}`);
    this.problems = problems;
  }
}

// Publicly known development secrets: usable only on the local chain, and never in production.
const devMasterKey = createHash("sha256").update("entrada development master key").digest();
const devSessionSecret = "entrada-development-session-secret-not-for-production";

/** A private key, or `remote:<address>` for a key of the remote signer. */
const signingKey = z
  .string()
  .trim()
  .refine(
    (value) => /^0x[0-9a-fA-F]{64}$/.test(value) || /^remote:0x[0-9a-fA-F]{40}$/.test(value),
    "must be a private key: 0x and 64 hex digits, or remote:<address> (a key of SIGNER_URL)",
  )
  .transform(
    (value): KeySpec =>
      value.startsWith("remote:")
        ? `remote:${getAddress(value.slice("remote:".length))}`
        : (value.toLowerCase() as Hex),
  );
const integer = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.number().int().min(min).max(max));
const url = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL with ${protocols.join(" or ")}`,
    );

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: integer(0, 65_535).default(3000),
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  ENTRADA_DATA_DIR: z.string().trim().min(1).default("./.entrada"),
  ENTRADA_PUBLIC_URL: url(["http:", "https:"]).optional(),
  CHAIN_RPC_URL: url(["http:", "https:", "ws:", "wss:"]).default("http://127.0.0.1:8545"),
  CHAIN_ID: integer(1, 2 ** 53 - 1).default(localChainId),
  // Default: the chain registry's depth for a known chain (Base 10, Ethereum 64…), 1 elsewhere.
  CHAIN_CONFIRMATIONS: integer(0, 1000).optional(),
  ENTRADA_CHAINS: integer(1, maxLocalChains).default(1),
  CHAINS: z.string().trim().min(1).optional(),
  ENTRADA_EMBEDDED_CHAIN: z
    .string()
    .trim()
    .refine((value) => value === "true" || value === "false", "must be true or false")
    .transform((value) => value === "true")
    .optional(),
  PUBLIC_RPC_URL: url(["http:", "https:", "ws:", "wss:"]).optional(),
  EXPLORER_URL: url(["http:", "https:"]).optional(),
  ESCROW_ADDRESS: z
    .string()
    .trim()
    .refine((value) => isAddress(value, { strict: false }), "must be a 20-byte 0x address")
    .transform((value) => getAddress(value))
    .optional(),
  QUOTE_SIGNER_KEY: signingKey.optional(),
  RELAYER_KEY: signingKey.optional(),
  SETTLER_KEYS: z.string().trim().optional(),
  SIGNER_URL: url(["http:", "https:"]).optional(),
  SIGNER_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{16,4096}$/, "must be 16 to 4096 visible ASCII characters (a bearer token)")
    .optional(),
  SIGNER_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  MASTER_KEY: z.string().trim().optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SESSION_TTL_SECONDS: integer(60, 90 * 86_400).default(7 * 86_400),
  METRICS_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{32,256}$/, "must be 32 to 256 visible ASCII characters (a bearer token)")
    .optional(),
  QUOTE_LOCK_SECONDS: integer(60, 86_400).default(900),
  PRICE_MAX_STALENESS_SECONDS: integer(60, 7 * 86_400).default(90_000),
  RATE_LIMIT_MAX: integer(1, 1_000_000).default(300),
  WEB_DIST_DIR: z.string().trim().min(1).optional(),
  IDENTITY_ISSUER_KEY: z
    .string()
    .trim()
    .refine(
      (value) => isPrivateP256Jwk(value) || isRemoteIssuerKey(value),
      "must be a private EC P-256 JWK as JSON (kty, crv, x, y, d), or remote:<key id> (a P-256 key of SIGNER_URL)",
    )
    .optional(),
  IDENTITY_FINGERPRINT_KEY: z
    .string()
    .trim()
    .min(32, "must be at least 32 characters (or 32 bytes as hex or base64)")
    .optional(),
  SANCTIONS_SDN_PATH: z.string().trim().min(1).optional(),
  SANCTIONS_ALT_PATH: z.string().trim().min(1).optional(),
  KYC_PROVIDER_URL: url(["http:", "https:"]).optional(),
  KYC_PROVIDER_KEY: z.string().trim().min(1).optional(),
  KYC_PROVIDER_AUTH: z.enum(["bearer", "hmac"]).default("bearer"),
  IPFS_API_URL: url(["http:", "https:"]).optional(),
  OUTBOUND_ALLOW_LOOPBACK: z.enum(["true", "false"], "must be true or false").optional(),
});

/** apps/web/dist of this repository: where `npm run build` puts the web app. */
const defaultWebDistDir = fileURLToPath(new URL("../../web/dist", import.meta.url));

/**
 * The environment variables the server reads.
 *
 * @example
 * environmentVariables.includes("DATABASE_URL") // true
 */
export const environmentVariables = Object.keys(
  environmentSchema.shape,
) as readonly (keyof typeof environmentSchema.shape)[];

/**
 * Reads the configuration from the environment, checks every variable, and returns it typed. Called
 * once at start-up; a bad value throws a {@link ConfigError} that names the variable, and the server
 * does not start. On the local chain (id 31337) the public development keys and secrets are the
 * defaults; elsewhere the keys are required and development keys are refused, and in production the
 * secrets are required too.
 *
 * @example
 * const config = loadConfig(process.env);
 * config.chain.id // 31337
 * loadConfig({ PORT: "eighty" }) // throws ConfigError: "- PORT: must be a whole number"
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  // Empty variables count as unset, as in most shells' `VAR=` usage.
  const present = Object.fromEntries(
    environmentVariables
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`));
  }
  const vars = parsed.data;
  const problems: string[] = [];
  const isLocal = vars.CHAIN_ID === localChainId;
  const production = vars.NODE_ENV === "production";
  let listed: ChainEntry[] = [];
  if (vars.CHAINS !== undefined) {
    const result = parseChainsVariable(vars.CHAINS);
    if (typeof result === "string") problems.push(`CHAINS: ${result}`);
    else listed = result;
  }
  // The development keys sign only where every chain is a local one: the first other chain is named.
  const remoteChainId = isLocal ? listed.find((entry) => entry.id !== localChainId)?.id : vars.CHAIN_ID;
  const allLocal = remoteChainId === undefined;

  function key(name: "QUOTE_SIGNER_KEY" | "RELAYER_KEY", devIndex: number): KeySpec {
    const value = vars[name];
    if (value !== undefined) {
      if (!allLocal && isDevKey(value))
        problems.push(`${name}: is a public development key, refused on chain ${remoteChainId}`);
      return value;
    }
    if (!allLocal) problems.push(`${name}: is required on chain ${remoteChainId}`);
    return devPrivateKey(devIndex);
  }

  const quoteSigner = key("QUOTE_SIGNER_KEY", 1);
  const relayer = key("RELAYER_KEY", 3);
  let settlers: Record<string, KeySpec> = {};
  if (vars.SETTLER_KEYS !== undefined) {
    const result = parseSettlerKeys(vars.SETTLER_KEYS);
    if (typeof result === "string") problems.push(`SETTLER_KEYS: ${result}`);
    else settlers = result;
    if (!allLocal && Object.values(settlers).some(isDevKey)) {
      problems.push(`SETTLER_KEYS: holds a public development key, refused on chain ${remoteChainId}`);
    }
  } else if (allLocal) {
    // contracts/demo.ts: the settler of demo authority i is development account 5 + 2i, in the order
    // of the seed catalogue's authorities.
    settlers = Object.fromEntries(seedAuthorities.map((authority, i) => [authority.id, devPrivateKey(5 + 2 * i)]));
  }

  let masterKey: Uint8Array = devMasterKey;
  if (vars.MASTER_KEY !== undefined) {
    const decoded = decodeKey(vars.MASTER_KEY);
    if (decoded === undefined) problems.push("MASTER_KEY: must be 32 bytes as 64 hex digits or base64");
    else masterKey = decoded;
  } else if (production) {
    problems.push("MASTER_KEY: is required in production");
  }
  if (vars.SESSION_SECRET === undefined && production) problems.push("SESSION_SECRET: is required in production");

  // By default the app is reached where the server listens (it serves the web app itself).
  const publicUrl = new URL(
    vars.ENTRADA_PUBLIC_URL ?? `http://${vars.HOST.includes(":") ? `[${vars.HOST}]` : vars.HOST}:${vars.PORT}`,
  );
  if (production && publicUrl.protocol !== "https:") problems.push("ENTRADA_PUBLIC_URL: must use https in production");

  // Browsers get a public endpoint, never CHAIN_RPC_URL itself (it may hold an API key) unless local.
  const known = publicChain(vars.CHAIN_ID);
  const publicRpcUrl = vars.PUBLIC_RPC_URL ?? (isLocal ? vars.CHAIN_RPC_URL : known?.rpcUrl);
  if (publicRpcUrl === undefined) problems.push(`PUBLIC_RPC_URL: is required on chain ${vars.CHAIN_ID}`);
  else if (production && !isLocal && /^(http|ws):/.test(publicRpcUrl)) {
    // An https page may not call a plain-http endpoint (mixed content).
    problems.push("PUBLIC_RPC_URL: must use https or wss in production");
  }
  // The embedded chain is the local chain run in this process: the default unless a node was named.
  const embedded = vars.ENTRADA_EMBEDDED_CHAIN ?? (isLocal && present.CHAIN_RPC_URL === undefined);
  if (embedded && !isLocal) {
    problems.push(
      `ENTRADA_EMBEDDED_CHAIN: the embedded chain is the local chain (CHAIN_ID ${localChainId}), not ${vars.CHAIN_ID}`,
    );
  }
  const chain: ChainConfig = {
    id: vars.CHAIN_ID,
    name: isLocal ? localChainDefinition.name : (known?.name ?? `Chain ${vars.CHAIN_ID}`),
    rpcUrl: vars.CHAIN_RPC_URL,
    publicRpcUrl: publicRpcUrl as string,
    explorerUrl: vars.EXPLORER_URL ?? (isLocal ? null : (known?.explorerUrl ?? null)),
    confirmations: Math.max(vars.CHAIN_CONFIRMATIONS ?? known?.confirmations ?? 1, 1),
    escrowAddress: vars.ESCROW_ADDRESS,
    isLocal,
    embedded,
  };
  const chains = [chain, ...localChains(chain, vars.ENTRADA_CHAINS, problems)];
  for (const entry of listed) {
    if (chains.some((other) => other.id === entry.id)) problems.push(`CHAINS: chain ${entry.id} is served twice`);
    else chains.push(listedChain(entry, production, problems));
  }
  const identity = identityConfig(vars, masterKey, problems);
  const signer = signerConfig(
    vars,
    [
      quoteSigner,
      relayer,
      ...Object.values(settlers),
      ...(identity.issuerKey === undefined ? [] : [identity.issuerKey]),
    ],
    production,
    problems,
  );
  if (production && vars.OUTBOUND_ALLOW_LOOPBACK === "true") {
    // A webhook registered at http://127.0.0.1:… would reach this machine's services.
    problems.push("OUTBOUND_ALLOW_LOOPBACK: is refused in production");
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: vars.NODE_ENV,
    host: vars.HOST,
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL,
    dataDir: vars.ENTRADA_DATA_DIR,
    publicUrl: publicUrl.origin,
    siweDomain: publicUrl.host,
    chain,
    chains,
    keys: { quoteSigner, relayer, settlers },
    signer,
    smtpUrl: vars.SMTP_URL,
    masterKey,
    sessionSecret: vars.SESSION_SECRET ?? devSessionSecret,
    metricsToken: vars.METRICS_TOKEN,
    sessionTtlSeconds: vars.SESSION_TTL_SECONDS,
    quotes: { lockSeconds: vars.QUOTE_LOCK_SECONDS, maxStalenessSeconds: vars.PRICE_MAX_STALENESS_SECONDS },
    rateLimit: { max: vars.RATE_LIMIT_MAX, windowMs: 60_000 },
    webDistDir: vars.WEB_DIST_DIR === undefined ? defaultWebDistDir : resolve(vars.WEB_DIST_DIR),
    outbound: {
      allowLoopback: vars.OUTBOUND_ALLOW_LOOPBACK === undefined ? !production : vars.OUTBOUND_ALLOW_LOOPBACK === "true",
    },
    identity,
  };
}

/**
 * The local chains `ENTRADA_CHAINS=n` adds beside the local chain `first`: chain id 1337 on the
 * next ports of its RPC URL, embedded when it is.
 */
function localChains(first: ChainConfig, count: number, problems: string[]): ChainConfig[] {
  if (count === 1) return [];
  if (!first.isLocal) {
    problems.push(`ENTRADA_CHAINS: more local chains need the local chain (CHAIN_ID ${localChainId}) first`);
    return [];
  }
  const withPort = (url: string, offset: number) => {
    const next = new URL(url);
    const port = Number(next.port || (next.protocol === "https:" ? 443 : 80));
    // Port 0 (tests): each chain picks a free port of its own.
    next.port = String(port === 0 ? 0 : port + offset);
    return next.origin;
  };
  return Array.from({ length: count - 1 }, (_, i): ChainConfig => {
    const id = localChainIds[i + 1]!;
    const rpcUrl = withPort(first.rpcUrl, i + 1);
    return {
      ...first,
      id,
      name: `${localChainDefinition.name} ${id}`,
      rpcUrl,
      publicRpcUrl: first.publicRpcUrl === first.rpcUrl ? rpcUrl : withPort(first.publicRpcUrl, i + 1),
      escrowAddress: undefined,
    };
  });
}

/** A chain of `CHAINS`, with the defaults of a known public chain; problems are added to `problems`. */
function listedChain(entry: ChainEntry, production: boolean, problems: string[]): ChainConfig {
  const isLocal = entry.id === localChainId;
  const known = publicChain(entry.id);
  const publicRpcUrl = entry.publicRpcUrl ?? (isLocal ? entry.rpcUrl : known?.rpcUrl);
  if (publicRpcUrl === undefined) problems.push(`CHAINS: chain ${entry.id} needs a publicRpcUrl`);
  else if (production && !isLocal && /^(http|ws):/.test(publicRpcUrl)) {
    problems.push(`CHAINS: the publicRpcUrl of chain ${entry.id} must use https or wss in production`);
  }
  return {
    id: entry.id,
    name: isLocal ? localChainDefinition.name : (known?.name ?? `Chain ${entry.id}`),
    rpcUrl: entry.rpcUrl,
    publicRpcUrl: publicRpcUrl ?? entry.rpcUrl,
    explorerUrl: entry.explorerUrl ?? known?.explorerUrl ?? null,
    confirmations: Math.max(entry.confirmations ?? known?.confirmations ?? 1, 1),
    escrowAddress: entry.escrowAddress,
    isLocal,
    // A listed chain is a node Entrada connects to; only ENTRADA_CHAINS runs chains in this process.
    embedded: false,
  };
}

/**
 * The remote signer's part of the configuration: required when a key is `remote:`, over https in
 * production (its bearer token and what it signs travel on it); problems are added to `problems`.
 */
function signerConfig(
  vars: z.output<typeof environmentSchema>,
  keys: readonly string[],
  production: boolean,
  problems: string[],
): Config["signer"] {
  const remote = keys.some((key) => key.startsWith("remote:"));
  if (vars.SIGNER_URL === undefined) {
    if (remote) problems.push("SIGNER_URL: is required when a key is remote:<address>");
    if (vars.SIGNER_TOKEN !== undefined) problems.push("SIGNER_TOKEN: needs SIGNER_URL");
    return undefined;
  }
  if (production && new URL(vars.SIGNER_URL).protocol !== "https:") {
    problems.push("SIGNER_URL: must use https in production");
  }
  if (production && vars.SIGNER_TOKEN === undefined) problems.push("SIGNER_TOKEN: is required in production");
  return { url: vars.SIGNER_URL, bearerToken: vars.SIGNER_TOKEN, timeoutMs: vars.SIGNER_TIMEOUT_MS };
}

/** The identity part of the configuration; problems are added to `problems`. */
function identityConfig(
  vars: z.output<typeof environmentSchema>,
  masterKey: Uint8Array,
  problems: string[],
): Config["identity"] {
  const production = vars.NODE_ENV === "production";
  if (production && vars.IDENTITY_ISSUER_KEY === undefined) {
    problems.push("IDENTITY_ISSUER_KEY: is required in production");
  }
  // Its own key, or one derived from the master key for this purpose only.
  const fingerprintKey =
    vars.IDENTITY_FINGERPRINT_KEY === undefined
      ? deriveKey(masterKey, "entrada/identity-fingerprint/v1")
      : (decodeKey(vars.IDENTITY_FINGERPRINT_KEY) ??
        new Uint8Array(Buffer.from(vars.IDENTITY_FINGERPRINT_KEY, "utf8")));
  if (vars.SANCTIONS_ALT_PATH !== undefined && vars.SANCTIONS_SDN_PATH === undefined) {
    problems.push("SANCTIONS_ALT_PATH: needs SANCTIONS_SDN_PATH");
  }
  if (production && vars.SANCTIONS_SDN_PATH === undefined) {
    // The sample list is fictional: screening against it screens nobody.
    problems.push("SANCTIONS_SDN_PATH: is required in production");
  }
  let kycProvider: Config["identity"]["kycProvider"];
  if (vars.KYC_PROVIDER_URL !== undefined) {
    if (vars.KYC_PROVIDER_KEY === undefined) problems.push("KYC_PROVIDER_KEY: is required with KYC_PROVIDER_URL");
    else {
      kycProvider = {
        url: vars.KYC_PROVIDER_URL,
        auth:
          vars.KYC_PROVIDER_AUTH === "hmac"
            ? { type: "hmac", secret: vars.KYC_PROVIDER_KEY }
            : { type: "bearer", token: vars.KYC_PROVIDER_KEY },
      };
    }
    if (production && new URL(vars.KYC_PROVIDER_URL).protocol !== "https:") {
      // Passport images and selfies travel to it; and the outbound client speaks only https there.
      problems.push("KYC_PROVIDER_URL: must use https in production");
    }
  } else if (production) {
    // The development provider passes everyone.
    problems.push("KYC_PROVIDER_URL: is required in production");
  }
  return {
    issuerKey: vars.IDENTITY_ISSUER_KEY,
    fingerprintKey,
    sanctions:
      vars.SANCTIONS_SDN_PATH === undefined
        ? undefined
        : {
            sdnPath: resolve(vars.SANCTIONS_SDN_PATH),
            altPath: vars.SANCTIONS_ALT_PATH && resolve(vars.SANCTIONS_ALT_PATH),
          },
    kycProvider,
    ipfsApiUrl: vars.IPFS_API_URL,
  };
}

/** Whether `value` is JSON of a private EC P-256 JWK; the key itself is checked by importing it at start-up. */
/** `remote:<key id>`: the credential issuer's P-256 key held by the remote signer. */
function isRemoteIssuerKey(value: string): boolean {
  return value.startsWith("remote:") && remoteKeyIdPattern.test(value.slice("remote:".length));
}

function isPrivateP256Jwk(value: string): boolean {
  try {
    const jwk = JSON.parse(value) as Record<string, unknown>;
    return (
      typeof jwk === "object" &&
      jwk !== null &&
      jwk.kty === "EC" &&
      jwk.crv === "P-256" &&
      ["x", "y", "d"].every((name) => typeof jwk[name] === "string" && (jwk[name] as string).length > 0)
    );
  } catch {
    return false;
  }
}

/** `gb-eta=0x…,th-evisa=0x…` or a JSON object of the same; an error message when malformed. */
function parseSettlerKeys(value: string): Record<string, KeySpec> | string {
  let entries: [string, unknown][];
  if (value.startsWith("{")) {
    try {
      const json: unknown = JSON.parse(value);
      if (typeof json !== "object" || json === null || Array.isArray(json)) return "must be a JSON object";
      entries = Object.entries(json);
    } catch {
      return "is not valid JSON";
    }
  } else {
    entries = value.split(",").map((pair) => {
      const [slug = "", key = ""] = pair.split("=", 2);
      return [slug.trim(), key.trim()];
    });
  }
  const settlers: Record<string, KeySpec> = {};
  for (const [slug, key] of entries) {
    if (!/^[a-z0-9-]{1,32}$/.test(slug)) return "each entry must be <authority slug>=<private key>";
    const parsed = signingKey.safeParse(key);
    if (!parsed.success) return `the key of "${slug}" must be 0x and 64 hex digits, or remote:<address>`;
    settlers[slug] = parsed.data;
  }
  return settlers;
}

function decodeKey(value: string): Uint8Array | undefined {
  const hex = value.replace(/^0x/, "");
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return Uint8Array.from(Buffer.from(hex, "hex"));
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value, "base64");
    if (bytes.length === 32) return Uint8Array.from(bytes);
  }
  return undefined;
}

function devPrivateKey(index: number): Hex {
  const key = devAccount(index).getHdKey().privateKey;
  if (key === null) throw new Error(`development account ${index} has no private key`);
  return `0x${Buffer.from(key).toString("hex")}`;
}

let devKeys: Set<string> | undefined;
function isDevKey(key: KeySpec): boolean {
  // A remote signer holding a development key is as public as the key itself.
  if (key.startsWith("remote:")) return isDevAccount(key.slice("remote:".length));
  devKeys ??= new Set(Array.from({ length: devAccountCount }, (_, i) => devPrivateKey(i)));
  return devKeys.has(key.toLowerCase());
}
