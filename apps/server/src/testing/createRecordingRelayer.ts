import { type Hex, keccak256, stringToHex } from "viem";
import type { Relayer, RelayerSendParameters, RelayerSendReturnType } from "../chain/Relayer.ts";

/** A {@link Relayer} for tests: records what it is asked to send, idempotent per key like the real one. */
export type RecordingRelayer = Relayer & {
  /** Every distinct request, in order. */
  readonly sent: RelayerSendParameters[];
  /** Makes the next `send` throw, as a relayer whose RPC is down. */
  failNext(error?: Error): void;
};

/** The address test relayers send from: a made-up one, nobody's key. */
const testRelayerAddress: Hex = "0x000000000000000000000000000000000000beef";

/**
 * The record a relayer keeps of a transaction it sent (a `relayer_transactions` row), for test
 * relayers: the request and the hash, with plausible values for the rest; `overrides` set any field.
 *
 * @example
 * relayerRecord({ key: "k", to, data }, { hash, status: "mined" })
 */
export function relayerRecord(
  request: RelayerSendParameters,
  overrides: Partial<RelayerSendReturnType> = {},
): RelayerSendReturnType {
  const hash = overrides.hash ?? keccak256(stringToHex(request.key));
  const now = new Date();
  return {
    id: 0,
    key: request.key,
    chainId: 31337,
    from: testRelayerAddress,
    to: request.to.toLowerCase() as Hex,
    data: request.data.toLowerCase() as Hex,
    value: request.value ?? 0n,
    nonce: 0,
    gas: 0n,
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
    hash,
    hashes: [hash],
    status: "pending",
    attempts: 1,
    error: null,
    blockNumber: null,
    gasUsed: null,
    createdAt: now,
    updatedAt: now,
    sentAt: now,
    settledAt: null,
    ...overrides,
  };
}

/**
 * A relayer that sends nothing: it answers a deterministic hash per key.
 *
 * @example
 * const relayer = createRecordingRelayer();
 * await relayer.send({ key: "k", to, data }); // { key: "k", hash: keccak256("k"), status: "pending", … }
 */
export function createRecordingRelayer(): RecordingRelayer {
  const sent: RelayerSendParameters[] = [];
  const byKey = new Map<string, RelayerSendReturnType>();
  let failure: Error | undefined;
  return {
    sent,
    failNext(error = new Error("relayer down")) {
      failure = error;
    },
    async send(parameters) {
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
      const known = byKey.get(parameters.key);
      if (known !== undefined) return known;
      sent.push(parameters);
      const record = relayerRecord(parameters, { id: sent.length, nonce: sent.length - 1 });
      byKey.set(parameters.key, record);
      return record;
    },
    async get(key) {
      return byKey.get(key);
    },
  };
}
