// The public surface of @entrada/chain: viem clients, the chain registry, signers, the feed price
// source, the relayer and the indexer. Other packages import only from here; index.test.ts pins the list.

export {
  type ChainClients,
  type CreateChainClientsParameters,
  createChainClients,
} from "./clients/createChainClients.ts";
export { createLocalChainClients } from "./clients/createLocalChainClients.ts";
export {
  ChainChangedDuringSyncError,
  ChainError,
  type ChainErrorCode,
  type ChainErrorCodeEntry,
  type ChainErrorParameters,
  ChainIdMismatchError,
  chainErrorCodes,
  DevKeyOnLiveChainError,
  IndexerCursorMovedError,
  InvalidFeedConfigError,
  RelayedCallRevertedError,
  RelayerKeyConflictError,
  type RemoteSignerFailure,
  RemoteSignerMismatchError,
  RemoteSignerRefusedError,
  RemoteSignerUnavailableError,
  ReorgTooDeepError,
  UnknownChainError,
} from "./errors.ts";
export { aggregatorV3Abi } from "./feeds/aggregatorV3Abi.ts";
export { type CreateFeedPriceSourceParameters, createFeedPriceSource } from "./feeds/createFeedPriceSource.ts";
export { toPricePair } from "./feeds/toPricePair.ts";
export {
  type CreateIndexerParameters,
  createIndexer,
  type Indexer,
  type IndexerRunParameters,
  type SyncOnceReturnType,
} from "./indexer/createIndexer.ts";
export { eventArgsFromJson, eventArgsToJson } from "./indexer/eventArgsJson.ts";
export type { ChainEventHandler, EscrowAbi, EscrowEvent, IndexedEscrowEvent } from "./indexer/IndexedEscrowEvent.ts";
export { assertKeyAllowedOnChain, devChainIds, isDevAccount } from "./keys/assertKeyAllowedOnChain.ts";
export type { ChainKind, ChainProfile } from "./registry/ChainProfile.ts";
export { chainProfile, chainRegistry, requireChainProfile } from "./registry/chainRegistry.ts";
export { type BumpFeesParameters, bumpFees, type FeeValues } from "./relayer/bumpFees.ts";
export {
  type CreateRelayerParameters,
  createRelayer,
  type Relayer,
  type RelayerTickReturnType,
  type RelayerTransaction,
  type RelayRequest,
} from "./relayer/createRelayer.ts";
export { decodeRevertReason, type RevertReason } from "./relayer/decodeRevertReason.ts";
export { escrowErrorAbi } from "./relayer/escrowErrorAbi.ts";
export { type DeploySafeParameters, deploySafe } from "./safe/deploySafe.ts";
export {
  type ProposeSafeTransactionParameters,
  proposeSafeTransaction,
  type SafeCall,
  type SafeTransactionProposal,
} from "./safe/proposeSafeTransaction.ts";
export { safeContractNetworks } from "./safe/safeContractNetworks.ts";
export {
  type CreateLocalEs256SignerParameters,
  createLocalEs256Signer,
} from "./signers/createLocalEs256Signer.ts";
export { type CreateLocalSignerParameters, createLocalSigner } from "./signers/createLocalSigner.ts";
export {
  type CreateRemoteEs256SignerParameters,
  createRemoteEs256Signer,
  remoteKeyIdPattern,
} from "./signers/createRemoteEs256Signer.ts";
export {
  type CreateRemoteSignerParameters,
  createRemoteSigner,
  type RemoteSigner,
} from "./signers/createRemoteSigner.ts";
export type { Es256PublicJwk, Es256Signer } from "./signers/Es256Signer.ts";
export type { Signer } from "./signers/Signer.ts";
