import { DevUSDT, FiatTokenV2_2 } from "@entrada/contracts";
import type { TokenSymbol } from "@entrada/core";
import {
  type Account,
  type Address,
  type Chain,
  erc20Abi,
  getAddress,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { FaucetRateLimitedError } from "../errors/faucet.ts";

/** Parameters of {@link createDevFaucet}. */
export type CreateDevFaucetParameters = {
  /** Reads balances and waits for receipts. */
  publicClient: PublicClient<Transport, Chain>;
  /**
   * Development account 0, the deployer: a minter of the dev chain's USDC (configured by Circle's
   * master minter, with no cap) and the owner of DevUSDT. Nobody else may mint.
   */
  wallet: WalletClient<Transport, Chain, Account>;
  /** The dev chain's tokens: Circle's USDC (FiatTokenV2_2 behind its proxy) and `DevUSDT`. */
  tokens: Readonly<Record<TokenSymbol, Address>>;
  clock?: (() => Date) | undefined;
  /** How long an address waits between two drips. Default 10 s. */
  cooldownSeconds?: number | undefined;
  /**
   * Most drips one client (its IP address, as the route sees it) gets in {@link clientWindowSeconds},
   * whatever addresses it names: fresh addresses cost nothing, so the per-address cooldown alone
   * would let one script drain the chain's ETH. Default 10.
   */
  dripsPerClient?: number | undefined;
  /** The window of {@link dripsPerClient}. Default 60 s. */
  clientWindowSeconds?: number | undefined;
};

/** What one drip sent and what the address holds afterwards, in minor units (wei for ETH). */
export type DevFaucetDrip = {
  /** The mints of USDC and USDT, then the ETH transfer, all mined. */
  txHashes: Hex[];
  balances: Record<TokenSymbol | "ETH", bigint>;
};

/** What {@link createDevFaucet} returns. */
export type DevFaucet = {
  /**
   * Mints {@link faucetTokenAmount} of each dev token to `address`, sends it {@link faucetEthAmount}
   * for gas, and waits for the receipts. Throws {@link FaucetRateLimitedError} when the address was
   * funded less than the cooldown ago (`scope: "address"`), or when `client` (the asker's IP address)
   * had its drips of the window already (`scope: "client"`).
   */
  drip(address: Address, options?: { client?: string | undefined }): Promise<DevFaucetDrip>;
};

/** Each drip mints 1,000 of each token (6 decimals). */
export const faucetTokenAmount = 1_000_000_000n;
/** Each drip sends 0.1 ETH: enough gas for many approve + pay on the local chain. */
export const faucetEthAmount = 100_000_000_000_000_000n;

/**
 * The development faucet: a newcomer with a fresh browser wallet gets dev USDC, USDT and a little ETH,
 * so every way to pay (gasless, permit, approve + pay) can be tried. Only for the local chain: the
 * start-up builds it with development account 0, which may mint both tokens. Drips run one at a time,
 * so the owner's nonces never collide.
 *
 * @example
 * const faucet = createDevFaucet({ publicClient, wallet: chain.wallet(devAccount(0)), tokens: deployment.tokens });
 * const { balances } = await faucet.drip("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
 */
export function createDevFaucet({
  publicClient,
  wallet,
  tokens,
  clock = () => new Date(),
  cooldownSeconds = 10,
  dripsPerClient = 10,
  clientWindowSeconds = 60,
}: CreateDevFaucetParameters): DevFaucet {
  /** Lower-case address → when it was last funded (ms). */
  const lastDrip = new Map<string, number>();
  /** Client → when its drips of the current window were reserved (ms), oldest first. */
  const clientDrips = new Map<string, number[]>();
  let queue: Promise<unknown> = Promise.resolve();
  const secondsUntil = (at: number, now: number) => Math.max(1, Math.ceil((at - now) / 1000));

  /** Checks both limits, then records the drip under both: a refusal records nothing. */
  function reserve(address: Address, client: string | undefined): () => void {
    const now = clock().getTime();
    const cooldownMs = cooldownSeconds * 1000;
    const windowMs = clientWindowSeconds * 1000;
    const key = address.toLowerCase();
    const last = lastDrip.get(key);
    if (last !== undefined && now - last < cooldownMs) {
      throw new FaucetRateLimitedError({ retryAfterSeconds: secondsUntil(last + cooldownMs, now), scope: "address" });
    }
    const recent = client === undefined ? [] : (clientDrips.get(client) ?? []).filter((at) => now - at < windowMs);
    if (recent.length >= dripsPerClient) {
      throw new FaucetRateLimitedError({
        retryAfterSeconds: secondsUntil(recent[0]! + windowMs, now),
        scope: "client",
      });
    }
    // Forget what no longer limits anyone, so the maps stay small however many ask.
    if (lastDrip.size > 1000) {
      for (const [other, at] of lastDrip) if (now - at >= cooldownMs) lastDrip.delete(other);
    }
    if (clientDrips.size > 1000) {
      for (const [other, times] of clientDrips)
        if (times.every((at) => now - at >= windowMs)) clientDrips.delete(other);
    }
    lastDrip.set(key, now);
    if (client !== undefined) clientDrips.set(client, [...recent, now]);
    // Undoes this reservation: a drip that gave nothing does not count.
    return () => {
      if (lastDrip.get(key) === now) lastDrip.delete(key);
      if (client !== undefined) {
        const times = clientDrips.get(client) ?? [];
        const index = times.indexOf(now);
        if (index !== -1) times.splice(index, 1);
      }
    };
  }

  async function send(to: Address): Promise<Hex[]> {
    const hashes = [
      await wallet.writeContract({
        address: tokens.USDC,
        abi: FiatTokenV2_2.abi,
        functionName: "mint",
        args: [to, faucetTokenAmount],
      }),
      await wallet.writeContract({
        address: tokens.USDT,
        abi: DevUSDT.abi,
        functionName: "mint",
        args: [to, faucetTokenAmount],
      }),
      await wallet.sendTransaction({ to, value: faucetEthAmount }),
    ];
    const receipts = await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash })));
    const failed = receipts.find((receipt) => receipt.status !== "success");
    if (failed !== undefined) throw new Error(`faucet transaction ${failed.transactionHash} reverted`);
    return hashes;
  }

  return {
    async drip(address, options = {}) {
      const to = getAddress(address);
      // Checked and recorded at once, so that a double click is refused rather than queued.
      const release = reserve(to, options.client);
      const run = queue.then(() => send(to));
      queue = run.catch(() => undefined);
      let txHashes: Hex[];
      try {
        txHashes = await run;
      } catch (error) {
        // Nothing was given: the address (and its client) may ask again at once.
        release();
        throw error;
      }
      const balanceOf = (token: Address) =>
        publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [to] });
      const [USDC, USDT, ETH] = await Promise.all([
        balanceOf(tokens.USDC),
        balanceOf(tokens.USDT),
        publicClient.getBalance({ address: to }),
      ]);
      return { txHashes, balances: { USDC, USDT, ETH } };
    },
  };
}
