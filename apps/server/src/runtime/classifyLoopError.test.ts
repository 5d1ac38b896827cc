import {
  ChainChangedDuringSyncError,
  ChainIdMismatchError,
  IndexerCursorMovedError,
  RelayedCallRevertedError,
  ReorgTooDeepError,
} from "@entrada/chain";
import { HttpRequestError } from "viem";
import { expect, test } from "vitest";
import { ConfigError } from "../config.ts";
import { classifyLoopError } from "./classifyLoopError.ts";

const escrow = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

test("errors only an operator can fix are fatal, even when wrapped", () => {
  const deep = new ReorgTooDeepError({ chainId: 31337, address: escrow, finalizedBlock: 12n });
  expect(classifyLoopError(deep)).toBe("fatal");
  expect(classifyLoopError(new Error("sync failed", { cause: deep }))).toBe("fatal");
  expect(classifyLoopError(new ChainIdMismatchError({ expected: 8453, actual: 1 }))).toBe("fatal");
  expect(classifyLoopError(new ConfigError(["CHAIN_ID: must be a whole number"]))).toBe("fatal");
});

test("a reorg mid-read, a moved cursor, the network and the database restarting are retryable", () => {
  const cases: unknown[] = [
    new ChainChangedDuringSyncError({ blockNumber: 5n, expected: "0x01", actual: "0x02" }),
    new IndexerCursorMovedError({ chainId: 31337, address: escrow }),
    new HttpRequestError({ url: "https://rpc.example/v2/key", details: "fetch failed" }),
    new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }),
    // Drizzle wraps the driver's error; PostgreSQL's "terminating connection due to administrator command".
    new Error("Failed query: select 1", { cause: Object.assign(new Error("terminating"), { code: "57P01" }) }),
    new Error("Connection terminated unexpectedly"),
    { retryable: true, message: "a plain object that says so" },
  ];
  for (const error of cases) expect(classifyLoopError(error), String(error)).toBe("retryable");
});

test("anything else is unexpected: retried, but logged as an error", () => {
  expect(classifyLoopError(new TypeError("Cannot read properties of undefined"))).toBe("unexpected");
  expect(classifyLoopError("a string")).toBe("unexpected");
  expect(classifyLoopError(undefined)).toBe("unexpected");
  // Not retryable by its own flag, yet no reason to stop every loop of the process.
  const reverted = new RelayedCallRevertedError({ key: "k", errorName: "X", args: [], error: "X()" });
  expect(reverted.retryable).toBe(false);
  expect(classifyLoopError(reverted)).toBe("unexpected");
  // A unique violation is a bug here, not a passing condition.
  expect(classifyLoopError(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe("unexpected");
});
