import { type BaseErrorParameters, CodedError } from "@entrada/core";

/** One entry of {@link chainErrorCodes}. */
export type ChainErrorCodeEntry = {
  /** HTTP status the API answers with when the error reaches it. */
  readonly status: number;
  /** What the code means and what the caller or operator can do about it. */
  readonly description: string;
};

/**
 * The stable error codes of `@entrada/chain`, beside the domain codes of `errorCodes` in
 * `@entrada/core` (a closed registry this package cannot extend). A published code is never renamed
 * or reused for another meaning.
 *
 * @example
 * chainErrorCodes.ENTRADA_DEV_KEY_ON_LIVE_CHAIN.status // 500
 */
export const chainErrorCodes = {
  ENTRADA_DEV_KEY_ON_LIVE_CHAIN: {
    status: 500,
    description:
      "A well-known development key (Hardhat's public mnemonic) was configured for a chain that is not a development chain; anyone can spend from it. Configure a private key.",
  },
  ENTRADA_CHAIN_ID_MISMATCH: {
    status: 500,
    description: "The RPC endpoint serves another chain than the one configured (CHAIN_ID and CHAIN_RPC_URL disagree).",
  },
  ENTRADA_FEED_CONFIG_INVALID: {
    status: 500,
    description: 'A price feed is configured under a name that is not a currency pair such as "GBP/USD".',
  },
  ENTRADA_RELAYER_KEY_CONFLICT: {
    status: 409,
    description:
      "The relayer already sent another transaction under this idempotency key; a key names exactly one transaction.",
  },
  ENTRADA_RELAYED_CALL_REVERTED: {
    status: 422,
    description:
      "The transaction would revert (`details.error` names the contract error), so the relayer did not send it and recorded nothing.",
  },
  ENTRADA_CHAIN_CHANGED: {
    status: 503,
    description: "The chain changed (a reorg) while a block range was being read; nothing was stored. Retry.",
  },
  ENTRADA_INDEXER_CURSOR_MOVED: {
    status: 503,
    description:
      "Another indexer process moved the cursor while this one worked on the same range; nothing was stored.",
  },
  ENTRADA_REORG_TOO_DEEP: {
    status: 500,
    description:
      "A reorg reached below the indexer's final block (its reorg depth limit, or the finalized tag): derived state cannot be rolled back automatically. An operator must re-index.",
  },
  ENTRADA_CHAIN_UNKNOWN: {
    status: 500,
    description:
      "Entrada has no profile of this chain id (its tokens, feeds and confirmation policy): use one of the registry's chains, or the local chain.",
  },
  ENTRADA_REMOTE_SIGNER_UNAVAILABLE: {
    status: 503,
    description:
      "The remote signer did not answer in time, could not be reached or answered with a server error. Nothing was signed; retry.",
  },
  ENTRADA_REMOTE_SIGNER_REFUSED: {
    status: 502,
    description:
      "The remote signer refused the request: a bad bearer token (401/403), an unknown key, or a JSON-RPC error. `details.reason` says which.",
  },
  ENTRADA_REMOTE_SIGNER_MISMATCH: {
    status: 502,
    description:
      "The remote signer does not hold the configured address or key, or returned a signature, signed transaction or public key that is not the one asked for. Nothing it returned was used.",
  },
} as const satisfies Record<string, ChainErrorCodeEntry>;

/** A stable error code of the chain package, for example `"ENTRADA_DEV_KEY_ON_LIVE_CHAIN"`. */
export type ChainErrorCode = keyof typeof chainErrorCodes;

/** Parameters of {@link ChainError}: core's, with a code of {@link chainErrorCodes}. */
export type ChainErrorParameters = Omit<BaseErrorParameters, "code"> & { code: ChainErrorCode };

/**
 * Base class of the errors `@entrada/chain` throws on purpose: the shape of core's `BaseError`
 * (`code`, `status`, `shortMessage`, `details`, `metaMessages`, `toJSON()`, and Ponder's split into
 * `retryable` and not), for the codes of {@link chainErrorCodes}.
 *
 * @example
 * try {
 *   assertKeyAllowedOnChain(8453, devAccount(0).address);
 * } catch (error) {
 *   if (error instanceof ChainError) console.error(error.code); // ENTRADA_DEV_KEY_ON_LIVE_CHAIN
 * }
 */
export class ChainError extends CodedError<ChainErrorCode> {
  override name = "ChainError";

  constructor(shortMessage: string, parameters: ChainErrorParameters) {
    super(shortMessage, { ...parameters, status: chainErrorCodes[parameters.code].status });
  }
}

/**
 * A well-known development key on a chain that is not a development chain.
 *
 * @example
 * createRelayer({ chainId: 137, account: devAccount(3), … }) // throws DevKeyOnLiveChainError
 */
export class DevKeyOnLiveChainError extends ChainError {
  override name = "DevKeyOnLiveChainError" as const;
  constructor({ chainId, address }: { chainId: number; address: string }) {
    super(`Refusing to use the development account ${address} on chain ${chainId}: its private key is public.`, {
      code: "ENTRADA_DEV_KEY_ON_LIVE_CHAIN",
      details: { chainId, address },
      metaMessages: [
        `${address} derives from Hardhat's mnemonic "test test … junk"; anyone can sign with it.`,
        "Development keys are allowed on development chains only (31337, 1337). Configure a private key.",
      ],
    });
  }
}

/**
 * The RPC endpoint's chain id is not the configured one.
 *
 * @example
 * await relayer.send(request) // throws ChainIdMismatchError when CHAIN_RPC_URL serves another chain
 */
export class ChainIdMismatchError extends ChainError {
  override name = "ChainIdMismatchError" as const;
  constructor({ expected, actual }: { expected: number; actual: number }) {
    super(`The RPC endpoint serves chain ${actual}, but chain ${expected} is configured.`, {
      code: "ENTRADA_CHAIN_ID_MISMATCH",
      details: { expected, actual },
    });
  }
}

/**
 * A price feed's name is not a currency pair.
 *
 * @example
 * createFeedPriceSource({ client, name: "chainlink", feeds: { GBPUSD: "0x…" } }) // throws InvalidFeedConfigError
 */
export class InvalidFeedConfigError extends ChainError {
  override name = "InvalidFeedConfigError" as const;
  constructor({ pair, reason }: { pair: string; reason: string }) {
    super(`Price feed "${pair.slice(0, 32)}": ${reason}.`, {
      code: "ENTRADA_FEED_CONFIG_INVALID",
      details: { pair: pair.slice(0, 32), reason },
    });
  }
}

/**
 * A relayer idempotency key was reused for another transaction.
 *
 * @example
 * await relayer.send({ key: digest, to: escrow, data: otherCall }) // throws RelayerKeyConflictError
 */
export class RelayerKeyConflictError extends ChainError {
  override name = "RelayerKeyConflictError" as const;
  constructor({ key, field }: { key: string; field: string }) {
    super(`The relayer key "${key.slice(0, 80)}" was used for another transaction (its ${field} differs).`, {
      code: "ENTRADA_RELAYER_KEY_CONFLICT",
      details: { key: key.slice(0, 255), field },
    });
  }
}

/**
 * The relayer's pre-flight (gas estimation) reverted: nothing was signed, sent or recorded, so the
 * caller may fix the call (a new signature, say) and send again under the same key.
 *
 * @example
 * await relayer.send({ key, to: escrow, data: releaseByStranger }) // throws RelayedCallRevertedError (EscrowUnauthorizedSettler)
 */
export class RelayedCallRevertedError extends ChainError {
  override name = "RelayedCallRevertedError" as const;
  /** The decoded contract error, or `undefined` when the revert carries none the ABI knows. */
  readonly errorName: string | undefined;
  readonly args: readonly unknown[];
  constructor({
    key,
    errorName,
    args,
    error,
    cause,
  }: { key: string; errorName: string | undefined; args: readonly unknown[]; error: string; cause?: unknown }) {
    super(`The transaction would revert with ${error}; it was not sent.`, {
      code: "ENTRADA_RELAYED_CALL_REVERTED",
      details: { key: key.slice(0, 255), error },
      cause,
    });
    this.errorName = errorName;
    this.args = args;
  }
}

/**
 * The chain reorganised while the indexer read a range; nothing was stored and the next sync retries.
 *
 * @example
 * await indexer.syncOnce() // throws ChainChangedDuringSyncError when a reorg lands mid-read
 */
export class ChainChangedDuringSyncError extends ChainError {
  override name = "ChainChangedDuringSyncError" as const;
  constructor({ blockNumber, expected, actual }: { blockNumber: bigint; expected: string; actual: string }) {
    super(`Block ${blockNumber} changed while its range was read; nothing was stored.`, {
      code: "ENTRADA_CHAIN_CHANGED",
      details: { blockNumber: blockNumber.toString(), expected, actual },
      retryable: true,
    });
  }
}

/**
 * Another indexer process moved the cursor first; this one's transaction was rolled back.
 *
 * @example
 * await indexer.syncOnce() // throws IndexerCursorMovedError when two processes race on one range
 */
export class IndexerCursorMovedError extends ChainError {
  override name = "IndexerCursorMovedError" as const;
  constructor({ chainId, address }: { chainId: number; address: string }) {
    super(`The indexer cursor of ${address} on chain ${chainId} was moved by another process.`, {
      code: "ENTRADA_INDEXER_CURSOR_MOVED",
      details: { chainId, address },
      retryable: true,
    });
  }
}

/**
 * A reorg reached below the indexer's final block; derived state cannot be rolled back safely.
 *
 * @example
 * await indexer.syncOnce() // throws ReorgTooDeepError; an operator re-indexes
 */
export class ReorgTooDeepError extends ChainError {
  override name = "ReorgTooDeepError" as const;
  constructor({ chainId, address, finalizedBlock }: { chainId: number; address: string; finalizedBlock: bigint }) {
    super(
      `A reorg on chain ${chainId} reached below block ${finalizedBlock}, which the indexer of ${address} took as final.`,
      {
        code: "ENTRADA_REORG_TOO_DEEP",
        details: { chainId, address, finalizedBlock: finalizedBlock.toString() },
        metaMessages: [
          "Raise maxReorgDepth (or wait for the finalized tag), then re-index from the escrow's start block.",
        ],
      },
    );
  }
}

/**
 * A chain id that {@link chainRegistry} has no profile of.
 *
 * @example
 * requireChainProfile(999) // throws UnknownChainError
 */
export class UnknownChainError extends ChainError {
  override name = "UnknownChainError" as const;
  constructor({ chainId, known }: { chainId: number; known: readonly number[] }) {
    super(`Entrada has no profile of chain ${chainId}.`, {
      code: "ENTRADA_CHAIN_UNKNOWN",
      details: { chainId, known: [...known] },
      metaMessages: [`Known chains: ${known.join(", ")}.`],
    });
  }
}

/** Why a remote signer's answer was not used; `details.reason` of the remote signer errors. */
export type RemoteSignerFailure =
  | "timeout"
  | "network"
  | "server"
  | "unauthorized"
  | "rpc_error"
  | "malformed"
  | "address_not_served"
  | "wrong_signer"
  | "transaction_altered";

/**
 * The remote signer could not be reached, timed out or failed on its side: nothing was signed, and
 * the caller may retry (`retryable`).
 *
 * @example
 * await signer.signTypedData(quote) // throws RemoteSignerUnavailableError when the signer is down
 */
export class RemoteSignerUnavailableError extends ChainError {
  override name = "RemoteSignerUnavailableError" as const;
  constructor({ method, reason, cause }: { method: string; reason: RemoteSignerFailure; cause?: unknown }) {
    super(`The remote signer did not answer ${method} (${reason}).`, {
      code: "ENTRADA_REMOTE_SIGNER_UNAVAILABLE",
      details: { method, reason },
      cause,
      retryable: true,
    });
  }
}

/**
 * The remote signer answered, but refused: a bad token, an unknown key, a JSON-RPC error.
 *
 * @example
 * await signer.signMessage({ message }) // throws RemoteSignerRefusedError when the bearer token is wrong
 */
export class RemoteSignerRefusedError extends ChainError {
  override name = "RemoteSignerRefusedError" as const;
  constructor({ method, reason, status }: { method: string; reason: RemoteSignerFailure; status?: number }) {
    super(`The remote signer refused ${method} (${reason}${status === undefined ? "" : `, HTTP ${status}`}).`, {
      code: "ENTRADA_REMOTE_SIGNER_REFUSED",
      details: { method, reason, ...(status === undefined ? {} : { status }) },
    });
  }
}

/**
 * The remote signer's answer does not hold: it serves another key, or what it signed is not what it
 * was asked to sign. Never used, never retried blindly.
 *
 * @example
 * await signer.signTransaction(tx) // throws RemoteSignerMismatchError when the returned transaction differs
 */
export class RemoteSignerMismatchError extends ChainError {
  override name = "RemoteSignerMismatchError" as const;
  constructor({
    method,
    reason,
    address,
    keyId,
  }: {
    method: string;
    reason: RemoteSignerFailure;
    /** The EVM key's address, or… */
    address?: string | undefined;
    /** …the id of a JWS (ES256) key, such as the credential issuer's. */
    keyId?: string | undefined;
  }) {
    super(`The remote signer's answer to ${method} does not hold for ${address ?? `key ${keyId}`} (${reason}).`, {
      code: "ENTRADA_REMOTE_SIGNER_MISMATCH",
      details: { method, reason, ...(address === undefined ? { keyId: keyId ?? null } : { address }) },
    });
  }
}
