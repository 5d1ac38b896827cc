import { applicationStates } from "@entrada/core";
import { explainedCodes } from "../api/describeError.ts";
import { entryCounts, purposes, requiredDocuments, requiredFields } from "../api/requiredFields.ts";
import { settlementReasons } from "../api/settlementReasons.ts";
import type { Evisa } from "../api/travellerTypes.ts";
import { paymentMethods, paymentPhases } from "../api/usePayment.ts";
import { answerErrorCodes } from "../components/answerValues.ts";
import { timelineKinds } from "../components/buildTimeline.ts";
import { actorRoles as timelineActors } from "../components/Timeline.tsx";
import { identityKeyFamilies } from "../identity/identityVocabulary.ts";
import {
  actorRoles,
  answerFields,
  documentTypes,
  historyEvents,
  verificationStatuses,
} from "../pages/officer/officerVocabulary.ts";
import { applySteps } from "../pages/traveller/apply/applyDraft.ts";
import { identityErrorCodes } from "../pages/traveller/apply/validateIdentity.ts";
import { ineligibilityCodes } from "../pages/traveller/groupEligibility.ts";
import { mailboxChannels, mailboxStatuses } from "../pages/traveller/MailboxPage.tsx";
import { eventArgs, explainedEvents } from "../pages/traveller/TransactionPage.tsx";
import { namedChainIds } from "../wallet/useChainName.ts";

/**
 * Translation keys the code builds at run time (`t(\`state.${state}\`)`), declared here so that the
 * key test can tell used from unused: each family's prefix, and every full key it can produce.
 */

/** The e-visa's statuses (`GET /applications/:id/evisa`), as the traveller's card and the officer's panel name them. */
const evisaStatuses = ["valid", "revoked", "expired"] as const satisfies readonly Evisa["status"][];

/** Every dynamic key family: `prefix` as written in the code, `keys` the full keys (with namespace). */
export const dynamicKeyFamilies: { prefix: string; keys: string[] }[] = [
  { prefix: "state.", keys: applicationStates.map((state) => `common:state.${state}`) },
  { prefix: "chainName.", keys: namedChainIds.map((id) => `common:chainName.${id}`) },
  { prefix: "remedy.", keys: ["requote", "faucet", "retry", "switchChain", "signIn"].map((r) => `errors:remedy.${r}`) },
  { prefix: "", keys: explainedCodes.map((code) => `errors:${code}.message`) },
  // The officer's pages: the audit trail's events and actors, answers, documents, identity checks.
  { prefix: "event.", keys: historyEvents.map((event) => `officer:event.${event}`) },
  { prefix: "actor.", keys: actorRoles.map((role) => `officer:actor.${role}`) },
  { prefix: "answer.", keys: answerFields.map((field) => `officer:answer.${field}`) },
  { prefix: "document.", keys: documentTypes.map((document) => `officer:document.${document}`) },
  { prefix: "verification.", keys: verificationStatuses.map((status) => `officer:verification.${status}`) },
  // Why a settlement is blocked or retried, in the officer's words and in the traveller's.
  { prefix: "settlement.reason.", keys: settlementReasons.map((code) => `officer:settlement.reason.${code}`) },
  { prefix: "settlement.reason.", keys: settlementReasons.map((code) => `traveller:settlement.reason.${code}`) },
  // The e-visa's status, on the officer's panel as on the traveller's card.
  { prefix: "evisa.status.", keys: evisaStatuses.map((status) => `officer:evisa.status.${status}`) },
  { prefix: "evisa.explain.", keys: evisaStatuses.map((status) => `officer:evisa.explain.${status}`) },
  ...travellerFamilies(),
  // The identity pages: MRZ problems, upload problems, claims, KYC reasons, revocation.
  ...identityKeyFamilies(),
];

/** The traveller's pages: catalogue vocabulary, form errors, the flow's steps, payment, timeline, chain. */
function travellerFamilies(): { prefix: string; keys: string[] }[] {
  const family = (prefix: string, names: readonly string[]) => ({
    prefix,
    keys: names.map((name) => `traveller:${prefix}${name}`),
  });
  return [
    family("fieldLabel.", requiredFields),
    family("fieldHint.", requiredFields),
    family("document.", requiredDocuments),
    family("purpose.", purposes),
    family("entries.", entryCounts),
    family("ineligible.", ineligibilityCodes),
    family("identityError.", identityErrorCodes),
    family("answerError.", answerErrorCodes),
    family("sex.", ["F", "M", "X"]),
    family("step.", applySteps),
    family("stepTitle.", applySteps),
    family("method.", paymentMethods),
    family("methodHint.", paymentMethods),
    family("payHint.", paymentMethods),
    family(
      "progress.",
      paymentPhases.filter((phase) => phase !== "idle"),
    ),
    family("timeline.", timelineKinds),
    family("actor.", timelineActors),
    family("outcome.", ["approved", "issued", "rejected", "refunded", "expired"]),
    family("channel.", mailboxChannels),
    family("mailStatus.", mailboxStatuses),
    family("txStatus.", ["pending", "success", "reverted"]),
    family("txEvent.", explainedEvents),
    family("txEventTitle.", explainedEvents),
    family("txArg.", eventArgs),
    family("evisa.status.", evisaStatuses),
    family("evisa.explain.", evisaStatuses),
  ];
}
