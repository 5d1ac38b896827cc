import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../../api/api.ts";
import type { EligibilityResult } from "../../../api/travellerTypes.ts";
import type { Authority, Product, Purpose } from "../../../api/types.ts";
import { countryName } from "../../../format/countries.ts";
import { useCatalogueName } from "../../../i18n/useCatalogueName.ts";
import { loadTrip } from "../tripQuery.ts";

/** Parameters of {@link EligibleAlternatives}. */
export type EligibleAlternativesProps = {
  /** The applicant's nationality (ICAO code), the one the product refused. */
  nationality: string;
  /** The product refused. */
  product: Product;
  authority: Authority | undefined;
};

/**
 * When a product is refused for the applicant's nationality, what they can apply for instead: the
 * eligibility check asked again for the same nationality, destination and purpose (the trip checked
 * on the home page, else the product's own), listing every other product open to them with a link to
 * apply, or saying that none is.
 *
 * @example
 * <EligibleAlternatives nationality="IND" product={product} authority={authority} />
 */
export function EligibleAlternatives({ nationality, product, authority }: EligibleAlternativesProps) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const nameOf = useCatalogueName();
  const trip = loadTrip();
  const destinations = authority?.destinations ?? [];
  const destination = destinations.includes(trip.destination) ? trip.destination : (destinations[0] ?? "");
  const purpose: Purpose = product.purposes.includes(trip.purpose) ? trip.purpose : (product.purposes[0] ?? "tourist");
  const check = useQuery({
    queryKey: ["eligibility", nationality, destination, purpose],
    queryFn: () => api<EligibilityResult>("POST", "/eligibility", { body: { nationality, destination, purpose } }),
    enabled: Boolean(nationality && destination),
  });
  const others = (check.data?.eligible ?? []).filter((option) => option.product.id !== product.id);
  return (
    <div className="stack" data-testid="eligible-alternatives">
      {check.isLoading ? (
        <p className="progress" role="status">
          {t("alternatives.loading")}
        </p>
      ) : null}
      {check.data && others.length > 0 ? (
        <>
          <p>
            {t("alternatives.intro", {
              nationality: countryName(nationality, language),
              destination: countryName(destination, language),
            })}
          </p>
          <ul>
            {others.map((option) => (
              <li key={option.product.id} data-testid={`alternative-${option.product.id}`}>
                <Link to={`/apply/${option.product.id}`}>{nameOf(option.product)}</Link>
                <span className="muted"> · {nameOf(option.authority)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {check.data && others.length === 0 ? (
        <p>
          {t("alternatives.none", {
            nationality: countryName(nationality, language),
            destination: countryName(destination, language),
          })}
        </p>
      ) : null}
      <Link to="/">{t("visa.otherOptions")}</Link>
    </div>
  );
}
