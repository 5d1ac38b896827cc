// The public surface of @entrada/server: what start-up (server.ts, the CLI) and other packages use.
// index.test.ts pins the list.

export { type AppDependencies, apiPrefix, buildApp } from "./app.ts";
export type { Principal } from "./auth/Principal.ts";
export type { EscrowDeployment } from "./chain/EscrowDeployment.ts";
export type { Relayer, RelayerSendParameters, RelayerSendReturnType, Relayers } from "./chain/Relayer.ts";
export {
  type Config,
  ConfigError,
  type Environment,
  environmentVariables,
  loadConfig,
  localChainId,
} from "./config.ts";
export { ApiError } from "./errors/ApiError.ts";
export { type ApiErrorCode, apiErrorCodes } from "./errors/apiErrorCodes.ts";
export {
  type CreateExpiryJobParameters,
  createExpiryJob,
  type ExpireOverdueReturnType,
  type ExpiryJob,
} from "./jobs/createExpiryJob.ts";
export { can, canSeeEvent, type EventViewer, type PolicyAction, policyActions } from "./policy.ts";
export { type Entrada, type StartEntradaParameters, startEntrada } from "./runtime/startEntrada.ts";
export {
  type ChainEventLogger,
  type CreateChainEventHandlerParameters,
  createChainEventHandler,
} from "./services/chainEventHandler.ts";
export { outboxChannel, outboxTopics } from "./services/publishOutbox.ts";
export {
  type SeedOfficerQueueParameters,
  type SeedOfficerQueueReturnType,
  seedOfficerQueue,
} from "./testing/seedOfficerQueue.ts";
