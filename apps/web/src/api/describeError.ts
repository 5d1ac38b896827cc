import { ApiError } from "./ApiError.ts";

/** What the person can do about a failure; the UI shows it as a button. */
export type ErrorRemedy = "requote" | "faucet" | "retry" | "switchChain" | "signIn" | "none";

/** A failure as the UI explains it: a translation key in the `errors` namespace and a remedy. */
export type DescribedError = { code: string; remedy: ErrorRemedy };

/** Codes with their own message in locales/<language>/errors.json; any other code gets `GENERIC`. */
export const explainedCodes = [
  "NETWORK_DOWN",
  "SIGNATURE_REJECTED",
  "CHAIN_MISMATCH",
  "NO_WALLET",
  "TRANSACTION_REVERTED",
  "ENTRADA_QUOTE_EXPIRED",
  "ENTRADA_INSUFFICIENT_BALANCE",
  "ENTRADA_RATE_STALE",
  "ENTRADA_UNAUTHENTICATED",
  "ENTRADA_FORBIDDEN",
  "ENTRADA_NOT_FOUND",
  "ENTRADA_VALIDATION",
  "ENTRADA_NOT_ELIGIBLE",
  "ENTRADA_ILLEGAL_TRANSITION",
  "ENTRADA_RATE_LIMITED",
  "ENTRADA_RATE_UNAVAILABLE",
  "ENTRADA_FAUCET_RATE_LIMITED",
  "ENTRADA_NO_OPEN_QUOTE",
  "ENTRADA_PAYER_REQUIRED",
  "ENTRADA_AUTHORIZATION_INVALID",
  "ENTRADA_RELAYER_FAILED",
  "ENTRADA_RELAYED_CALL_REVERTED",
  "ENTRADA_PAYMENT_METHOD_UNSUPPORTED",
  "ENTRADA_QUOTE_NOTHING_TO_PAY",
  "ENTRADA_ANSWERS_INCOMPLETE",
  "ENTRADA_APPLICATION_LOCKED",
  "ENTRADA_CONCURRENT_UPDATE",
  "ENTRADA_IDEMPOTENCY_IN_PROGRESS",
  "ENTRADA_SIWE_INVALID",
  "INSUFFICIENT_GAS",
  "ENTRADA_SETTLER_UNAVAILABLE",
  "ENTRADA_EMAIL_CODE_WRONG",
  "ENTRADA_EMAIL_CODE_EXPIRED",
  "ENTRADA_EMAIL_CODE_ATTEMPTS_EXCEEDED",
  "ENTRADA_EMAIL_CODE_RATE_LIMITED",
  "ENTRADA_EMAIL_TAKEN",
  "ENTRADA_EMAIL_UNVERIFIED",
  "GENERIC",
] as const;

const remedies: Partial<Record<(typeof explainedCodes)[number], ErrorRemedy>> = {
  NETWORK_DOWN: "retry",
  SIGNATURE_REJECTED: "retry",
  CHAIN_MISMATCH: "switchChain",
  TRANSACTION_REVERTED: "retry",
  ENTRADA_QUOTE_EXPIRED: "requote",
  ENTRADA_INSUFFICIENT_BALANCE: "faucet",
  ENTRADA_RATE_STALE: "retry",
  ENTRADA_UNAUTHENTICATED: "signIn",
  ENTRADA_RATE_LIMITED: "retry",
  ENTRADA_RATE_UNAVAILABLE: "retry",
  ENTRADA_FAUCET_RATE_LIMITED: "retry",
  ENTRADA_NO_OPEN_QUOTE: "requote",
  ENTRADA_PAYER_REQUIRED: "signIn",
  ENTRADA_AUTHORIZATION_INVALID: "retry",
  ENTRADA_RELAYER_FAILED: "retry",
  ENTRADA_RELAYED_CALL_REVERTED: "requote",
  ENTRADA_CONCURRENT_UPDATE: "retry",
  ENTRADA_IDEMPOTENCY_IN_PROGRESS: "retry",
  ENTRADA_SIWE_INVALID: "signIn",
  INSUFFICIENT_GAS: "faucet",
};

/** Walks an error's `cause` chain (viem and wagmi wrap the wallet's error). */
function* causes(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; current && depth < 8; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * Turns any failure — the API's coded errors, a wallet's refusal (EIP-1193 code 4001), a wrong
 * chain, no answer at all — into a code with a translated message and the way forward.
 *
 * @example
 * const { code, remedy } = describeError(error); // { code: "ENTRADA_QUOTE_EXPIRED", remedy: "requote" }
 */
export function describeError(error: unknown): DescribedError {
  let code: string = "GENERIC";
  for (const cause of causes(error)) {
    if (cause instanceof ApiError) {
      code = cause.code;
      break;
    }
    const { name, code: errorCode } = cause as { name?: string; code?: unknown };
    if (errorCode === 4001 || name === "UserRejectedRequestError") {
      code = "SIGNATURE_REJECTED";
      break;
    }
    if (
      name === "ChainMismatchError" ||
      name === "ConnectorChainMismatchError" ||
      name === "SwitchChainError" ||
      errorCode === 4902
    ) {
      code = "CHAIN_MISMATCH";
      break;
    }
    if (
      name === "ConnectorNotFoundError" ||
      name === "ProviderNotFoundError" ||
      name === "ConnectorNotConnectedError"
    ) {
      code = "NO_WALLET";
      break;
    }
    if (
      name === "HttpRequestError" ||
      name === "TimeoutError" ||
      (cause instanceof TypeError && /fetch/i.test(String(cause.message)))
    ) {
      code = "NETWORK_DOWN";
      break;
    }
    if (name === "InsufficientFundsError") {
      code = "INSUFFICIENT_GAS";
      break;
    }
    if (
      name === "TransactionExecutionError" ||
      name === "TransactionRevertedError" ||
      name === "ContractFunctionRevertedError" ||
      name === "ContractFunctionExecutionError" ||
      name === "EstimateGasExecutionError"
    ) {
      code = "TRANSACTION_REVERTED";
    }
  }
  const known = (explainedCodes as readonly string[]).includes(code)
    ? (code as (typeof explainedCodes)[number])
    : "GENERIC";
  return { code: known, remedy: remedies[known] ?? "none" };
}
