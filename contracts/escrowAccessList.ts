import {
  type AccessList,
  type Address,
  bytesToHex,
  type Client,
  decodeFunctionData,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hexToBytes,
  keccak256,
  maxUint160,
  numberToHex,
  zeroAddress,
} from "viem";
import { getCode, getStorageAt, readContract } from "viem/actions";
import { FiatTokenV2_2 } from "./generated/FiatTokenV2_2.ts";
import { VisaFeeEscrowAbi } from "./generated/VisaFeeEscrow.ts";

/**
 * Where Circle's USDC (FiatTokenV2_2 behind its `FiatTokenProxy`, an `AdminUpgradeabilityProxy`)
 * keeps what a `transfer` reads, from its source (stablecoin-evm `contracts/upgradeability/` and
 * `contracts/v1/`): the proxy's two ZeppelinOS slots, then the implementation's layout in inheritance
 * order, Ownable (`_owner`, 0), Pausable (`pauser` and `paused` packed, 1), Blacklistable
 * (`blacklister` 2, `_deprecatedBlacklisted` 3), FiatTokenV1 (`name` 4, `symbol` 5, `decimals` 6,
 * `currency` 7, `masterMinter` and `initialized` 8, `balanceAndBlacklistStates` 9, …).
 * escrowAccessList.test.ts proves them against traces of real settlements and payments.
 */
export const fiatTokenStorage = {
  /** keccak256("org.zeppelinos.proxy.implementation"): the proxy reads it on every call. */
  implementationSlot: "0x7050c9e0f4ca769c69bd3a8ef740bc37934f8e2c036e5a723fd8ee048ed3f8c3",
  /** keccak256("org.zeppelinos.proxy.admin"): the proxy reads it on every call (its admin may not fall through). */
  adminSlot: "0x10d6a54a4754c8869d6886b5f5d7fbfa5b4522237ea5c60d11bc4e7a1ff9390b",
  /** `pauser` and `paused`, packed: `whenNotPaused` reads it. */
  pausedSlot: 1n,
  /** `name`: FiatTokenV2_2 builds its EIP-712 domain separator from it at every signature check. */
  nameSlot: 4n,
  /** `mapping(address => uint256) balanceAndBlacklistStates`: balance and blacklist bit of an account. */
  balanceAndBlacklistStatesSlot: 9n,
  /**
   * EIP3009's `mapping(address => mapping(bytes32 => bool)) _authorizationStates`: after FiatTokenV1
   * (`allowed` 10, `totalSupply_` 11, `minters` 12, `minterAllowed` 13), Rescuable (`_rescuer` 14)
   * and EIP712Domain (`_DEPRECATED_CACHED_DOMAIN_SEPARATOR` 15).
   */
  authorizationStatesSlot: 16n,
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

/** What every call through the proxy that moves tokens reads: the proxy's two slots and the pause flag. */
const everyCallReads: readonly Hex[] = [
  fiatTokenStorage.implementationSlot,
  fiatTokenStorage.adminSlot,
  numberToHex(fiatTokenStorage.pausedSlot, { size: 32 }),
];

/** The slot of `authorizer`'s EIP-3009 `nonce` in FiatTokenV2's `_authorizationStates`. */
export function fiatTokenAuthorizationSlot(authorizer: Address, nonce: Hex): Hex {
  const inner = keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "uint256" }],
      [authorizer, fiatTokenStorage.authorizationStatesSlot],
    ),
  );
  return keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }], [nonce, inner]));
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
      storageKeys: [...everyCallReads, fiatTokenBalanceSlot(from), fiatTokenBalanceSlot(to)],
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

/**
 * The libraries linked into a FiatTokenV2_2 implementation (its `SignatureChecker`), read back from
 * its deployed code at the offsets Circle's artifact gives. An offset that holds no `PUSH20` of an
 * account with code (an implementation built otherwise) yields nothing: naming a wrong account in
 * an access list would cost 2,400 gas for nothing.
 *
 * @example
 * const [signatureChecker] = await readFiatTokenLibraries(client, implementation);
 */
export async function readFiatTokenLibraries(client: Client, implementation: Address): Promise<Address[]> {
  const code = await getCode(client, { address: implementation });
  if (code === undefined) return [];
  const bytes = hexToBytes(code);
  const found = new Set<Address>();
  for (const references of Object.values(FiatTokenV2_2.deployedLinkReferences)) {
    for (const offsets of Object.values(references)) {
      for (const { start, length } of offsets) {
        if (length !== 20 || bytes[start - 1] !== 0x73 || start + length > bytes.length) continue; // PUSH20
        found.add(getAddress(bytesToHex(bytes.subarray(start, start + length))));
      }
    }
  }
  const libraries: Address[] = [];
  for (const library of found) {
    const libraryCode = await getCode(client, { address: library });
    if (libraryCode !== undefined && libraryCode !== "0x") libraries.push(library);
  }
  return libraries;
}

/**
 * {@link readFiatTokenLibraries}, read once per client and implementation: an address's code never
 * changes, so the relayer does not fetch the implementation's 20 kB of code at every signing (an
 * upgrade by the issuer is a new implementation address, read afresh). A failed read is forgotten.
 */
const librariesRead = new WeakMap<Client, Map<Address, Promise<Address[]>>>();
function linkedLibraries(client: Client, implementation: Address): Promise<Address[]> {
  let byImplementation = librariesRead.get(client);
  if (byImplementation === undefined) {
    byImplementation = new Map();
    librariesRead.set(client, byImplementation);
  }
  const known = byImplementation.get(implementation);
  if (known !== undefined) return known;
  const read = readFiatTokenLibraries(client, implementation);
  byImplementation.set(implementation, read);
  read.catch(() => byImplementation.delete(implementation));
  return read;
}

/** Parameters of {@link fiatTokenReceiveAccessList}. */
export type FiatTokenReceiveAccessListParameters = {
  /** The token's proxy (the address users call). */
  token: Address;
  /** The FiatTokenV2_2 implementation the proxy delegates to. */
  implementation: Address;
  /** The libraries linked into it ({@link readFiatTokenLibraries}). */
  libraries: readonly Address[];
  /** Who signed the authorization and pays: the traveller. */
  payer: Address;
  /** The payee, which calls `receiveWithAuthorization`: the escrow. */
  payee: Address;
  /** The authorization's nonce: the quote's digest. */
  nonce: Hex;
};

/**
 * The EIP-2930 access list of one FiatTokenV2_2 `receiveWithAuthorization` (a gasless payment): the
 * proxy with the seven slots it reads (implementation, admin, pause flag, `name` for the EIP-712
 * domain, both balances, the authorization's nonce), the implementation and its linked
 * `SignatureChecker` without keys, and the payer, whose code size the signature check reads (an
 * ERC-1271 wallet would be asked for its signature instead). 100 gas an entry, about 1,100 a payment.
 *
 * @example
 * const accessList = fiatTokenReceiveAccessList({ token: usdc, implementation, libraries, payer, payee: escrow, nonce: digest });
 */
export function fiatTokenReceiveAccessList({
  token,
  implementation,
  libraries,
  payer,
  payee,
  nonce,
}: FiatTokenReceiveAccessListParameters): AccessList {
  return [
    {
      address: getAddress(token),
      storageKeys: [
        ...everyCallReads,
        numberToHex(fiatTokenStorage.nameSlot, { size: 32 }),
        fiatTokenBalanceSlot(payer),
        fiatTokenBalanceSlot(payee),
        fiatTokenAuthorizationSlot(payer, nonce),
      ],
    },
    { address: getAddress(implementation), storageKeys: [] },
    ...libraries.map((library) => ({ address: getAddress(library), storageKeys: [] })),
    { address: getAddress(payer), storageKeys: [] },
  ];
}

/** Parameters of {@link escrowAccessList}. */
export type EscrowAccessListParameters = {
  /** Reads the escrow (the authority's payout, a quote's digest) and the token's implementation. */
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

/**
 * What the token does in an escrow call the relayer sends: one transfer out of the escrow (a
 * settlement), or a `receiveWithAuthorization` into it (a gasless payment); `undefined` for any
 * other call.
 */
type TokenMove =
  | { kind: "transfer"; token: Address; to: Address }
  | { kind: "receive"; token: Address; payer: Address; nonce: Hex };

async function tokenMove(client: Client, escrow: Address, data: Hex): Promise<TokenMove | undefined> {
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
      return {
        kind: "transfer",
        token: low160(record.tokenAndDecisionDeadline),
        to: low160(record.payerAndExpiresAt),
      };
    }
    case "releaseEscrowByAuthority": {
      const [record] = call.args;
      return {
        kind: "transfer",
        token: low160(record.tokenAndDecisionDeadline),
        to: await payoutOf(record.authorityId),
      };
    }
    case "releaseEscrowMany": {
      const [authorityId, token] = call.args;
      return { kind: "transfer", token: getAddress(token), to: await payoutOf(authorityId) };
    }
    case "payWithAuthorization": {
      const [quote] = call.args;
      // The authorization's nonce is the quote's digest (VisaFeeEscrow.payWithAuthorization).
      const nonce = await readContract(client, {
        address: escrow,
        abi: VisaFeeEscrowAbi,
        functionName: "quoteDigest",
        args: [quote],
      });
      return { kind: "receive", token: getAddress(quote.token), payer: getAddress(quote.payer), nonce };
    }
    default:
      return undefined;
  }
}

/**
 * The access list the relayer attaches to an escrow call whose token is Circle's FiatTokenV2_2: a
 * settlement (`releaseEscrowByAuthority`, `refundPaymentFee`, `claimExpired`, `releaseEscrowMany`)
 * gets {@link fiatTokenTransferAccessList} of its one transfer out of the escrow, a gasless payment
 * (`payWithAuthorization`) {@link fiatTokenReceiveAccessList}. `undefined` for any other call or
 * token, and for a token whose proxy slot is empty. Derived from the transaction alone (and the
 * chain), so every version the relayer signs, bumped or re-sent, carries the same list. The local
 * chain (EDR) has no `eth_createAccessList`, and a node's answer would also name the escrow's
 * slots, which cost more than they save (the escrow is the transaction's `to`, warm already).
 *
 * @example
 * const accessList = await escrowAccessList({ client, escrow, data, fiatTokens: [deployment.tokens.USDC] });
 */
export async function escrowAccessList({
  client,
  escrow,
  data,
  fiatTokens,
}: EscrowAccessListParameters): Promise<AccessList | undefined> {
  const move = await tokenMove(client, escrow, data);
  if (move === undefined) return undefined;
  if (!fiatTokens.some((token) => getAddress(token) === move.token)) return undefined;
  const implementation = await readFiatTokenImplementation(client, move.token);
  if (implementation === undefined) return undefined;
  if (move.kind === "transfer") {
    return fiatTokenTransferAccessList({ token: move.token, implementation, from: escrow, to: move.to });
  }
  return fiatTokenReceiveAccessList({
    token: move.token,
    implementation,
    libraries: await linkedLibraries(client, implementation),
    payer: move.payer,
    payee: escrow,
    nonce: move.nonce,
  });
}
