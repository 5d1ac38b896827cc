import { devAccount, devAccountCount } from "@entrada/contracts";
import { type Address, isAddress } from "viem";
import { DevKeyOnLiveChainError } from "../errors.ts";

/** Chain ids of development chains (Hardhat, Anvil and Ganache use 31337 or 1337), where development keys are fine. */
export const devChainIds: readonly number[] = [31337, 1337];

let devAddresses: ReadonlySet<string> | undefined;

/**
 * Whether `address` is one of the well-known development accounts: the 40 of Hardhat's public
 * mnemonic that the local chain funds (`devAccount(0..39)`), whose private keys anyone can look up.
 *
 * @example
 * isDevAccount("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266") // true
 */
export function isDevAccount(address: string): boolean {
  // Derived once, on first use (40 HD derivations), from the same mnemonic the local chain funds.
  devAddresses ??= new Set(Array.from({ length: devAccountCount }, (_, i) => devAccount(i).address.toLowerCase()));
  return devAddresses.has(address.toLowerCase());
}

/**
 * Throws {@link DevKeyOnLiveChainError} (`ENTRADA_DEV_KEY_ON_LIVE_CHAIN`) when `address` is a
 * well-known development account and `chainId` is not a development chain: on a live chain anyone
 * could spend from it. The relayer calls it at start-up; so should anything that signs.
 *
 * @example
 * assertKeyAllowedOnChain(31337, devAccount(3).address) // fine: the local chain
 * assertKeyAllowedOnChain(8453, devAccount(3).address) // throws DevKeyOnLiveChainError
 */
export function assertKeyAllowedOnChain(chainId: number, address: Address): void {
  if (!isAddress(address, { strict: false }))
    throw new TypeError(`assertKeyAllowedOnChain: "${address}" is not an address`);
  if (!devChainIds.includes(chainId) && isDevAccount(address)) throw new DevKeyOnLiveChainError({ chainId, address });
}
