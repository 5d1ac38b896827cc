/**
 * The catalogue's vocabulary of what an application needs (core's `RequiredField` and
 * `RequiredDocument`), split as the API splits it (apps/server/src/schemas/applicationSchemas.ts):
 * identity fields come from the passport, answer fields are the application's own answers.
 */

/** Required fields that the passport answers (the identity step). */
export const identityFields = [
  "given_names",
  "surname",
  "date_of_birth",
  "sex",
  "nationality",
  "passport_number",
  "passport_expiry_date",
  "passport_issuing_country",
] as const;

/** A field of the identity step. */
export type IdentityField = (typeof identityFields)[number];

/** Required fields that an application answers itself (the visa step). */
export const answerFields = [
  "place_of_birth",
  "passport_issue_date",
  "email",
  "phone",
  "home_address",
  "occupation",
  "employer",
  "travel_dates",
  "address_in_destination",
  "parents_names",
  "criminal_record",
  "previous_travel",
] as const;

/** A field the application answers. */
export type AnswerField = (typeof answerFields)[number];

/** Every required field a product may list. */
export const requiredFields = [...identityFields, ...answerFields] as const;

/** Documents a product may ask for. */
export const requiredDocuments = [
  "passport_bio_page",
  "photo",
  "itinerary",
  "return_ticket",
  "onward_ticket",
  "accommodation_booking",
  "proof_of_funds",
  "invitation_letter",
  "business_card",
  "employment_letter",
  "company_registration",
] as const;

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
