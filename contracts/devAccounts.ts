import { type HDAccount, mnemonicToAccount } from "viem/accounts";

/**
 * Hardhat's well-known development mnemonic. Its keys are public: they hold value only on a local
 * development chain, and the relayer refuses to run with them anywhere else.
 */
export const devMnemonic = "test test test test test test test test test test test junk";

/** How many development accounts the local chain funds (see hardhat.config.cjs). */
export const devAccountCount = 40;

const cache = new Map<number, HDAccount>();

/**
 * The development account at `index` of {@link devMnemonic}, funded with ETH on the local chain.
 *
 * @example
 * const deployer = devAccount(0);
 */
export function devAccount(index: number): HDAccount {
  if (!Number.isInteger(index) || index < 0 || index >= devAccountCount) {
    throw new RangeError(`devAccount: index ${index} is outside 0..${devAccountCount - 1}`);
  }
  let account = cache.get(index);
  if (account === undefined) {
    account = mnemonicToAccount(devMnemonic, { addressIndex: index });
    cache.set(index, account);
  }
  return account;
}
