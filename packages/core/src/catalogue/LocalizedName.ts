/** The languages of Entrada's interface, in which every catalogue name is written. */
export const catalogueLanguages = ["en", "zh", "es"] as const;

/** One of {@link catalogueLanguages}. */
export type CatalogueLanguage = (typeof catalogueLanguages)[number];

/**
 * A catalogue name in every interface language: the official name where the authority publishes
 * one in that language (CBP's "Sistema Electrónico de Autorización de Viaje"), else a faithful
 * translation that keeps the authority's own abbreviation (ETA, METV).
 */
export type LocalizedName = Readonly<Record<CatalogueLanguage, string>>;

/**
 * The name in a language tag's language ("zh-CN" reads Chinese), English for any other.
 *
 * @example
 * localizedName({ en: "UK Home Office", zh: "英国内政部", es: "Ministerio del Interior del Reino Unido (Home Office)" }, "zh-CN") // "英国内政部"
 */
export function localizedName(names: LocalizedName, language: string): string {
  const base = language.toLowerCase().split("-")[0];
  return (catalogueLanguages as readonly string[]).includes(base ?? "") ? names[base as CatalogueLanguage] : names.en;
}
