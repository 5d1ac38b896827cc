import type { AnswerField } from "../../../api/requiredFields.ts";
import type { SharedIdentity } from "../../../identity/identityTypes.ts";
import { emptyIdentity, type IdentityValues } from "./validateIdentity.ts";

/** The steps of the one-stop flow, in order. */
export const applySteps = ["identity", "visa", "payment", "confirmation"] as const;

/** One of {@link applySteps}. */
export type ApplyStep = (typeof applySteps)[number];

/**
 * What the traveller entered for one product, kept in this browser so that a reload (or coming back
 * tomorrow) continues where they were: the step, the passport data, the answers, and once created
 * the application's id (so a reload during payment resumes it) and the idempotency key that created
 * it (so a retry never creates a second one).
 */
export type ApplyDraft = {
  version: 1;
  productId: string;
  step: ApplyStep;
  identity: IdentityValues;
  /** The verified identity presented for this application (its id replaces `identity` when creating it). */
  presentation: SharedIdentity | null;
  answers: Partial<Record<AnswerField, string>>;
  applicationId: string | null;
  createKey: string;
  updatedAt: string;
};

const prefix = "entrada.apply.";

/** The storage key of a product's draft. */
export const draftKey = (productId: string) => `${prefix}${productId}`;

/** A new draft for a product, the identity prefilled with what is already known (the nationality). */
export function newDraft(productId: string, createKey: string, identity: Partial<IdentityValues> = {}): ApplyDraft {
  return {
    version: 1,
    productId,
    step: "identity",
    identity: { ...emptyIdentity, ...identity },
    presentation: null,
    answers: {},
    applicationId: null,
    createKey,
    updatedAt: new Date().toISOString(),
  };
}

/**
 * The saved draft of a product, or `null` when there is none or it cannot be read (another
 * version, edited by hand): a broken draft starts over rather than breaking the page.
 */
export function loadDraft(productId: string, storage: Storage = localStorage): ApplyDraft | null {
  try {
    const value = JSON.parse(storage.getItem(draftKey(productId)) ?? "null") as Partial<ApplyDraft> | null;
    if (
      value?.version !== 1 ||
      value.productId !== productId ||
      !(["identity", "visa", "payment", "confirmation"] as const).includes(value.step as ApplyStep) ||
      typeof value.createKey !== "string" ||
      typeof value.identity !== "object" ||
      value.identity === null
    ) {
      return null;
    }
    const identity = { ...emptyIdentity };
    for (const field of Object.keys(emptyIdentity) as (keyof IdentityValues)[]) {
      const typed = (value.identity as Record<string, unknown>)[field];
      if (typeof typed === "string") identity[field] = typed;
    }
    const answers = Object.fromEntries(
      Object.entries(value.answers ?? {}).filter(([, answer]) => typeof answer === "string"),
    ) as ApplyDraft["answers"];
    return {
      version: 1,
      productId,
      step: value.step as ApplyStep,
      identity,
      presentation: readPresentation(value.presentation, productId),
      answers,
      applicationId: typeof value.applicationId === "string" ? value.applicationId : null,
      createKey: value.createKey,
      updatedAt: typeof value.updatedAt === "string" ? value.updatedAt : new Date(0).toISOString(),
    };
  } catch {
    return null;
  }
}

/** A kept presentation, if it is one (for this product); anything else is dropped. */
function readPresentation(value: unknown, productId: string): SharedIdentity | null {
  const presentation = value as Partial<SharedIdentity> | null | undefined;
  if (
    typeof presentation?.id !== "string" ||
    presentation.productId !== productId ||
    typeof presentation.authorityId !== "string" ||
    typeof presentation.presentedAt !== "string" ||
    !Array.isArray(presentation.claims) ||
    !presentation.claims.every((claim) => typeof claim === "string")
  ) {
    return null;
  }
  return {
    id: presentation.id,
    claims: presentation.claims,
    productId,
    authorityId: presentation.authorityId,
    presentedAt: presentation.presentedAt,
  };
}

/** Keeps a draft (stamped with the time). */
export function saveDraft(draft: ApplyDraft, storage: Storage = localStorage): void {
  storage.setItem(draftKey(draft.productId), JSON.stringify({ ...draft, updatedAt: new Date().toISOString() }));
}

/** Forgets a product's draft: on completion, or when the traveller starts over. */
export function clearDraft(productId: string, storage: Storage = localStorage): void {
  storage.removeItem(draftKey(productId));
}
