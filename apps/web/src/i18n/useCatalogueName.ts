import { type LocalizedName, localizedName } from "@entrada/core";
import { useTranslation } from "react-i18next";

/** Anything the catalogue names: an authority or a product. */
export type CatalogueNamed = { name: string; names: LocalizedName };

/**
 * The catalogue's own name of an authority or product in the page's language, so the page, the API
 * and the e-mails show the same official names.
 *
 * @example
 * const nameOf = useCatalogueName();
 * nameOf(product) // "英国电子旅行许可（ETA）" on a Chinese page
 */
export function useCatalogueName(): (entry: CatalogueNamed) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language ?? "en";
  return (entry) => localizedName(entry.names, language);
}
