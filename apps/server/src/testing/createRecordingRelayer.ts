import { type Hex, keccak256, stringToHex } from "viem";
import type { Relayer, RelayerSendParameters, RelayerSendReturnType } from "../chain/Relayer.ts";

/** A {@link Relayer} for tests: records what it is asked to send, idempotent per key like the real one. */
export type RecordingRelayer = Relayer & {
  /** Every distinct request, in order. */
  readonly sent: RelayerSendParameters[];
  /** Makes the next `send` throw, as a relayer whose RPC is down. */
  failNext(error?: Error): void;
};

/**
 * A relayer that sends nothing: it answers a deterministic hash per key.
 *
 * @example
 * const relayer = createRecordingRelayer();
 * await relayer.send({ key: "k", to, data }); // { key: "k", hash: keccak256("k"), status: "pending" }
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
      const result = { key: parameters.key, hash: keccak256(stringToHex(parameters.key)) as Hex, status: "pending" };
      byKey.set(parameters.key, result);
      return result;
    },
  };
}
