import type { CreateRelayerParameters } from "@entrada/chain";
import { settlementAccessList } from "@entrada/contracts";
import { type Client, getAddress } from "viem";
import type { EscrowDeployment } from "./EscrowDeployment.ts";

/** Parameters of {@link createSettlementAccessList}. */
export type CreateSettlementAccessListParameters = {
  /** The chain's client: reads the authority's payout and the token proxy's implementation. */
  client: Client;
  deployment: Pick<EscrowDeployment, "escrow" | "tokens">;
};

/**
 * The relayers' `accessList` on one chain: a settlement (release, refund, claim, releaseMany) paid in
 * the chain's USDC, Circle's FiatTokenV2_2 behind its proxy on every chain Entrada serves, carries
 * the access list of its transfer (about 700 gas less: refund 58,514 → 57,802, docs/contracts.md);
 * USDT and every other call carry none. A USDC whose proxy slot is empty gets none either.
 *
 * @example
 * const settler = createRelayer({ db, client, chainId, account, bumpAfterMs, accessList: createSettlementAccessList({ client, deployment }) });
 */
export function createSettlementAccessList({
  client,
  deployment,
}: CreateSettlementAccessListParameters): NonNullable<CreateRelayerParameters["accessList"]> {
  const fiatTokens = [deployment.tokens.USDC];
  const escrow = getAddress(deployment.escrow);
  return async ({ to, data }) =>
    getAddress(to) === escrow ? settlementAccessList({ client, escrow, data, fiatTokens }) : undefined;
}
