/**
 * The part of Chainlink's `AggregatorV3Interface` a price source reads: Chainlink's feeds in
 * production, `DevPriceFeed` on development chains.
 *
 * @example
 * const [, answer, , updatedAt] = await client.readContract({ address: feed, abi: aggregatorV3Abi, functionName: "latestRoundData" });
 */
export const aggregatorV3Abi = [
  {
    type: "function",
    name: "decimals",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "", type: "uint8" }],
  },
  {
    type: "function",
    name: "description",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "", type: "string" }],
  },
  {
    type: "function",
    name: "latestRoundData",
    stateMutability: "view",
    inputs: [],
    outputs: [
      { name: "roundId", type: "uint80" },
      { name: "answer", type: "int256" },
      { name: "startedAt", type: "uint256" },
      { name: "updatedAt", type: "uint256" },
      { name: "answeredInRound", type: "uint80" },
    ],
  },
] as const;
