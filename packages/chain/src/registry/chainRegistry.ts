import { localChainDefinition } from "@entrada/contracts";
import { type Address, type Chain, getAddress } from "viem";
import { arbitrum, arbitrumSepolia, base, baseSepolia, mainnet, polygon, polygonAmoy, sepolia } from "viem/chains";
import { UnknownChainError } from "../errors.ts";
import type { ChainKind, ChainProfile } from "./ChainProfile.ts";

// Sources. Every address and figure below names one of these; "[circle]" etc. in the comments.
//
// [viem]      viem 2.57's chain definitions (node_modules/viem/_esm/chains/definitions/*.js and
//             op-stack/chainConfig.js): ids, names, native currencies, public RPCs, explorers, and the
//             block times viem records (Ethereum 12 000 ms, Polygon 2 000, OP Stack 2 000, Arbitrum 250).
// [circle]    Circle, "USDC Contract Addresses", https://developers.circle.com/stablecoins/usdc-contract-addresses
//             (Circle's native USDC per chain, mainnets and testnets). Cross-checked against Circle's own
//             https://skills.sh/circlefin/skills/use-usdc table (testnets) and several integrators' lists.
// [tether]    Tether, https://tether.to/en/supported-protocols: USDT on Ethereum; on Arbitrum One and
//             Polygon PoS the USDT contracts were upgraded in place to Tether's omnichain USDT0 (same
//             addresses). Tether issues no USDT on Base and none on any test network.
// [chainlink] Chainlink's feed directory, the data behind https://docs.chain.link/data-feeds/price-feeds/addresses,
//             as Chainlink publishes it in the npm package @chainlink/mcp-server@0.0.1-alpha.17
//             (data/feeds/{ethereum,base,polygon,arbitrum}.json, generated 2025-11-03). Where a pair has
//             two proxies, the standard one is kept and the SVR one (Smart Value Recapture, meant for
//             Aave or for "shared SVR" users) is left out; e.g. Ethereum USDC / USD "usdc-usd" is
//             0x8fFf…18f6, "usdc-usd-svr" 0xfB64…099F. All feeds listed answer with 8 decimals.
// [finality]  Circle, "Finality and block confirmations" (https://developers.circle.com/cctp/concepts/finality-and-block-confirmations)
//             and Gateway's "Required block confirmations" (https://developers.circle.com/gateway/references/supported-blockchains):
//             hard finality ~65 blocks / 13–19 min on Ethereum and on rollups (their batch's L1 block),
//             ~2–3 blocks / ~8 s on Polygon PoS (milestones, Polygon PIP-11 "Deterministic finality via
//             Milestones"). Arbitrum: https://docs.arbitrum.io/how-arbitrum-works/reference/finality-and-reorgs.
// [p256]      P256VERIFY at 0x…0100: Ethereum and Sepolia by EIP-7951 in Fusaka (EIP-7607; Sepolia
//             2025-10-14, mainnet 2025-12-03); Base and Base Sepolia by RIP-7212 in Fjord
//             (https://docs.base.org/base-chain/specs/upgrades/fjord/overview: mainnet 2024-07-10, Sepolia
//             2024-05-29); Arbitrum One by ArbOS 31 "Bianca" (Arbitrum DAO AIP, forum.arbitrum.foundation
//             "AIP: ArbOS 31 Bianca … RIP-7212 Support"); Polygon PoS by the
//             Napoli hard fork (RIP-7212 "active on the mainnet", ethereum-magicians EIP-7212 thread; Bor
//             v1.2.7: mainnet block 54,876,000), Amoy from its block 5,423,600 (Bor v1.3.0-beta-2). Arbitrum
//             Sepolia: not read from a dated announcement; it runs the ArbOS releases before Arbitrum One
//             does. Hardhat's EDR has it only with `enableRip7212`, off here.

/** What every entry spells out; the rest comes from viem's definition of the chain. */
type Entry = Omit<
  ChainProfile,
  "id" | "name" | "chain" | "nativeCurrency" | "publicRpcUrl" | "explorerUrl" | "kind"
> & {
  chain: Chain;
  kind: ChainKind;
};

function profile({ chain, ...entry }: Entry): ChainProfile {
  return {
    ...entry,
    id: chain.id,
    name: chain.name,
    chain,
    nativeCurrency: chain.nativeCurrency,
    publicRpcUrl: entry.kind === "local" ? null : (chain.rpcUrls.default.http[0] ?? null),
    explorerUrl: entry.kind === "local" ? null : (chain.blockExplorers?.default.url ?? null),
    // Checksummed here, once: a typo in the case of a letter is an error at import, not a lost payment.
    tokens: Object.fromEntries(Object.entries(entry.tokens).map(([symbol, address]) => [symbol, getAddress(address)])),
    feeds: Object.fromEntries(Object.entries(entry.feeds).map(([pair, address]) => [pair, getAddress(address)])),
    sequencerUptimeFeed: entry.sequencerUptimeFeed && getAddress(entry.sequencerUptimeFeed),
  };
}

const a = (address: string) => address as Address;

/**
 * The chains Entrada can be configured for: Ethereum, Base, Polygon PoS and Arbitrum One, their test
 * networks, and the local chain. The configuration takes its defaults from here (name, public RPC,
 * explorer, confirmations); the operator CLI deploys with these tokens and feeds, never the
 * development ones, on any chain but the local one.
 *
 * Confirmation policy. A payment is reported once it is this deep; a reorganisation after that is
 * still rolled back by the indexer (up to its reorg depth), and a settlement of a payment the chain
 * does not hold reverts, so the depth trades how soon a traveller sees "paid" against how often a
 * "paid" could be taken back. Where the chain's hard finality comes within seconds or a quarter of an
 * hour (Ethereum, Polygon PoS), wait for it; on the rollups, whose hard finality is their batch's
 * Ethereum finality 13–19 minutes away, wait for a short depth of the sequencer's blocks.
 *
 * @example
 * chainProfile(8453)?.tokens.USDC // "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
 * chainProfile(8453)?.feeds["GBP / USD"] // "0xCceA6576904C118037695eB71195a5425E69Fa15"
 */
export const chainRegistry: readonly ChainProfile[] = [
  profile({
    chain: mainnet,
    kind: "mainnet",
    blockTimeMs: 12_000, // [viem] one slot
    // [finality] Finality is two epochs (64 slots, ~12.8 min; 13–19 min observed). Ethereum is the
    // chain a traveller picks for its security, not its speed: follow the finalized tag, and count 64
    // (two epochs) where a depth is wanted.
    confirmations: 64,
    finalizedTag: true,
    tokens: {
      USDC: a("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"), // [circle]
      USDT: a("0xdAC17F958D2ee523a2206206994597C13D831ec7"), // [tether]
    },
    // [chainlink] ethereum-mainnet. No THB, INR, KES, KWD, MXN, BRL or AED feed on Ethereum.
    feeds: {
      "USDC / USD": a("0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6"),
      "USDT / USD": a("0x3E7d1eAB13ad0104d2750B8863b489D65364e32D"),
      "EUR / USD": a("0xb49f677943BC038e9857d61E7d053CaA2C1734C1"),
      "GBP / USD": a("0x5c0Ab2d9b5a7ed9f470386e82BB36A3613cDd4b5"),
      "AUD / USD": a("0x77F9710E7d0A19669A13c055F62cd80d313dF022"),
      "JPY / USD": a("0xBcE206caE7f0ec07b545EddE332A47C2F75bbeb3"),
      "TRY / USD": a("0xB09fC5fD3f11Cf9eb5E1C5Dba43114e3C9f477b5"),
      "CNY / USD": a("0xeF8A4aF35cd47424672E3C590aBD37FBB7A7759a"),
      "CAD / USD": a("0xa34317DB73e77d453b1B8d04550c44D10e981C8e"),
      "CHF / USD": a("0x449d117117838fFA61263B61dA6301AA2a88B13A"),
      "SGD / USD": a("0xe25277fF4bbF9081C75Ab0EB13B4A13a721f3E13"),
    },
    sequencerUptimeFeed: null, // an L1 has no sequencer
    p256Precompile: true, // [p256] EIP-7951, Fusaka
    rehearses: null,
  }),
  profile({
    chain: base,
    kind: "mainnet",
    blockTimeMs: 2_000, // [viem] OP Stack
    // [finality] Hard finality is the batch's Ethereum finality, 13–19 min. Base's blocks come from one
    // sequencer and are reorganised only if it publishes conflicting blocks or misses its sequencing
    // window; 10 blocks (~20 s) keeps "paid" honest for a sequencer's hiccup while a traveller waits.
    confirmations: 10,
    finalizedTag: false,
    tokens: {
      USDC: a("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"), // [circle]; not USDbC, the bridged one
      // No USDT: [tether] issues none on Base (0xfde4…9bb2 is a bridge's token, not Tether's).
    },
    // [chainlink] base-mainnet. No THB, INR, KES, JPY, KWD, CNY or AED feed on Base.
    feeds: {
      "USDC / USD": a("0x7e860098F58bBFC8648a4311b374B1D669a2bc6B"),
      "USDT / USD": a("0xf19d560eB8d2ADf07BD6D13ed03e1D11215721F9"),
      "EUR / USD": a("0xc91D87E81faB8f93699ECf7Ee9B44D11e1D53F0F"),
      "GBP / USD": a("0xCceA6576904C118037695eB71195a5425E69Fa15"),
      "AUD / USD": a("0x46e51B8cA41d709928EdA9Ae43e42193E6CDf229"),
      "TRY / USD": a("0x29413773e7CD4Dfd6Ad89a50887877b88a6C592C"),
      "MXN / USD": a("0x9e8Ee77c76d4fa41306056D1C3196AF5da1600bd"),
      "BRL / USD": a("0x0b0E64c05083FdF9ED7C5D3d8262c4216eFc9394"),
      "CAD / USD": a("0xA840145F87572E82519d578b1F36340368a25D5d"),
      "CHF / USD": a("0x3A1d6444fb6a402470098E23DaD0B7E86E14252F"),
      "SGD / USD": a("0x81575495532fB311Efc5C993B612564274F0949b"),
    },
    sequencerUptimeFeed: a("0xBCF85224fc0756B9Fa45aA7892530B47e10b6433"), // [chainlink] L2 Sequencer Uptime Status Feed
    p256Precompile: true, // [p256] RIP-7212, Fjord
    rehearses: null,
  }),
  profile({
    chain: polygon,
    kind: "mainnet",
    blockTimeMs: 2_000, // [viem]
    // [finality] Milestones make blocks final in ~2–3 blocks (~8 s); Bor reports them as the finalized
    // tag. Before milestones Polygon PoS reorganised more than 100 blocks deep, so a depth alone is not
    // the rule: follow the tag, and count 33 (Circle's hard-finality wait for Polygon PoS under CCTP V1,
    // 75–120 s) where a depth is wanted.
    confirmations: 33,
    finalizedTag: true,
    tokens: {
      USDC: a("0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"), // [circle]; not USDC.e 0x2791…4174
      USDT: a("0xc2132D05D31c914a87C6611C10748AEb04B58e8F"), // [tether] USDT0
    },
    // [chainlink] polygon-mainnet. No KES, KWD or AED feed on Polygon PoS.
    feeds: {
      "USDC / USD": a("0xfE4A8cc5b5B2366C1B58Bea3858e81843581b2F7"),
      "USDT / USD": a("0x0A6513e40db6EB1b165753AD52E80663aeA50545"),
      "EUR / USD": a("0x73366Fe0AA0Ded304479862808e02506FE556a98"),
      "GBP / USD": a("0x099a2540848573e94fb1Ca0Fa420b00acbBc845a"),
      "AUD / USD": a("0x062Df9C4efd2030e243ffCc398b652e8b8F95C6f"),
      "THB / USD": a("0x5164Ad28fb12a5e55946090Ec3eE1B748AFb3785"),
      "INR / USD": a("0xDA0F8Df6F5dB15b346f4B8D1156722027E194E60"),
      "JPY / USD": a("0xD647a6fC9BC6402301583C91decC5989d8Bc382D"),
      "TRY / USD": a("0xd78325DcA0F90F0FFe53cCeA1B02Bb12E1bf8FdB"),
      "CNY / USD": a("0x04bB437Aa63E098236FA47365f0268547f6EAB32"),
      "MXN / USD": a("0x171b16562EA3476F5C61d1b8dad031DbA0768545"),
      "BRL / USD": a("0xB90DA3ff54C3ED09115abf6FbA0Ff4645586af2c"),
      "CAD / USD": a("0xACA44ABb8B04D07D883202F99FA5E3c53ed57Fb5"),
      "CHF / USD": a("0xc76f762CedF0F78a439727861628E0fdfE1e70c2"),
      "SGD / USD": a("0x8CE3cAc0E6635ce04783709ca3CC4F5fc5304299"),
    },
    sequencerUptimeFeed: null, // not a rollup
    p256Precompile: true, // [p256] RIP-7212, Napoli
    rehearses: null,
  }),
  profile({
    chain: arbitrum,
    kind: "mainnet",
    blockTimeMs: 250, // [viem]
    // [finality] As Base: the finalized tag is the batch's Ethereum finality (13–19 min); the sequencer's
    // blocks come four a second and are reorganised only if it misbehaves. 40 blocks is ~10 s.
    confirmations: 40,
    finalizedTag: false,
    tokens: {
      USDC: a("0xaf88d065e77c8cC2239327C5EDb3A432268e5831"), // [circle]; not USDC.e 0xFF97…5CC8
      USDT: a("0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9"), // [tether] USDT0
    },
    // [chainlink] arbitrum-mainnet. No THB, INR, KES, KWD, MXN or AED feed on Arbitrum One.
    feeds: {
      "USDC / USD": a("0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3"),
      "USDT / USD": a("0x3f3f5dF88dC9F13eac63DF89EC16ef6e7E25DdE7"),
      "EUR / USD": a("0xA14d53bC1F1c0F31B4aA3BD109344E5009051a84"),
      "GBP / USD": a("0x9C4424Fd84C6661F97D8d6b3fc3C1aAc2BeDd137"),
      "AUD / USD": a("0x9854e9a850e7C354c1de177eA953a6b1fba8Fc22"),
      "JPY / USD": a("0x3dD6e51CB9caE717d5a8778CF79A04029f9cFDF8"),
      "TRY / USD": a("0xE8f8AfE4b56c6C421F691bfAc225cE61b2C7CD05"),
      "CNY / USD": a("0xcC3370Bde6AFE51e1205a5038947b9836371eCCb"),
      "BRL / USD": a("0x04b7384473A2aDF1903E3a98aCAc5D62ba8C2702"),
      "CAD / USD": a("0xf6DA27749484843c4F02f5Ad1378ceE723dD61d4"),
      "CHF / USD": a("0xe32AccC8c4eC03F6E75bd3621BfC9Fbb234E1FC3"),
      "SGD / USD": a("0xF0d38324d1F86a176aC727A4b0c43c9F9d9c5EB1"),
    },
    sequencerUptimeFeed: a("0xFdB631F5EE196F0ed6FAa767959853A9F217697D"), // [chainlink] L2 Sequencer Uptime Status Feed
    p256Precompile: true, // [p256] RIP-7212, ArbOS 31
    rehearses: null,
  }),
  profile({
    chain: sepolia,
    kind: "testnet",
    blockTimeMs: 12_000, // [viem] mainnet's slot; Sepolia runs the same consensus
    confirmations: 64, // as Ethereum, so that the test network rehearses the same wait
    finalizedTag: true,
    tokens: { USDC: a("0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238") }, // [circle]; no USDT [tether]
    // [chainlink] ethereum-sepolia. No USDT / USD feed, and no THB, INR, TRY, KES or other fiat feed
    // but these four: quotes in those currencies cannot be made on Sepolia.
    feeds: {
      "USDC / USD": a("0xA2F78ab2355fe2f984D808B5CeE7FD0A93D5270E"),
      "EUR / USD": a("0x1a81afB8146aeFfCFc5E50e8479e826E7D55b910"),
      "GBP / USD": a("0x91FAB41F5f3bE955963a986366edAcff1aaeaa83"),
      "AUD / USD": a("0xB0C712f98daE15264c8E26132BCC91C40aD4d5F9"),
      "JPY / USD": a("0x8A6af2B75F23831ADc973ce6288e5329F63D86c6"),
    },
    sequencerUptimeFeed: null,
    p256Precompile: true, // [p256] Fusaka on Sepolia
    rehearses: 1,
  }),
  profile({
    chain: baseSepolia,
    kind: "testnet",
    blockTimeMs: 2_000, // [viem] OP Stack
    confirmations: 10, // as Base
    finalizedTag: false,
    tokens: { USDC: a("0x036CbD53842c5426634e7929541eC2318f3dCF7e") }, // [circle]; no USDT [tether]
    // [chainlink] base-sepolia: the two stablecoin feeds only; no fiat feed (EUR, GBP, THB… cannot be
    // quoted on Base Sepolia from Chainlink: pass --feed overrides or a fallback price source).
    feeds: {
      "USDC / USD": a("0xd30e2101a97dcbAeBCBC04F14C3f624E67A35165"),
      "USDT / USD": a("0x3ec8593F930EA45ea58c968260e6e9FF53FC934f"),
    },
    sequencerUptimeFeed: null, // [chainlink] lists none for Base Sepolia
    p256Precompile: true, // [p256] Fjord on Sepolia
    rehearses: 8453,
  }),
  profile({
    chain: polygonAmoy,
    kind: "testnet",
    blockTimeMs: 2_000, // [viem] Polygon's
    confirmations: 33, // as Polygon PoS
    finalizedTag: true,
    tokens: { USDC: a("0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582") }, // [circle]; no USDT [tether]
    // [chainlink] polygon-amoy: EUR / USD is the only fiat feed.
    feeds: {
      "USDC / USD": a("0x1b8739bB4CdF0089d07097A9Ae5Bd274b29C6F16"),
      "USDT / USD": a("0x3aC23DcB4eCfcBd24579e1f34542524d0E4eDeA8"),
      "EUR / USD": a("0xa73B1C149CB4a0bf27e36dE347CBcfbe88F65DB2"),
    },
    sequencerUptimeFeed: null,
    p256Precompile: true, // [p256] Napoli on Amoy
    rehearses: 137,
  }),
  profile({
    chain: arbitrumSepolia,
    kind: "testnet",
    blockTimeMs: 250, // [viem]
    confirmations: 40, // as Arbitrum One
    finalizedTag: false,
    tokens: { USDC: a("0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d") }, // [circle]; no USDT [tether]
    // [chainlink] arbitrum-sepolia: the two stablecoin feeds only; no fiat feed.
    feeds: {
      "USDC / USD": a("0x0153002d20B96532C639313c2d54c3dA09109309"),
      "USDT / USD": a("0x80EDee6f667eCc9f63a0a6f55578F870651f06A4"),
    },
    sequencerUptimeFeed: null, // [chainlink] lists none for Arbitrum Sepolia
    p256Precompile: true, // [p256] ArbOS ≥ 31; see the note on Arbitrum Sepolia above
    rehearses: 42161,
  }),
  profile({
    chain: localChainDefinition,
    kind: "local",
    blockTimeMs: 0, // a block per transaction (automine), or CHAIN_BLOCK_INTERVAL_MS
    confirmations: 1, // nothing reorganises it but a restart, which Entrada reconciles
    finalizedTag: false,
    // Its tokens (Circle's FiatTokenV2_2 and a USDT-like token) and feeds are deployed afresh and read
    // from its deployments file.
    tokens: {},
    feeds: {},
    sequencerUptimeFeed: null,
    p256Precompile: false, // Hardhat's EDR has RIP-7212 only with `enableRip7212`, not set
    rehearses: null,
  }),
];

/**
 * The profile of chain `id`, or `undefined` for a chain Entrada has no profile of.
 *
 * @example
 * chainProfile(137)?.explorerUrl // "https://polygonscan.com"
 * chainProfile(999)              // undefined
 */
export function chainProfile(id: number): ChainProfile | undefined {
  return chainRegistry.find((entry) => entry.id === id);
}

/**
 * The profile of chain `id`; throws {@link UnknownChainError} (`ENTRADA_CHAIN_UNKNOWN`) for a chain
 * Entrada has no profile of.
 *
 * @example
 * requireChainProfile(84532).name // "Base Sepolia"
 */
export function requireChainProfile(id: number): ChainProfile {
  const found = chainProfile(id);
  if (found === undefined) throw new UnknownChainError({ chainId: id, known: chainRegistry.map((entry) => entry.id) });
  return found;
}
