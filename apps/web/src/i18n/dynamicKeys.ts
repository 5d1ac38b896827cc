import { explainedCodes } from "../api/describeError.ts";
import type { ApplicationState } from "../api/types.ts";

/**
 * Translation keys the code builds at run time (`t(\`state.${state}\`)`), declared here so that the
 * key test can tell used from unused: each family's prefix, and every full key it can produce.
 */
export const applicationStates: readonly ApplicationState[] = [
  "draft",
  "submitted",
  "payment_pending",
  "paid",
  "under_review",
  "needs_info",
  "approved",
  "issued",
  "rejected",
  "refunded",
  "expired",
  "cancelled",
];

/** Every dynamic key family: `prefix` as written in the code, `keys` the full keys (with namespace). */
export const dynamicKeyFamilies: { prefix: string; keys: string[] }[] = [
  { prefix: "state.", keys: applicationStates.map((state) => `common:state.${state}`) },
  { prefix: "remedy.", keys: ["requote", "faucet", "retry", "switchChain", "signIn"].map((r) => `errors:remedy.${r}`) },
  { prefix: "", keys: explainedCodes.map((code) => `errors:${code}.message`) },
];
