import type { LocalizedName } from "./LocalizedName.ts";

/**
 * A member authority: a government body that issues e-visas and is paid through the escrow.
 *
 * @example
 * const ukEta: Authority = {
 *   id: "gb-eta", name: "UK Home Office",
 *   names: { en: "UK Home Office", zh: "英国内政部", es: "Ministerio del Interior del Reino Unido (Home Office)" }, country: "GB", destinations: ["GB"], currency: "GBP",
 *   processingSlaHours: 72, website: "https://www.gov.uk/eta",
 * };
 */
export type Authority = {
  /**
   * Slug of 1–32 characters a–z, 0–9 and "-". On chain the authority is
   * `authorityId(slug)` (the slug right-padded into bytes32), so the slug must never change.
   */
  readonly id: string;
  /** The English name; `names.en`. */
  readonly name: string;
  /** The name in every interface language, official where published. */
  readonly names: LocalizedName;
  /** ISO 3166-1 alpha-2; "EU" (exceptionally reserved by ISO) for the European Union. */
  readonly country: string;
  /** Alpha-2 codes of the countries its authorisations admit to: one, or the 30 ETIAS countries. */
  readonly destinations: readonly string[];
  /** The currency its fees are set in. */
  readonly currency: string;
  /**
   * The longest it commits to take for a decision, in hours. Quotes set the escrow's decision
   * deadline from it, after which the payer can claim the fee back.
   */
  readonly processingSlaHours: number;
  readonly website: string;
};
