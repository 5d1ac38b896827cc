import type { TokenSymbol } from "@entrada/contracts";
import type { Address, Chain } from "viem";

/** Whether a chain holds real money, is a public test network, or is the project's own local chain. */
export type ChainKind = "mainnet" | "testnet" | "local";

/**
 * What Entrada needs to know of one chain before it can serve it: who it is, the stablecoins and price
 * feeds that live on it, how long to wait before a payment counts, and what it can verify. One entry
 * of {@link chainRegistry}; several chains served at once each get their own profile (their own
 * escrow, tokens, feeds, relayer and indexer are built from it).
 *
 * Addresses are checksummed. Everything that can change on the chain (a token's issuer, a feed's
 * proxy) is read from the chain at start-up by `entrada config check`, not trusted from here alone.
 */
export type ChainProfile = {
  readonly id: number;
  readonly kind: ChainKind;
  /** For people: "Base", "Polygon"… (viem's name). */
  readonly name: string;
  /** viem's definition: native currency, public RPC, block explorer, multicall. */
  readonly chain: Chain;
  /** The gas token, which the relayer and the settlers hold (viem's). */
  readonly nativeCurrency: { readonly name: string; readonly symbol: string; readonly decimals: number };
  /** A rate-limited public JSON-RPC endpoint for browsers; `null` on the local chain (its own URL). */
  readonly publicRpcUrl: string | null;
  /** Transaction links; `null` on the local chain. */
  readonly explorerUrl: string | null;
  /** Typical time between blocks, ms (`0` on the local chain: a block per transaction). */
  readonly blockTimeMs: number;
  /**
   * Blocks a payment waits for before the indexer reports it, the block that holds it counting as the
   * first (the default of `CHAIN_CONFIRMATIONS`). See each entry for why.
   */
  readonly confirmations: number;
  /**
   * Whether the node's `finalized` block tag is the chain's hard guarantee within a time a traveller
   * can wait, so that an indexer should follow it rather than a depth (Ethereum, Polygon PoS). On the
   * rollups it means "the batch is final on Ethereum", 13–19 minutes away, and a depth is used.
   */
  readonly finalizedTag: boolean;
  /**
   * The stablecoins Entrada accepts on this chain: Circle's native USDC (never bridged USDC.e) and
   * Tether's USDT where Tether issues it. Empty on the local chain, whose tokens are in its deployment.
   */
  readonly tokens: Readonly<Partial<Record<TokenSymbol, Address>>>;
  /**
   * Chainlink price feed (proxy) per pair, named as Chainlink names them (`"GBP / USD"`), for the
   * pairs Entrada can quote. A pair that is missing has no Chainlink feed on this chain.
   */
  readonly feeds: Readonly<Record<string, Address>>;
  /** Chainlink's L2 sequencer uptime feed: prices are stale while it reports the sequencer down. */
  readonly sequencerUptimeFeed: Address | null;
  /**
   * Whether `P256VERIFY` (RIP-7212 on rollups, EIP-7951 on Ethereum) answers at `0x…0100`, for
   * passkey (WebAuthn) signatures checked on chain.
   */
  readonly p256Precompile: boolean;
  /** For a test network, the id of the network it rehearses. */
  readonly rehearses: number | null;
};
