import { currencies, type TokenSymbol, tokenSymbols } from "@entrada/core";
import { z } from "zod";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import type { ChainConfig, Config } from "../config.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const tokenSchema = z.object({
  address: z.string(),
  decimals: z.number(),
  symbol: z.string(),
  /** The token's EIP-712 domain name and version (permits, EIP-3009); `null` when it has none. */
  eip712: z.object({ name: z.string(), version: z.string() }).nullable(),
});

const tokensSchema = z.object({ USDC: tokenSchema, USDT: tokenSchema });

const chainSchema = z.object({
  id: z.number(),
  name: z.string(),
  rpcUrl: z.string(),
  isLocal: z.boolean(),
  confirmations: z.number(),
  explorerUrl: z.string().nullable(),
});

/** One chain served: where it is, its escrow and tokens, and whether the development faucet funds wallets on it. */
const servedChainSchema = chainSchema.extend({ escrow: z.string(), tokens: tokensSchema, faucet: z.boolean() });

const clientConfigSchema = z.object({
  env: z.enum(["development", "test", "production"]),
  /** The default chain of quotes (`CHAIN_ID`), the first of `chains`. */
  chain: chainSchema,
  /** The default chain's escrow. */
  escrow: z.string(),
  /** The default chain's tokens. */
  tokens: tokensSchema,
  /** Every chain served, the default first: the traveller picks the one their stablecoin is on. */
  chains: z.array(servedChainSchema).min(1),
  platformFeeBps: z.number(),
  features: z.object({ devLogin: z.boolean(), faucet: z.boolean(), mailbox: z.boolean() }),
});

/** What the browser needs to talk to the chain and the API. */
export type ClientConfig = z.infer<typeof clientConfigSchema>;

/** Which development conveniences this server offers. */
export type ClientFeatures = ClientConfig["features"];

/** One chain served, for {@link toClientConfig}: its configuration, its deployment, and whether it has a faucet. */
export type ServedChain = { chain: ChainConfig; deployment: EscrowDeployment; faucet: boolean };

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
 * The client configuration of this deployment, for {@link clientConfigRoutes}: `chains` in the order
 * served, the first being the default chain of quotes (also given as `chain`, `escrow` and `tokens`).
 *
 * @example
 * toClientConfig({ env: "development", chains: [{ chain, deployment, faucet: true }], platformFeeBps: 10, features })
 *   .chains[0].rpcUrl // "http://127.0.0.1:8545"
 */
export function toClientConfig({
  env,
  chains,
  platformFeeBps,
  features,
}: {
  env: Config["env"];
  chains: readonly ServedChain[];
  platformFeeBps: number;
  features: ClientFeatures;
}): ClientConfig {
  const served = chains.map(({ chain, deployment, faucet }) => ({
    id: chain.id,
    name: chain.name,
    rpcUrl: chain.publicRpcUrl,
    isLocal: chain.isLocal,
    confirmations: chain.confirmations,
    explorerUrl: chain.explorerUrl,
    escrow: deployment.escrow,
    tokens: Object.fromEntries(
      tokenSymbols.map((symbol) => [
        symbol,
        {
          address: deployment.tokens[symbol],
          decimals: currencies[symbol].exponent,
          symbol,
          eip712: eip712Domains[symbol],
        },
      ]),
    ) as ClientConfig["tokens"],
    faucet,
  }));
  const [primary] = served;
  if (primary === undefined) throw new TypeError("toClientConfig: no chain");
  const { escrow, tokens, faucet: _faucet, ...chain } = primary;
  return { env, chain, escrow, tokens, chains: served, platformFeeBps, features };
}

/**
 * `GET /client-config`, public: every chain served (id, name, the public RPC the browser should use,
 * explorer, confirmation depth, its escrow, its tokens with address, decimals and EIP-712 domain,
 * whether the faucet funds wallets there), the default one also as `chain`, `escrow` and `tokens`; the
 * platform fee rate and the development features on offer. The same answer until the server restarts, so it is
 * computed once and may be cached for a few seconds.
 *
 * @example
 * await api.register(clientConfigRoutes, { clientConfig: toClientConfig({ env, chains, platformFeeBps, features }) })
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
