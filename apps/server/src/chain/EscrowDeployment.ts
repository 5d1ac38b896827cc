import type { TokenSymbol } from "@entrada/core";
import type { Address } from "viem";

/**
 * The escrow the server quotes for and the tokens it accepts: `Deployment` of @entrada/contracts
 * narrowed to what the API needs (read from the deployments file, or configured in production).
 *
 * @example
 * const deployment: EscrowDeployment = { chainId: 31337, escrow, tokens: { USDC, USDT } };
 */
export type EscrowDeployment = {
  readonly chainId: number;
  readonly escrow: Address;
  readonly tokens: Readonly<Record<TokenSymbol, Address>>;
};
