import { answerFields, type Product } from "@entrada/core";

/**
 * The template's fixed columns, in order (issue 13 item 2). Countries are ICAO MRZ codes (ISO 3166-1
 * alpha-3, `D` accepted for Germany), dates `YYYY-MM-DD`, `locale` en/zh/es; `mrz_line1` and
 * `mrz_line2` are optional and, when given, must agree with the typed cells.
 */
export const importColumns = [
  "surname",
  "given_names",
  "nationality",
  "sex",
  "birth_date",
  "passport_number",
  "passport_expiry",
  "issuing_country",
  "email",
  "locale",
  "product_id",
  "travel_from",
  "travel_to",
  "mrz_line1",
  "mrz_line2",
] as const;

/** A fixed column of the template. */
export type ImportColumn = (typeof importColumns)[number];

/** An answer field of the catalogue. */
export type ImportAnswerField = (typeof answerFields)[number];

/**
 * Answer fields that a fixed column already holds, so they never get an `answer.` column: the
 * traveller's `email`, and `travel_dates`, written as `travel_from/travel_to` like the web form does.
 */
const answeredByColumns: readonly ImportAnswerField[] = ["email", "travel_dates"];

/**
 * The answer fields a spreadsheet gives in `answer.<field>` columns: every answer field of the
 * catalogue except those a fixed column holds.
 */
export const importAnswerFields: readonly ImportAnswerField[] = answerFields.filter(
  (field) => !answeredByColumns.includes(field),
);

/**
 * The answer fields a product requires that its template has `answer.<field>` columns for, in the
 * product's order.
 *
 * @example
 * requiredImportAnswers(catalogue.product("us-esta"))
 * // ["place_of_birth", "phone", "home_address", "employer", "parents_names", "address_in_destination", "criminal_record"]
 */
export function requiredImportAnswers(product: Product): ImportAnswerField[] {
  return product.requiredFields.filter((field): field is ImportAnswerField =>
    importAnswerFields.includes(field as ImportAnswerField),
  );
}

/** `answer.<field>`: the column of an answer. */
export const answerColumn = (field: ImportAnswerField): `answer.${ImportAnswerField}` => `answer.${field}`;
