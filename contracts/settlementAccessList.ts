import {
  type AccessList,
  type Address,
  type Client,
  decodeFunctionData,
  encodeAbiParameters,
  getAddress,
  type Hex,
  keccak256,
  maxUint160,
  numberToHex,
  zeroAddress,
} from "viem";
import { getStorageAt, readContract } from "viem/actions";
import { VisaFeeEscrowAbi } from "./generated/VisaFeeEscrow.ts";

/**
 * Where Circle's USDC (FiatTokenV2_2 behind its `FiatTokenProxy`, an `AdminUpgradeabilityProxy`)
 * keeps what a `transfer` reads, from its source (stablecoin-evm `contracts/upgradeability/` and
 * `contracts/v1/`): the proxy's two ZeppelinOS slots, then the implementation's layout in inheritance
 * order, Ownable (`_owner`, 0), Pausable (`pauser` and `paused` packed, 1), Blacklistable
 * (`blacklister` 2, `_deprecatedBlacklisted` 3), FiatTokenV1 (`name` 4, `symbol` 5, `decimals` 6,
 * `currency` 7, `masterMinter` and `initialized` 8, `balanceAndBlacklistStates` 9, …).
 * settlementAccessList.test.ts proves them against a trace of real settlements.
 */
export const fiatTokenStorage = {
  /** keccak256("org.zeppelinos.proxy.implementation"): the proxy reads it on every call. */
  implementationSlot: "0x7050c9e0f4ca769c69bd3a8ef740bc37934f8e2c036e5a723fd8ee048ed3f8c3",
  /** keccak256("org.zeppelinos.proxy.admin"): the proxy reads it on every call (its admin may not fall through). */
  adminSlot: "0x10d6a54a4754c8869d6886b5f5d7fbfa5b4522237ea5c60d11bc4e7a1ff9390b",
  /** `pauser` and `paused`, packed: `whenNotPaused` reads it. */
  pausedSlot: 1n,
  /** `mapping(address => uint256) balanceAndBlacklistStates`: balance and blacklist bit of an account. */
  balanceAndBlacklistStatesSlot: 9n,
} as const;

/** Parameters of {@link fiatTokenTransferAccessList}. */
export type FiatTokenTransferAccessListParameters = {
  /** The token's proxy (the address users call). */
  token: Address;
  /** The FiatTokenV2_2 implementation the proxy delegates to (read with {@link readFiatTokenImplementation}). */
  implementation: Address;
  /** The sender of the transfer: the escrow. */
  from: Address;
  /** The recipient: the authority's payout, or the payer. */
  to: Address;
};

/** The slot of `account`'s entry in FiatTokenV1's `balanceAndBlacklistStates`. */
export function fiatTokenBalanceSlot(account: Address): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "uint256" }],
      [account, fiatTokenStorage.balanceAndBlacklistStatesSlot],
    ),
  );
}

/**
 * The EIP-2930 access list of one FiatTokenV2_2 `transfer(to, …)` sent by `from` through its proxy:
 * the proxy with the five slots the transfer reads (implementation, admin, pause flag, both
 * balances), and the implementation's address without keys. Each entry costs 2,400 (address) or
 * 1,900 (slot) up front and saves 2,500 or 2,000 of a cold access: 100 gas an entry, 700 a
 * settlement (docs/contracts.md, "Where the gas goes"). The escrow's own slots are left out: the
 * escrow is the transaction's `to`, warm anyway, so naming it costs 2,400 and saves nothing.
 *
 * @example
 * const accessList = fiatTokenTransferAccessList({ token: usdc, implementation, from: escrow, to: payer });
 * await wallet.sendTransaction({ to: escrow, data: encodeSettlementCall("refund", quote), accessList });
 */
export function fiatTokenTransferAccessList({
  token,
  implementation,
  from,
  to,
}: FiatTokenTransferAccessListParameters): AccessList {
  return [
    {
      address: getAddress(token),
      storageKeys: [
        fiatTokenStorage.implementationSlot,
        fiatTokenStorage.adminSlot,
        numberToHex(fiatTokenStorage.pausedSlot, { size: 32 }),
        fiatTokenBalanceSlot(from),
        fiatTokenBalanceSlot(to),
      ],
    },
    { address: getAddress(implementation), storageKeys: [] },
  ];
}

/**
 * The implementation behind a FiatToken proxy, from the proxy's implementation slot; `undefined`
 * when the slot is empty (the address is not such a proxy). Read at each use, so that an upgrade by
 * the issuer is followed at once.
 *
 * @example
 * const implementation = await readFiatTokenImplementation(client, usdc);
 */
export async function readFiatTokenImplementation(client: Client, token: Address): Promise<Address | undefined> {
  const word = await getStorageAt(client, { address: token, slot: fiatTokenStorage.implementationSlot });
  const implementation = getAddress(numberToHex(BigInt(word ?? "0x0") & maxUint160, { size: 20 }));
  return implementation === zeroAddress ? undefined : implementation;
}

/** Parameters of {@link settlementAccessList}. */
export type SettlementAccessListParameters = {
  /** Reads the escrow (the authority's payout) and the token's implementation slot. */
  client: Client;
  /** The escrow the transaction calls (its `to`). */
  escrow: Address;
  /** The transaction's calldata. */
  data: Hex;
  /**
   * The tokens known to be Circle's FiatTokenV2_2 behind its proxy (USDC on every chain Entrada
   * serves). Any other token (USDT-like) gets no list: its layout is not known here.
   */
  fiatTokens: readonly Address[];
};

/** The token and the recipient of the one transfer a settlement call makes, or `undefined` if it is no settlement. */
async function settlementTransfer(
  client: Client,
  escrow: Address,
  data: Hex,
): Promise<{ token: Address; to: Address } | undefined> {
  let call: ReturnType<typeof decodeFunctionData<typeof VisaFeeEscrowAbi>>;
  try {
    call = decodeFunctionData({ abi: VisaFeeEscrowAbi, data });
  } catch {
    return undefined;
  }
  const low160 = (word: bigint) => getAddress(numberToHex(word & maxUint160, { size: 20 }));
  const payoutOf = async (authorityId: Hex) => {
    const { payout } = await readContract(client, {
      address: escrow,
      abi: VisaFeeEscrowAbi,
      functionName: "authority",
      args: [authorityId],
    });
    return payout;
  };
  switch (call.functionName) {
    case "refundPaymentFee":
    case "claimExpired": {
      const [record] = call.args;
      return { token: low160(record.tokenAndDecisionDeadline), to: low160(record.payerAndExpiresAt) };
    }
    case "releaseEscrowByAuthority": {
      const [record] = call.args;
      return { token: low160(record.tokenAndDecisionDeadline), to: await payoutOf(record.authorityId) };
    }
    case "releaseEscrowMany": {
      const [authorityId, token] = call.args;
      return { token: getAddress(token), to: await payoutOf(authorityId) };
    }
    default:
      return undefined;
  }
}

/**
 * The access list the relayer attaches to a settlement transaction (`releaseEscrowByAuthority`,
 * `refundPaymentFee`, `claimExpired`, `releaseEscrowMany`) whose token is Circle's FiatTokenV2_2:
 * {@link fiatTokenTransferAccessList} of its one transfer out of the escrow. `undefined` for any
 * other call or token, and for a token whose proxy slot is empty. Derived from the transaction alone
 * (and the chain), so every version the relayer signs, bumped or re-sent, carries the same list.
 * The local chain (EDR) has no `eth_createAccessList`, and a node's answer would also name the
 * escrow's slots, which cost more than they save.
 *
 * @example
 * const accessList = await settlementAccessList({ client, escrow, data, fiatTokens: [deployment.tokens.USDC] });
 */
export async function settlementAccessList({
  client,
  escrow,
  data,
  fiatTokens,
}: SettlementAccessListParameters): Promise<AccessList | undefined> {
  const transfer = await settlementTransfer(client, escrow, data);
  if (transfer === undefined) return undefined;
  if (!fiatTokens.some((token) => getAddress(token) === transfer.token)) return undefined;
  const implementation = await readFiatTokenImplementation(client, transfer.token);
  if (implementation === undefined) return undefined;
  return fiatTokenTransferAccessList({ token: transfer.token, implementation, from: escrow, to: transfer.to });
}
