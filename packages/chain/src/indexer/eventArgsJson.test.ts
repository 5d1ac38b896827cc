import { VisaFeeEscrow } from "@entrada/contracts";
import { decodeEventLog, encodeAbiParameters, encodeEventTopics, type Hex, keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { eventArgsFromJson, eventArgsToJson } from "./eventArgsJson.ts";

const id = keccak256(toHex("application-1"));
const authority = keccak256(toHex("authority"));
const payer = "0x2546BcD3c84621e976D8185a91A922aE77ECEc30";
const token = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

/** Encodes a log of the escrow's event and decodes it back the way the indexer's client does. */
function viaLog(eventName: "BatchPaid" | "FeesWithdrawn" | "EscrowReleased", args: Record<string, unknown>, data: Hex) {
  const topics = encodeEventTopics({ abi: VisaFeeEscrow.abi, eventName, args } as never);
  return decodeEventLog({ abi: VisaFeeEscrow.abi, topics: topics as never, data });
}

describe("eventArgsJson", () => {
  it("stores bigints as decimal strings and restores them, arrays included", () => {
    const decoded = viaLog(
      "BatchPaid",
      { batchId: id, authorityId: authority, payer },
      encodeAbiParameters(
        [{ type: "address" }, { type: "uint256[]" }, { type: "uint16" }, { type: "uint64" }, { type: "uint256" }],
        [token, [40_000_000n, 2n ** 255n], 10, 1_767_225_600n, 2n ** 255n + 40_000_040n],
      ),
    );
    const json = eventArgsToJson(decoded.args);
    expect(json).toEqual({
      batchId: id,
      authorityId: authority,
      payer,
      token,
      fees: ["40000000", (2n ** 255n).toString()],
      platformFeeBps: 10,
      decisionDeadline: "1767225600",
      total: (2n ** 255n + 40_000_040n).toString(),
    });
    // Through JSON text, as the jsonb column returns it.
    const restored = eventArgsFromJson(VisaFeeEscrow.abi, "BatchPaid", JSON.parse(JSON.stringify(json)));
    expect(restored).toEqual(decoded.args);
    expect(typeof restored.platformFeeBps).toBe("number");
  });

  it("restores every argument of a small event exactly", () => {
    const decoded = viaLog(
      "FeesWithdrawn",
      { token, treasury: payer },
      encodeAbiParameters([{ type: "uint256" }], [40_000n]),
    );
    expect(eventArgsFromJson(VisaFeeEscrow.abi, "FeesWithdrawn", eventArgsToJson(decoded.args))).toEqual({
      token,
      treasury: payer,
      amount: 40_000n,
    });
    // A settlement event carries the application id alone, in its data (not a topic: cheaper).
    const released = viaLog("EscrowReleased", {}, encodeAbiParameters([{ type: "bytes32" }], [id]));
    expect(eventArgsFromJson(VisaFeeEscrow.abi, "EscrowReleased", eventArgsToJson(released.args))).toEqual({
      applicationId: id,
    });
  });

  it("refuses an event the ABI does not have", () => {
    expect(() => eventArgsFromJson(VisaFeeEscrow.abi, "Transfer", {})).toThrow(
      new TypeError("eventArgsFromJson: no event Transfer"),
    );
  });
});
