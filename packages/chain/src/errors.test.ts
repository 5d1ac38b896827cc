import { describe, expect, it } from "vitest";
import {
  ChainChangedDuringSyncError,
  ChainError,
  ChainIdMismatchError,
  chainErrorCodes,
  DevKeyOnLiveChainError,
  IndexerCursorMovedError,
  InvalidFeedConfigError,
  RelayedCallRevertedError,
  RelayerKeyConflictError,
  RemoteSignerMismatchError,
  RemoteSignerRefusedError,
  RemoteSignerUnavailableError,
  ReorgTooDeepError,
  UnknownChainError,
} from "./errors.ts";

const address = "0x00000000000000000000000000000000000000e5";

const examples: ChainError[] = [
  new DevKeyOnLiveChainError({ chainId: 8453, address }),
  new ChainIdMismatchError({ expected: 8453, actual: 31337 }),
  new InvalidFeedConfigError({ pair: "GBPUSD", reason: "not a pair" }),
  new RelayerKeyConflictError({ key: "release:1", field: "data" }),
  new RelayedCallRevertedError({ key: "k", errorName: "EscrowNotOpen", args: ["0x01"], error: "EscrowNotOpen(0x01)" }),
  new ChainChangedDuringSyncError({ blockNumber: 12n, expected: "0xaa", actual: "0xbb" }),
  new IndexerCursorMovedError({ chainId: 1, address }),
  new ReorgTooDeepError({ chainId: 1, address, finalizedBlock: 99n }),
  new UnknownChainError({ chainId: 999, known: [1, 8453] }),
  new RemoteSignerUnavailableError({ method: "eth_signTransaction", reason: "timeout" }),
  new RemoteSignerRefusedError({ method: "eth_sign", reason: "unauthorized", status: 401 }),
  new RemoteSignerMismatchError({ method: "eth_signTransaction", reason: "transaction_altered", address }),
];

describe("chain errors", () => {
  it("cover every code once, each with the status of its code", () => {
    expect(examples.map((error) => error.code).sort()).toEqual(Object.keys(chainErrorCodes).sort());
    for (const error of examples) {
      expect(error).toBeInstanceOf(ChainError);
      expect(error.status).toBe(chainErrorCodes[error.code].status);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it("say which are worth retrying", () => {
    expect(examples.filter((error) => error.retryable).map((error) => error.name)).toEqual([
      "ChainChangedDuringSyncError",
      "IndexerCursorMovedError",
      "RemoteSignerUnavailableError",
    ]);
  });

  it("send only the short message and details to clients", () => {
    expect(new RelayerKeyConflictError({ key: "release:1", field: "data" }).toJSON()).toEqual({
      code: "ENTRADA_RELAYER_KEY_CONFLICT",
      message: 'The relayer key "release:1" was used for another transaction (its data differs).',
      details: { key: "release:1", field: "data" },
    });
    const error = new ReorgTooDeepError({ chainId: 1, address, finalizedBlock: 99n });
    expect(error.message).toBe(
      [
        `A reorg on chain 1 reached below block 99, which the indexer of ${address} took as final.`,
        "",
        "Raise maxReorgDepth (or wait for the finalized tag), then re-index from the escrow's start block.",
        "",
        `Details: {"chainId":1,"address":"${address}","finalizedBlock":"99"}`,
        "Code: ENTRADA_REORG_TOO_DEEP",
      ].join("\n"),
    );
  });
});
