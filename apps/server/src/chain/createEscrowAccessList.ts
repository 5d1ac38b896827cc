import type { CreateRelayerParameters } from "@entrada/chain";
import { escrowAccessList } from "@entrada/contracts";
import { type Client, getAddress } from "viem";
import type { EscrowDeployment } from "./EscrowDeployment.ts";

/** Parameters of {@link createEscrowAccessList}. */
export type CreateEscrowAccessListParameters = {
  /** The chain's client: reads the authority's payout and the token proxy's implementation. */
  client: Client;
  deployment: Pick<EscrowDeployment, "escrow" | "tokens">;
};

/**
 * The relayers' `accessList` on one chain: a settlement (release, refund, claim, releaseMany) or a
 * gasless payment (`payWithAuthorization`) in the chain's USDC, Circle's FiatTokenV2_2 behind its
 * proxy on every chain Entrada serves, carries the access list of its token call (about 700 gas less
 * a settlement, refund 58,514 → 57,814; about 1,100 a payment, 124,959 → 123,871: docs/contracts.md).
 * USDT and every other call carry none. A USDC whose proxy slot is empty gets none either.
 *
 * @example
 * const settler = createRelayer({ db, client, chainId, account, bumpAfterMs, accessList: createEscrowAccessList({ client, deployment }) });
 */
export function createEscrowAccessList({
  client,
  deployment,
}: CreateEscrowAccessListParameters): NonNullable<CreateRelayerParameters["accessList"]> {
  const fiatTokens = [deployment.tokens.USDC];
  const escrow = getAddress(deployment.escrow);
  return async ({ to, data }) =>
    getAddress(to) === escrow ? escrowAccessList({ client, escrow, data, fiatTokens }) : undefined;
}
