import type { Address, TypedDataDomain } from "viem";

/** EIP-712 domain of a VisaFeeEscrow deployment (binds chain and contract: no cross-chain replay). */
export function escrowDomain(chainId: number, escrow: Address): TypedDataDomain {
  return { name: "Entrada VisaFeeEscrow", version: "1", chainId, verifyingContract: escrow };
}

/**
 * EIP-712 domain of Circle's USDC (FiatTokenV2_2): name "USD Coin" (the local chain's deployment
 * and Ethereum's; some chains name it "USDC"), version "2".
 */
export function usdcDomain(chainId: number, token: Address, name = "USD Coin"): TypedDataDomain {
  return { name, version: "2", chainId, verifyingContract: token };
}

/**
 * EIP-712 types of a single-application quote (see IVisaFeeEscrow.Quote). Settlement passes the same
 * quote back packed (`toEscrowRecord`), and the escrow re-hashes it with these types.
 */
export const quoteTypes = {
  Quote: [
    { name: "applicationId", type: "bytes32" },
    { name: "authorityId", type: "bytes32" },
    { name: "token", type: "address" },
    { name: "payer", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "platformFee", type: "uint256" },
    { name: "decisionDeadline", type: "uint64" },
    { name: "expiresAt", type: "uint64" },
  ],
} as const;

/** EIP-712 types of a batch quote (see IVisaFeeEscrow.BatchQuote). */
export const batchQuoteTypes = {
  BatchQuote: [
    { name: "batchId", type: "bytes32" },
    { name: "authorityId", type: "bytes32" },
    { name: "token", type: "address" },
    { name: "payer", type: "address" },
    { name: "fees", type: "uint256[]" },
    { name: "platformFeeBps", type: "uint16" },
    { name: "decisionDeadline", type: "uint64" },
    { name: "expiresAt", type: "uint64" },
  ],
} as const;

/** EIP-2612 permit types. */
export const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** EIP-3009 ReceiveWithAuthorization types (what a traveller signs for a gasless payment). */
export const receiveWithAuthorizationTypes = {
  ReceiveWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/** EIP-3009 TransferWithAuthorization types. */
export const transferWithAuthorizationTypes = {
  TransferWithAuthorization: receiveWithAuthorizationTypes.ReceiveWithAuthorization,
} as const;

/** EIP-3009 CancelAuthorization types. */
export const cancelAuthorizationTypes = {
  CancelAuthorization: [
    { name: "authorizer", type: "address" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;
