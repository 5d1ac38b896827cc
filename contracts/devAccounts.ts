import type { Address } from "viem";
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

let proxyAdmin: Address | undefined;

/**
 * The admin of the dev chain's USDC proxy: the key of {@link devMnemonic} just past the funded
 * accounts. Circle's FiatTokenProxy refuses every token call from its admin, so the admin must be an
 * account that never uses the token; this one holds no ETH and sends nothing on the dev chain.
 *
 * @example
 * const admin = devUsdcProxyAdmin(); // 0x…, not one of devAccount(0..39)
 */
export function devUsdcProxyAdmin(): Address {
  proxyAdmin ??= mnemonicToAccount(devMnemonic, { addressIndex: devAccountCount }).address;
  return proxyAdmin;
}
