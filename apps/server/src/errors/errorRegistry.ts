import { type ChainErrorCode, chainErrorCodes } from "@entrada/chain";
import { type ErrorCode, errorCodes } from "@entrada/core";
import { type IdentityErrorCode, identityErrorCodes } from "@entrada/identity";
import { type VerifyErrorCode, verifyErrorCodes } from "@entrada/verify";
import { type ApiErrorCode, apiErrorCodes } from "./apiErrorCodes.ts";

/** A stable code of any registry that can reach an API client: core's, the chain's, identity's, the seal's or the API's own. */
export type RegisteredErrorCode = ErrorCode | ChainErrorCode | IdentityErrorCode | VerifyErrorCode | ApiErrorCode;

/**
 * Every code an API response can carry, with its HTTP status and meaning: the five registries in
 * one table (docs/errors.md lists them all, and a test keeps it so). The OpenAPI document takes each
 * error response's status and description from here.
 *
 * @example
 * errorRegistry.ENTRADA_QUOTE_EXPIRED.status // 409
 */
export const errorRegistry: Readonly<Record<RegisteredErrorCode, { status: number; description: string }>> = {
  ...errorCodes,
  ...chainErrorCodes,
  ...identityErrorCodes,
  ...verifyErrorCodes,
  ...apiErrorCodes,
};
