import {
  type Address,
  bytesToHex,
  getAddress,
  getTypesForEIP712Domain,
  type Hex,
  isAddressEqual,
  isHex,
  parseTransaction,
  recoverMessageAddress,
  recoverTransactionAddress,
  recoverTypedDataAddress,
  type SerializeTransactionFn,
  serializeTransaction,
  serializeTypedData,
  stringToHex,
  type TransactionSerializable,
  type TransactionSerialized,
  type TypedDataDefinition,
  toHex,
} from "viem";
import { toAccount } from "viem/accounts";
import { type RemoteSignerFailure, RemoteSignerMismatchError } from "../errors.ts";
import { createSignerRpc } from "./createSignerRpc.ts";
import type { Signer } from "./Signer.ts";

/** Parameters of {@link createRemoteSigner}. */
export type CreateRemoteSignerParameters = {
  /** The signer's JSON-RPC endpoint, e.g. Web3Signer's `http://signer:9000`. */
  url: string;
  /** The key it signs with; every signature it returns is checked against it. */
  address: Address;
  /** Sent as `Authorization: Bearer …` when set. Never logged, never in an error. */
  bearerToken?: string | undefined;
  /** Longest wait for one answer, in ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /**
   * The HTTP client. Default: the global `fetch`; the server passes its outbound client, whose policy
   * says which addresses the signer may be at.
   */
  fetch?: typeof globalThis.fetch | undefined;
};

/** A {@link Signer} whose key lives in a remote signer; `verify()` checks that it holds the key. */
export type RemoteSigner = Signer & {
  /**
   * Asks the signer which keys it holds (`eth_accounts`) and throws
   * {@link RemoteSignerMismatchError} when the configured address is not among them. Start-up calls
   * it, so that a wrong address stops the server rather than its first payment.
   */
  verify(): Promise<void>;
};

const signatureLength = 132; // 0x + 65 bytes

/**
 * A {@link Signer} whose private key never enters this process: it asks a remote signer over HTTP
 * with JSON-RPC, in the dialect of Web3Signer's Eth1 API (Consensys, "Web3Signer JSON-RPC API"), which
 * KMS-backed signers and Clef-style proxies also speak:
 *
 * | signer method | params | result |
 * | --- | --- | --- |
 * | `eth_accounts` | `[]` | the addresses it holds |
 * | `eth_sign` | `[address, data]` | signature of `keccak256("\x19Ethereum Signed Message:\n" + len(data) + data)` |
 * | `eth_signTypedData` | `[address, typedDataJson]` | EIP-712 signature (the JSON of `eth_signTypedData_v4`) |
 * | `eth_signTransaction` | `[{ from, to, gas, nonce, value, data, chainId, type, fee fields }]` | the signed raw transaction |
 *
 * Nothing the signer returns is trusted: every signature is recovered and must be the configured
 * address's, and a signed transaction must be the very transaction asked for (same chain, nonce,
 * recipient, data, value, gas and fees), or {@link RemoteSignerMismatchError} is thrown. A timeout, a
 * network failure or a 5xx is {@link RemoteSignerUnavailableError} (retryable); a 401/403 or a JSON-RPC
 * error is {@link RemoteSignerRefusedError}.
 *
 * @example
 * const relayer = createRemoteSigner({ url: "https://signer.internal:9000", address: "0x…", bearerToken, fetch: outbound.fetch });
 * await relayer.verify();
 * createRelayer({ db, client, chainId, account: relayer, bumpAfterMs: 30_000 });
 */
export function createRemoteSigner(parameters: CreateRemoteSignerParameters): RemoteSigner {
  const { url, bearerToken, timeoutMs = 10_000, fetch: fetchFn = globalThis.fetch } = parameters;
  const address = getAddress(parameters.address);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`createRemoteSigner: timeoutMs must be a positive whole number, got ${timeoutMs}`);
  }
  const call = createSignerRpc({ url, bearerToken, timeoutMs, fetch: fetchFn, key: { address } });

  function signatureOf(method: string, result: unknown): Hex {
    if (!isHex(result) || result.length !== signatureLength) {
      throw new RemoteSignerMismatchError({ method, reason: "malformed", address });
    }
    return result;
  }

  function mustBeSigner(method: string, recovered: Address, reason: RemoteSignerFailure = "wrong_signer"): void {
    if (!isAddressEqual(recovered, address)) throw new RemoteSignerMismatchError({ method, reason, address });
  }

  const account = toAccount({
    address,
    async signMessage({ message }) {
      const data =
        typeof message === "string"
          ? stringToHex(message)
          : typeof message.raw === "string"
            ? message.raw
            : bytesToHex(message.raw);
      const signature = signatureOf("eth_sign", await call("eth_sign", [address, data]));
      mustBeSigner("eth_sign", await recoverMessageAddress({ message, signature }));
      return signature;
    },
    async signTypedData(typedData) {
      const json = typedDataJson(typedData as TypedDataDefinition);
      const signature = signatureOf("eth_signTypedData", await call("eth_signTypedData", [address, json]));
      mustBeSigner(
        "eth_signTypedData",
        await recoverTypedDataAddress({
          ...(typedData as unknown as Parameters<typeof recoverTypedDataAddress>[0]),
          signature,
        }),
      );
      return signature;
    },
    async signTransaction(transaction, options) {
      const method = "eth_signTransaction";
      const request = toRpcTransaction(address, transaction);
      const raw = await call(method, [request]);
      if (!isHex(raw) || raw.length < 4) throw new RemoteSignerMismatchError({ method, reason: "malformed", address });
      let signed: TransactionSerializable;
      try {
        signed = parseTransaction(raw as TransactionSerialized);
      } catch {
        throw new RemoteSignerMismatchError({ method, reason: "malformed", address });
      }
      if (!sameTransaction(transaction, signed)) {
        throw new RemoteSignerMismatchError({ method, reason: "transaction_altered", address });
      }
      mustBeSigner(method, await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerialized }));
      // What the caller's serializer makes of the signed fields is what goes on the wire; for the
      // types signed here it is the signer's own encoding.
      const serializer = (options?.serializer ??
        serializeTransaction) as SerializeTransactionFn<TransactionSerializable>;
      const { r, s, v, yParity } = signed as { r: Hex; s: Hex; v?: bigint; yParity?: number };
      const signature =
        yParity === undefined ? { r, s, v: v ?? 0n } : { r, s, yParity, ...(v === undefined ? {} : { v }) };
      return serializer(transaction, signature);
    },
  });

  return {
    ...account,
    source: "remote",
    async verify() {
      const result = await call("eth_accounts", []);
      if (!Array.isArray(result))
        throw new RemoteSignerMismatchError({ method: "eth_accounts", reason: "malformed", address });
      const served = result.some(
        (entry) =>
          typeof entry === "string" && isHex(entry) && entry.length === 42 && isAddressEqual(entry as Address, address),
      );
      if (!served)
        throw new RemoteSignerMismatchError({ method: "eth_accounts", reason: "address_not_served", address });
    },
  };
}

/** The JSON-RPC transaction object of `eth_signTransaction`: quantities as hex, the sender as `from`. */
function toRpcTransaction(from: Address, transaction: TransactionSerializable): Record<string, unknown> {
  const type = transaction.type ?? (transaction.maxFeePerGas !== undefined ? "eip1559" : "legacy");
  if (type !== "eip1559" && type !== "legacy" && type !== "eip2930") {
    // Blob and EIP-7702 transactions are never sent by Entrada; a signer may not know them.
    throw new TypeError(`createRemoteSigner: cannot sign a ${type} transaction remotely`);
  }
  const quantity = (value: bigint | number | undefined) => (value === undefined ? undefined : toHex(value));
  const fields: Record<string, unknown> = {
    from,
    to: transaction.to ?? undefined,
    gas: quantity(transaction.gas),
    nonce: quantity(transaction.nonce),
    value: quantity(transaction.value ?? 0n),
    data: transaction.data ?? "0x",
    chainId: quantity(transaction.chainId),
    type: type === "eip1559" ? "0x2" : type === "eip2930" ? "0x1" : "0x0",
    gasPrice: quantity(transaction.gasPrice),
    maxFeePerGas: quantity(transaction.maxFeePerGas),
    maxPriorityFeePerGas: quantity(transaction.maxPriorityFeePerGas),
    accessList: transaction.accessList,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * `eth_signTypedData_v4`'s JSON: the `EIP712Domain` type spelled out (viem's serializer keeps only
 * the domain fields its types name) and integers as decimal strings.
 */
function typedDataJson(typedData: TypedDataDefinition): string {
  const domain = typedData.domain ?? {};
  const types = { EIP712Domain: getTypesForEIP712Domain({ domain }), ...typedData.types };
  return serializeTypedData({ ...typedData, domain, types } as Parameters<typeof serializeTypedData>[0]);
}

/** Whether the signed transaction is the one asked for, field by field. */
function sameTransaction(asked: TransactionSerializable, signed: TransactionSerializable): boolean {
  const lower = (value: string | null | undefined) => (value ?? "").toLowerCase();
  const data = (value: Hex | undefined) => (value === undefined || value === "0x" ? "0x" : value.toLowerCase());
  return (
    asked.chainId === signed.chainId &&
    (asked.nonce ?? 0) === (signed.nonce ?? 0) &&
    lower(asked.to) === lower(signed.to) &&
    data(asked.data) === data(signed.data) &&
    (asked.value ?? 0n) === (signed.value ?? 0n) &&
    asked.gas === signed.gas &&
    asked.gasPrice === signed.gasPrice &&
    asked.maxFeePerGas === signed.maxFeePerGas &&
    asked.maxPriorityFeePerGas === signed.maxPriorityFeePerGas
  );
}
