// The public surface of @entrada/contracts: typed artifacts, typed data, the deploy module and the
// local chain. Test fixtures live in "@entrada/contracts/testing", gas measurement in "./gas".

export { demoAccounts, demoAuthorities, demoAuthoritySlugs, demoWalletBalance, deployDemo } from "./demo.ts";
export {
  type AuthoritySpec,
  authorityId,
  type DeployEntradaParameters,
  type Deployment,
  deployEntrada,
  deploymentPath,
  devFeeds,
  type FeedSpec,
  readDeployment,
  type TokenSymbol,
  writeDeployment,
} from "./deploy.ts";
export {
  type DeployUsdcParameters,
  deployUsdc,
  linkBytecode,
  type UsdcDeployment,
  type UsdcMinter,
  usdcName,
} from "./deployUsdc.ts";
export { devAccount, devAccountCount, devMnemonic, devUsdcProxyAdmin } from "./devAccounts.ts";
export {
  type EscrowQuote,
  type EscrowRecord,
  encodeSettlementCall,
  type ReleaseManyItem,
  type SettlementKind,
  settlementFunctionNames,
  toEscrowRecord,
  toReleaseManyItem,
} from "./encodeSettlementCall.ts";
export {
  type EscrowAccessListParameters,
  escrowAccessList,
  type FiatTokenTransferAccessListParameters,
  fiatTokenBalanceSlot,
  fiatTokenStorage,
  fiatTokenTransferAccessList,
  readFiatTokenImplementation,
} from "./escrowAccessList.ts";
export { DevPriceFeed } from "./generated/DevPriceFeed.ts";
export { DevUSDT } from "./generated/DevUSDT.ts";
export { FiatTokenProxy } from "./generated/FiatTokenProxy.ts";
export { FiatTokenV2_2 } from "./generated/FiatTokenV2_2.ts";
export { VisaFeeEscrow } from "./generated/VisaFeeEscrow.ts";
export {
  type CreateLocalChainParameters,
  createLocalChain,
  type LocalChain,
  type LocalChainServer,
  localChainDefinition,
  startLocalChainServer,
} from "./localChain.ts";
export {
  batchQuoteTypes,
  cancelAuthorizationTypes,
  escrowDomain,
  permitTypes,
  quoteTypes,
  receiveWithAuthorizationTypes,
  transferWithAuthorizationTypes,
  usdcDomain,
} from "./typedData.ts";
