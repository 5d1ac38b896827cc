// Hardhat is used only as the EVM (EDR): in-process for tests, JSON-RPC on 127.0.0.1 for the app.
// Contracts are compiled by scripts/build.ts with solc-js, never by Hardhat.
/** @type {import("hardhat/config").HardhatUserConfig} */
module.exports = {
  solidity: "0.8.30",
  paths: {
    sources: "./hardhat-sources",
    artifacts: "./hardhat-artifacts",
    cache: "./hardhat-cache",
  },
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: "osaka",
      // Tests and the demo need more funded accounts than Hardhat's default 20.
      accounts: { count: 40, accountsBalance: "10000000000000000000000" },
      mining: { auto: true, interval: 0 },
      // Blocks mined within one second share its timestamp, as on a fast real chain, instead of each
      // adding a second: otherwise a busy local chain runs ahead of the clock and quotes expire early.
      allowBlocksWithSameTimestamp: true,
    },
  },
};
