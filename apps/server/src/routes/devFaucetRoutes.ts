import { type Address, isAddress, zeroAddress } from "viem";
import { z } from "zod";
import { FaucetRateLimitedError } from "../errors/faucet.ts";
import { AddressInvalidError } from "../errors/http.ts";
import { ChainNotServedError } from "../errors/payment.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { DevFaucet } from "../services/createDevFaucet.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const dripSchema = z.object({
  txHashes: z.array(z.string()),
  balances: z.object({ USDC: z.string(), USDT: z.string(), ETH: z.string() }),
});

/** Parameters of {@link devFaucetRoutes}. */
export type DevFaucetRoutesOptions = {
  /** The faucet of each local chain served, by chain id. */
  faucets: ReadonlyMap<number, DevFaucet>;
  /** The chain a drip without `chainId` goes to: the default chain of quotes. */
  defaultChainId: number;
};

/**
 * `POST /dev/faucet { address, chainId? }`: 1,000 dev USDC, 1,000 dev USDT and 0.1 ETH for gas on
 * `chainId` (default: the default chain), mined before the answer (`{ txHashes, balances }`, minor
 * units and wei as decimal strings). Once per address every 10 s, and 10 drips a minute per client
 * IP, per chain (`429 ENTRADA_FAUCET_RATE_LIMITED` with `Retry-After`, `details.scope` saying which);
 * a chain without a faucet is `422 ENTRADA_CHAIN_NOT_SERVED`. Registered by `buildApp` only in
 * development on the local chain, like `POST /auth/dev-login`: anywhere else the route does not exist.
 *
 * @example
 * await api.register(devFaucetRoutes, { faucets: new Map([[31337, faucet]]), defaultChainId: 31337 })
 */
export const devFaucetRoutes: ApiPlugin<DevFaucetRoutesOptions> = async (app, { faucets, defaultChainId }) => {
  app.post(
    "/dev/faucet",
    {
      schema: {
        tags: ["development"],
        operationId: "devFaucet",
        security: routeSecurity.public,
        errors: ["ENTRADA_ADDRESS_INVALID", "ENTRADA_CHAIN_NOT_SERVED", "ENTRADA_FAUCET_RATE_LIMITED"],
        summary: "Development only: fund an address with dev USDC, dev USDT and ETH for gas",
        // The address is checked in the handler, so that a bad one gets its own code.
        body: z
          .object({
            address: z.string().max(200),
            chainId: z
              .number()
              .int()
              .positive()
              .max(2 ** 53 - 1)
              .optional(),
          })
          .strict(),
        response: { 200: dripSchema },
      },
    },
    async (request, reply) => {
      const { address, chainId = defaultChainId } = request.body;
      // Mixed case must be a valid EIP-55 checksum: a typo in a checksummed address is caught.
      if (!isAddress(address) || address.toLowerCase() === zeroAddress)
        throw new AddressInvalidError({ field: "address" });
      const faucet = faucets.get(chainId);
      if (faucet === undefined) throw new ChainNotServedError({ chainId });
      try {
        // Per client too: fresh addresses are free, so one script could otherwise drain the faucet.
        const { txHashes, balances } = await faucet.drip(address as Address, { client: request.ip });
        return {
          txHashes,
          balances: { USDC: balances.USDC.toString(), USDT: balances.USDT.toString(), ETH: balances.ETH.toString() },
        };
      } catch (error) {
        if (error instanceof FaucetRateLimitedError) reply.header("retry-after", String(error.retryAfterSeconds));
        throw error;
      }
    },
  );
};
