import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import { type AuthoritySpec, authorityId, type Deployment, deployEntrada } from "./deploy.ts";
import { devAccount } from "./devAccounts.ts";

/** Member authorities registered on the development chain; settler and payout keys are dev accounts. */
export const demoAuthoritySlugs = [
  "th-evisa",
  "in-evisa",
  "gb-eta",
  "us-esta",
  "tr-evisa",
  "ke-eta",
  "au-eta",
  "eu-etias",
] as const;

/**
 * Roles of the development accounts on the local chain: 0 deployer (admin, guardian, minter),
 * 1 quote signer, 2 treasury, 3 relayer, then a payout and a settler per demo authority, then the
 * demo travellers' and organisations' wallets.
 */
export const demoAccounts = {
  deployer: 0,
  quoteSigner: 1,
  treasury: 2,
  relayer: 3,
  authority(index: number) {
    return { payout: 4 + 2 * index, settler: 5 + 2 * index };
  },
  /** First of the funded demo wallets. */
  firstWallet: 4 + 2 * demoAuthoritySlugs.length,
  lastWallet: 39,
} as const;

/** The demo authorities with their dev-account keys. */
export function demoAuthorities(): AuthoritySpec[] {
  return demoAuthoritySlugs.map((slug, i) => {
    const keys = demoAccounts.authority(i);
    return {
      id: authorityId(slug),
      payout: devAccount(keys.payout).address,
      settler: devAccount(keys.settler).address,
    };
  });
}

/** Balance minted to each demo wallet: 10,000 USDC and 10,000 USDT. */
export const demoWalletBalance = 10_000_000_000n;

/**
 * Deploys Entrada with demo data on a development chain: the escrow, tokens and feeds, the demo
 * authorities, and funded demo wallets.
 */
export async function deployDemo(clients: {
  publicClient: PublicClient<Transport, Chain>;
  wallet(account: Account): WalletClient<Transport, Chain, Account>;
}): Promise<Deployment> {
  const wallets: Address[] = [];
  for (let i = demoAccounts.firstWallet; i <= demoAccounts.lastWallet; i += 1) wallets.push(devAccount(i).address);
  return deployEntrada({
    publicClient: clients.publicClient,
    deployer: clients.wallet(devAccount(demoAccounts.deployer)),
    quoteSigner: devAccount(demoAccounts.quoteSigner).address,
    treasury: devAccount(demoAccounts.treasury).address,
    authorities: demoAuthorities(),
    balances: wallets.map((to) => ({ to, usdc: demoWalletBalance, usdt: demoWalletBalance })),
  });
}
