import type { Money } from "../money/Money.ts";
import type { LocalizedName } from "./LocalizedName.ts";

/** What a visa is for. */
export type VisaType = "tourist" | "business" | "transit";

/** How many times the holder may enter. India's 30-day e-Tourist visa is double entry. */
export type EntryCount = "single" | "double" | "multiple";

/**
 * Required fields that the passport answers: the identity step, or the identity credential's claims.
 *
 * @example
 * identityFields.includes("surname") // true
 */
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

/** Required fields that an application answers itself. */
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

/** A field the application form must hold; most come from the identity credential. */
export type RequiredField = (typeof identityFields)[number] | (typeof answerFields)[number];

/** Every document a product may ask for. */
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

/** A document to upload. */
export type RequiredDocument = (typeof requiredDocuments)[number];

/** Who may apply, by ISO 3166-1 alpha-3 nationality. */
export type NationalityRule =
  | { readonly include: "all"; readonly exclude: readonly string[] }
  | { readonly include: readonly string[] };

/**
 * A reason the fee is not charged. Ages are in completed years at the time of application (the
 * rule ETIAS states), compared strictly: `age_under 18` waives 17-year-olds, `age_over 70` waives
 * from the 71st birthday.
 */
export type FeeWaiver =
  | { readonly code: "age_under"; readonly age: number; readonly description: string }
  | { readonly code: "age_over"; readonly age: number; readonly description: string };

/**
 * A visa product: one thing an authority issues, with its fee and what an application needs.
 *
 * @example
 * const eta: Product = {
 *   id: "gb-eta", authorityId: "gb-eta", name: "Electronic Travel Authorisation", type: "tourist",
 *   purposes: ["tourist", "business", "transit"], fee: { amount: 1600n, currency: "GBP" }, … };
 */
export type Product = {
  readonly id: string;
  readonly authorityId: string;
  /** The English name; `names.en`. */
  readonly name: string;
  /** The name in every interface language, official where published. */
  readonly names: LocalizedName;
  /** The main purpose, for listing. */
  readonly type: VisaType;
  /** Every purpose it may be used for; includes `type`. The UK ETA covers all three. */
  readonly purposes: readonly VisaType[];
  /** The published fee in the authority's currency. */
  readonly fee: Money;
  /** Published exceptions to `fee` by alpha-3 nationality (reciprocity, treaties). */
  readonly feeByNationality?: Readonly<Record<string, Money>>;
  /** Cases in which no fee is charged. */
  readonly feeWaivers?: readonly FeeWaiver[];
  /** Longest stay per entry, in days. */
  readonly stayDays: number;
  readonly entries: EntryCount;
  /** How long the visa can be used from issue, in days. */
  readonly validityDays: number;
  /**
   * Usual and longest decision time, in hours. `max` is the decision deadline (within the
   * authority's SLA): after it the payer may claim the fee back from the escrow.
   */
  readonly processingHours: { readonly typical: number; readonly max: number };
  /**
   * The published service level, in hours from payment: the authority commits to decide within it
   * (the Thai tourist visa: 2 hours), at most `processingHours.max`. Only the deadline is enforced by
   * the escrow; officers see each case's time left against both.
   */
  readonly serviceLevelHours: number;
  readonly requiredFields: readonly RequiredField[];
  readonly requiredDocuments: readonly RequiredDocument[];
  readonly eligibleNationalities: NationalityRule;
  /** Nationalities that do not need this product for its purpose (visa-free entry). */
  readonly visaExemptNationalities?: readonly string[];
  /** Apply at least this many days before travel. */
  readonly minDaysBeforeTravel: number;
  /** Apply at most this many days before travel, where the authority limits it. */
  readonly maxDaysBeforeTravel?: number;
  /** Where the fee and rules were published, so a reviewer can check them. */
  readonly source: string;
};
