import { currencies, type TokenSymbol, tokenSymbols } from "@entrada/core";
import { z } from "zod";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import type { Config } from "../config.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const tokenSchema = z.object({
  address: z.string(),
  decimals: z.number(),
  symbol: z.string(),
  /** The token's EIP-712 domain name and version (permits, EIP-3009); `null` when it has none. */
  eip712: z.object({ name: z.string(), version: z.string() }).nullable(),
});

const clientConfigSchema = z.object({
  env: z.enum(["development", "test", "production"]),
  chain: z.object({
    id: z.number(),
    name: z.string(),
    rpcUrl: z.string(),
    isLocal: z.boolean(),
    confirmations: z.number(),
    explorerUrl: z.string().nullable(),
  }),
  escrow: z.string(),
  tokens: z.object({ USDC: tokenSchema, USDT: tokenSchema }),
  platformFeeBps: z.number(),
  features: z.object({ devLogin: z.boolean(), faucet: z.boolean(), mailbox: z.boolean() }),
});

/** What the browser needs to talk to the chain and the API. */
export type ClientConfig = z.infer<typeof clientConfigSchema>;

/** Which development conveniences this server offers. */
export type ClientFeatures = ClientConfig["features"];

/**
 * EIP-712 domains of the tokens, as Circle's USDC (FiatTokenV2_2) and the dev USDC have them. The dev
 * USDT, like Tether's USDT on Ethereum, signs nothing: it is paid with approve + pay.
 */
const eip712Domains: Record<TokenSymbol, ClientConfig["tokens"]["USDC"]["eip712"]> = {
  USDC: { name: "USD Coin", version: "2" },
  USDT: null,
};

/** How long browsers and proxies may keep the answer: it changes only with a restart. */
const maxAgeSeconds = 5;

/**
 * The client configuration of this deployment, for {@link clientConfigRoutes}.
 *
 * @example
 * toClientConfig({ config, deployment, platformFeeBps: 10, features }).chain.rpcUrl // "http://127.0.0.1:8545"
 */
export function toClientConfig({
  config,
  deployment,
  platformFeeBps,
  features,
}: {
  config: Config;
  deployment: EscrowDeployment;
  platformFeeBps: number;
  features: ClientFeatures;
}): ClientConfig {
  const token = (symbol: TokenSymbol) => ({
    address: deployment.tokens[symbol],
    decimals: currencies[symbol].exponent,
    symbol,
    eip712: eip712Domains[symbol],
  });
  return {
    env: config.env,
    chain: {
      id: config.chain.id,
      name: config.chain.name,
      rpcUrl: config.chain.publicRpcUrl,
      isLocal: config.chain.isLocal,
      confirmations: config.chain.confirmations,
      explorerUrl: config.chain.explorerUrl,
    },
    escrow: deployment.escrow,
    tokens: Object.fromEntries(tokenSymbols.map((symbol) => [symbol, token(symbol)])) as ClientConfig["tokens"],
    platformFeeBps,
    features,
  };
}

/**
 * `GET /client-config`, public: the chain (id, name, the public RPC the browser should use, explorer,
 * confirmation depth), the escrow, the tokens (address, decimals, EIP-712 domain), the platform fee
 * rate and the development features on offer. The same answer until the server restarts, so it is
 * computed once and may be cached for a few seconds.
 *
 * @example
 * await api.register(clientConfigRoutes, { clientConfig: toClientConfig({ config, deployment, platformFeeBps, features }) })
 */
export const clientConfigRoutes: ApiPlugin<{ clientConfig: ClientConfig }> = async (app, { clientConfig }) => {
  app.get(
    "/client-config",
    {
      schema: {
        tags: ["client"],
        operationId: "getClientConfig",
        summary: "What the browser needs to talk to the chain and the API",
        security: routeSecurity.public,
        response: { 200: clientConfigSchema },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", `public, max-age=${maxAgeSeconds}`);
      return clientConfig;
    },
  );
};
