import {
  type Address,
  type BaseError,
  decodeErrorResult,
  type HDAccount,
  type Hex,
  maxUint80,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DevPriceFeed } from "../../generated/DevPriceFeed.ts";
import { createEscrowFixture, type EscrowFixture, expectRevert } from "../../testing/index.ts";

let f: EscrowFixture;
let deployer: HDAccount;
/** Owner of the feeds deployed here: not the deployer, to show that the constructor argument decides. */
let owner: HDAccount;
let snapshot: Hex;

beforeAll(async () => {
  f = await createEscrowFixture();
  deployer = f.accounts.deployer;
  owner = f.accounts.guardian;
});

beforeEach(async () => {
  snapshot = await f.chain.snapshot();
});

afterEach(async () => {
  await f.chain.revert(snapshot);
});

type DeployedFeed = { address: Address; receipt: TransactionReceipt; deployedAt: bigint };

async function deployFeed(decimals: number, description: string, answer: bigint): Promise<DeployedFeed> {
  const hash = await f.chain.wallet(deployer).deployContract({
    abi: DevPriceFeed.abi,
    bytecode: DevPriceFeed.bytecode,
    args: [owner.address, decimals, description, answer],
  });
  const receipt = await f.chain.publicClient.waitForTransactionReceipt({ hash });
  const block = await f.chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return { address: receipt.contractAddress!, receipt, deployedAt: block.timestamp };
}

/** The custom error of a failed deployment (viem does not decode constructor reverts itself). */
async function deploymentRevert(action: Promise<unknown>) {
  try {
    await action;
  } catch (error) {
    const withData = (error as BaseError).walk(
      (e) =>
        typeof (e as { data?: unknown }).data === "string" && String((e as { data: string }).data).startsWith("0x"),
    ) as { data: Hex } | null;
    if (!withData) throw error;
    const decoded = decodeErrorResult({ abi: DevPriceFeed.abi, data: withData.data });
    return { errorName: decoded.errorName, args: decoded.args };
  }
  throw new Error("expected the deployment to revert");
}

function latestRoundData(feed: Address) {
  return f.chain.publicClient.readContract({ address: feed, abi: DevPriceFeed.abi, functionName: "latestRoundData" });
}

function getRoundData(feed: Address, roundId: bigint) {
  return f.chain.publicClient.readContract({
    address: feed,
    abi: DevPriceFeed.abi,
    functionName: "getRoundData",
    args: [roundId],
  });
}

function feedCall(account: HDAccount, feed: Address, functionName: string, args: readonly unknown[]) {
  return f.send(account, { address: feed, abi: DevPriceFeed.abi, functionName, args });
}

async function blockTime(receipt: TransactionReceipt): Promise<bigint> {
  return (await f.chain.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
}

function answerUpdatedEvents(receipt: TransactionReceipt) {
  return parseEventLogs({ abi: DevPriceFeed.abi, logs: receipt.logs, eventName: "AnswerUpdated" }).map(
    (log) => log.args,
  );
}

describe("DevPriceFeed metadata", () => {
  it("reports the decimals and description it was deployed with, and version 1", async () => {
    const gbp = await deployFeed(8, "GBP / USD", 127_000_000n);
    const eth = await deployFeed(18, "ETH / USD", 3_000_000_000_000_000_000_000n);
    const read = (address: Address, functionName: "decimals" | "description" | "version") =>
      f.chain.publicClient.readContract({ address, abi: DevPriceFeed.abi, functionName });
    expect([await read(gbp.address, "decimals"), await read(gbp.address, "description")]).toEqual([8, "GBP / USD"]);
    expect([await read(eth.address, "decimals"), await read(eth.address, "description")]).toEqual([18, "ETH / USD"]);
    expect(await read(gbp.address, "version")).toBe(1n);
  });

  it("is owned by the owner given to its constructor", async () => {
    const feed = await deployFeed(8, "GBP / USD", 127_000_000n);
    expect(
      await f.chain.publicClient.readContract({ address: feed.address, abi: DevPriceFeed.abi, functionName: "owner" }),
    ).toBe(owner.address);
  });
});

describe("construction", () => {
  it("posts round 1 with the initial answer, started and updated at the deployment block's time", async () => {
    const feed = await deployFeed(8, "EUR / USD", 108_000_000n);
    expect(await latestRoundData(feed.address)).toEqual([1n, 108_000_000n, feed.deployedAt, feed.deployedAt, 1n]);
    expect(await getRoundData(feed.address, 1n)).toEqual([1n, 108_000_000n, feed.deployedAt, feed.deployedAt, 1n]);
    expect(answerUpdatedEvents(feed.receipt)).toEqual([
      { current: 108_000_000n, roundId: 1n, updatedAt: feed.deployedAt },
    ]);
  });

  it("refuses a zero initial answer", async () => {
    expect(await deploymentRevert(deployFeed(8, "EUR / USD", 0n))).toEqual({
      errorName: "FeedInvalidAnswer",
      args: [0n],
    });
  });

  it("refuses a negative initial answer", async () => {
    expect(await deploymentRevert(deployFeed(8, "EUR / USD", -108_000_000n))).toEqual({
      errorName: "FeedInvalidAnswer",
      args: [-108_000_000n],
    });
  });
});

describe("updateAnswer", () => {
  it("creates round 2 updated at the block's time and emits AnswerUpdated", async () => {
    const feed = await deployFeed(8, "GBP / USD", 127_000_000n);
    await f.increaseTime(60n);
    const receipt = await feedCall(owner, feed.address, "updateAnswer", [126_500_000n]);
    const updatedAt = await blockTime(receipt);
    expect(updatedAt).toBeGreaterThan(feed.deployedAt);
    expect(await latestRoundData(feed.address)).toEqual([2n, 126_500_000n, updatedAt, updatedAt, 2n]);
    expect(answerUpdatedEvents(receipt)).toEqual([{ current: 126_500_000n, roundId: 2n, updatedAt }]);
  });

  it("keeps past rounds readable through getRoundData", async () => {
    const feed = await deployFeed(8, "GBP / USD", 127_000_000n);
    const second = await feedCall(owner, feed.address, "updateAnswer", [126_000_000n]);
    const third = await feedCall(owner, feed.address, "updateAnswer", [128_000_000n]);
    const [t2, t3] = [await blockTime(second), await blockTime(third)];
    expect(await getRoundData(feed.address, 1n)).toEqual([1n, 127_000_000n, feed.deployedAt, feed.deployedAt, 1n]);
    expect(await getRoundData(feed.address, 2n)).toEqual([2n, 126_000_000n, t2, t2, 2n]);
    expect(await getRoundData(feed.address, 3n)).toEqual([3n, 128_000_000n, t3, t3, 3n]);
    expect(await latestRoundData(feed.address)).toEqual([3n, 128_000_000n, t3, t3, 3n]);
  });

  it("refuses a zero answer", async () => {
    const feed = await deployFeed(8, "GBP / USD", 127_000_000n);
    await expectRevert(feedCall(owner, feed.address, "updateAnswer", [0n]), "FeedInvalidAnswer", [0n]);
    expect((await latestRoundData(feed.address))[0]).toBe(1n);
  });

  it("refuses a negative answer", async () => {
    const feed = await deployFeed(8, "GBP / USD", 127_000_000n);
    await expectRevert(feedCall(owner, feed.address, "updateAnswer", [-1n]), "FeedInvalidAnswer", [-1n]);
    expect(await latestRoundData(feed.address)).toEqual([1n, 127_000_000n, feed.deployedAt, feed.deployedAt, 1n]);
  });

  it("fails for anyone but the owner, the deployer included", async () => {
    const feed = await deployFeed(8, "GBP / USD", 127_000_000n);
    await expectRevert(feedCall(deployer, feed.address, "updateAnswer", [1n]), "OwnableUnauthorizedAccount", [
      deployer.address,
    ]);
    await expectRevert(
      feedCall(f.accounts.stranger, feed.address, "updateAnswer", [1n]),
      "OwnableUnauthorizedAccount",
      [f.accounts.stranger.address],
    );
    expect((await latestRoundData(feed.address))[1]).toBe(127_000_000n);
  });
});

describe("updateAnswerAt", () => {
  it("posts a round with a chosen updatedAt, so that the feed looks stale", async () => {
    const feed = await deployFeed(8, "THB / USD", 2_900_000n);
    const stale = feed.deployedAt - 86_400n;
    const receipt = await feedCall(owner, feed.address, "updateAnswerAt", [2_850_000n, stale]);
    expect(await latestRoundData(feed.address)).toEqual([2n, 2_850_000n, stale, stale, 2n]);
    expect(await getRoundData(feed.address, 2n)).toEqual([2n, 2_850_000n, stale, stale, 2n]);
    expect(answerUpdatedEvents(receipt)).toEqual([{ current: 2_850_000n, roundId: 2n, updatedAt: stale }]);
  });

  it("refuses a non-positive answer", async () => {
    const feed = await deployFeed(8, "THB / USD", 2_900_000n);
    await expectRevert(feedCall(owner, feed.address, "updateAnswerAt", [0n, feed.deployedAt]), "FeedInvalidAnswer", [
      0n,
    ]);
    await expectRevert(
      feedCall(owner, feed.address, "updateAnswerAt", [-2_900_000n, feed.deployedAt]),
      "FeedInvalidAnswer",
      [-2_900_000n],
    );
    expect((await latestRoundData(feed.address))[0]).toBe(1n);
  });

  it("refuses an update time of 0 (which would read as a missing round) or beyond 64 bits", async () => {
    const feed = await deployFeed(8, "THB / USD", 2_900_000n);
    await expectRevert(feedCall(owner, feed.address, "updateAnswerAt", [7n, 0n]), "FeedInvalidUpdateTime", [0n]);
    await expectRevert(feedCall(owner, feed.address, "updateAnswerAt", [7n, 2n ** 64n]), "FeedInvalidUpdateTime", [
      2n ** 64n,
    ]);
    expect((await latestRoundData(feed.address))[0]).toBe(1n);
  });

  it("fails for anyone but the owner", async () => {
    const feed = await deployFeed(8, "THB / USD", 2_900_000n);
    await expectRevert(
      feedCall(f.accounts.stranger, feed.address, "updateAnswerAt", [1n, feed.deployedAt]),
      "OwnableUnauthorizedAccount",
      [f.accounts.stranger.address],
    );
  });
});

describe("getRoundData", () => {
  it("fails for round 0, which never exists", async () => {
    const feed = await deployFeed(8, "GBP / USD", 127_000_000n);
    await expectRevert(getRoundData(feed.address, 0n), "FeedRoundNotFound", [0n]);
  });

  it("fails for a round after the latest", async () => {
    const feed = await deployFeed(8, "GBP / USD", 127_000_000n);
    await feedCall(owner, feed.address, "updateAnswer", [126_000_000n]);
    await expectRevert(getRoundData(feed.address, 3n), "FeedRoundNotFound", [3n]);
    await expectRevert(getRoundData(feed.address, maxUint80), "FeedRoundNotFound", [maxUint80]);
  });
});
