import { encodeSettlementCall, VisaFeeEscrow } from "@entrada/contracts";
import { createEscrowFixture, type EscrowFixture } from "@entrada/contracts/testing";
import { createPublicClient, encodeErrorResult, http } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeRevertReason } from "./decodeRevertReason.ts";
import { escrowErrorAbi } from "./escrowErrorAbi.ts";

let f: EscrowFixture;
beforeAll(async () => {
  f = await createEscrowFixture();
});

/** The error of estimating `data` sent to the escrow by the stranger. */
async function estimateError(data: `0x${string}`): Promise<unknown> {
  try {
    await f.chain.publicClient.estimateGas({ account: f.accounts.stranger.address, to: f.escrow, data });
  } catch (error) {
    return error;
  }
  throw new Error("expected the estimate to revert");
}

describe("decodeRevertReason", () => {
  it("decodes the escrow's custom error and its arguments", async () => {
    const quote = await f.makeQuote({ payer: f.accounts.payers[0]!.address });
    const data = encodeSettlementCall("release", quote);
    const stranger = f.accounts.stranger.address;
    expect(decodeRevertReason(await estimateError(data), escrowErrorAbi)).toEqual({
      errorName: "EscrowUnauthorizedSettler",
      args: [quote.authorityId, stranger],
      text: `EscrowUnauthorizedSettler(${quote.authorityId}, ${stranger})`,
    });
  });

  it("decodes errors of a call replayed at a block as well", async () => {
    const quote = await f.makeQuote({ payer: f.accounts.payers[0]!.address });
    const data = encodeSettlementCall("claimExpired", quote);
    const error = await f.chain.publicClient
      .call({
        account: f.accounts.stranger.address,
        to: f.escrow,
        data,
        blockNumber: await f.chain.publicClient.getBlockNumber(),
      })
      .catch((e: unknown) => e);
    // Nothing to claim before the decision deadline.
    expect(decodeRevertReason(error, escrowErrorAbi)?.text).toBe(
      `EscrowDeadlineNotPassed(${quote.applicationId}, ${quote.decisionDeadline})`,
    );
  });

  it("keeps the raw data when the ABI does not know the error", async () => {
    const quote = await f.makeQuote({ payer: f.accounts.payers[0]!.address });
    const data = encodeSettlementCall("claimExpired", quote);
    const reason = decodeRevertReason(await estimateError(data), []);
    expect(reason).toEqual({
      errorName: undefined,
      args: [],
      text: `reverted with ${encodeErrorResult({
        abi: VisaFeeEscrow.abi,
        errorName: "EscrowDeadlineNotPassed",
        args: [quote.applicationId, quote.decisionDeadline],
      })}`,
    });
  });

  it("is undefined for an error that is no revert", async () => {
    // Nothing listens on port 9 (discard): a connection error.
    const down = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });
    const error = await down.getBlockNumber().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(decodeRevertReason(error, escrowErrorAbi)).toBeUndefined();
    expect(decodeRevertReason("not an error", escrowErrorAbi)).toBeUndefined();
  });
});
