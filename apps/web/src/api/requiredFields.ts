import { answerFields, identityFields, requiredDocuments } from "@entrada/core";

/**
 * The catalogue's vocabulary of what an application needs (core's `RequiredField` and
 * `RequiredDocument`), split as the API splits it (apps/server/src/schemas/applicationSchemas.ts):
 * identity fields come from the passport, answer fields are the application's own answers.
 */

export { answerFields, identityFields, requiredDocuments };

/** A field of the identity step. */
export type IdentityField = (typeof identityFields)[number];

/** A field the application answers. */
export type AnswerField = (typeof answerFields)[number];

/** Every required field a product may list. */
export const requiredFields = [...identityFields, ...answerFields] as const;

/** The purposes of a trip. */
export const purposes = ["tourist", "business", "transit"] as const;

/** How many entries a visa allows. */
export const entryCounts = ["single", "double", "multiple"] as const;

/** Whether a product's field is one the application answers. */
export function isAnswerField(field: string): field is AnswerField {
  return (answerFields as readonly string[]).includes(field);
}

/** Whether a product's field comes from the passport. */
export function isIdentityField(field: string): field is IdentityField {
  return (identityFields as readonly string[]).includes(field);
}
