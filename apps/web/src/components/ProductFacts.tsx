import { useTranslation } from "react-i18next";
import { useClientConfig } from "../api/ClientConfigContext.tsx";
import { isAnswerField, isIdentityField } from "../api/requiredFields.ts";
import type { Authority, Money, Product } from "../api/types.ts";
import { estimateStablecoin } from "../format/estimateStablecoin.ts";
import { formatMoney } from "../format/formatMoney.ts";
import { useCatalogueName } from "../i18n/useCatalogueName.ts";

/** Parameters of {@link ProductFacts}. */
export type ProductFactsProps = {
  product: Product;
  authority?: Authority | undefined;
  /** The fee for this traveller (per nationality, waivers), else the product's published fee. */
  fee?: Money | undefined;
  requiredFields?: readonly string[] | undefined;
  requiredDocuments?: readonly string[] | undefined;
  /** List what the application will ask for. */
  showNeeds?: boolean;
  /** Labels above values, for narrow cards; side by side otherwise. */
  stacked?: boolean;
};

/** Hours as people say them: "36 hours", "3 days". */
export function useFormatHours() {
  const { t } = useTranslation("traveller");
  return (hours: number) =>
    hours < 48 ? t("duration.hours", { count: hours }) : t("duration.days", { count: Math.ceil(hours / 24) });
}

/**
 * What a visa product is before anyone pays: the fee in the authority's currency and about what it
 * costs in a stablecoin (an estimate: the quote has the exact amount), processing time, stay,
 * entries, validity and, when asked, the details and documents the application needs.
 *
 * @example
 * <ProductFacts product={product} authority={authority} fee={option.fee} showNeeds />
 */
export function ProductFacts({
  product,
  authority,
  fee = product.fee,
  requiredFields = product.requiredFields,
  requiredDocuments = product.requiredDocuments,
  showNeeds = false,
  stacked = false,
}: ProductFactsProps) {
  const { t, i18n } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const config = useClientConfig();
  const formatHours = useFormatHours();
  const platformFeeBps = (config as { platformFeeBps?: number }).platformFeeBps ?? 10;
  const estimate = Number(fee.amount) === 0 ? null : estimateStablecoin({ fee, token: "USDC", platformFeeBps });
  const dtStyle = stacked ? { marginTop: "0.5rem", fontSize: "0.9rem" } : undefined;
  const identity = requiredFields.filter(isIdentityField);
  const answers = requiredFields.filter(isAnswerField);
  return (
    <dl className="facts" style={stacked ? { gridTemplateColumns: "1fr", gap: 0 } : undefined}>
      {authority ? (
        <>
          <dt style={dtStyle}>{t("product.authority")}</dt>
          <dd>{nameOf(authority)}</dd>
        </>
      ) : null}
      <dt style={dtStyle}>{t("product.fee")}</dt>
      <dd data-testid={`fee-${product.id}`}>
        {Number(fee.amount) === 0 ? t("product.free") : formatMoney(fee, language)}
        {estimate ? (
          <>
            <br />
            <span className="muted">{t("product.estimate", { amount: formatMoney(estimate, language) })}</span>
          </>
        ) : null}
      </dd>
      <dt style={dtStyle}>{t("product.processing")}</dt>
      <dd>
        {t("product.processingTime", {
          typical: formatHours(product.processingHours.typical),
          max: formatHours(product.processingHours.max),
        })}
      </dd>
      <dt style={dtStyle}>{t("product.serviceLevel")}</dt>
      <dd data-testid={`service-level-${product.id}`}>
        {t("product.serviceLevelTime", { time: formatHours(product.serviceLevelHours) })}
        {/* A commitment, not what the escrow enforces: only the deadline brings the fee back. */}
        {product.serviceLevelHours < product.processingHours.max ? (
          <>
            <br />
            <span className="muted">
              {t("product.serviceLevelRefund", { max: formatHours(product.processingHours.max) })}
            </span>
          </>
        ) : null}
      </dd>
      <dt style={dtStyle}>{t("product.stay")}</dt>
      <dd>{t("product.stayDays", { count: product.stayDays })}</dd>
      <dt style={dtStyle}>{t("product.entries")}</dt>
      <dd>{t(`entries.${product.entries}`)}</dd>
      <dt style={dtStyle}>{t("product.validity")}</dt>
      <dd>{t("product.validityDays", { count: product.validityDays })}</dd>
      {showNeeds ? (
        <>
          <dt style={dtStyle}>{t("product.needs")}</dt>
          <dd>
            {identity.length > 0 ? <span>{t("product.needsPassport")}</span> : null}
            {answers.length > 0 ? (
              <ul>
                {answers.map((field) => (
                  <li key={field}>{t(`fieldLabel.${field}`)}</li>
                ))}
              </ul>
            ) : null}
          </dd>
          {requiredDocuments.length > 0 ? (
            <>
              <dt style={dtStyle}>{t("product.documents")}</dt>
              <dd>
                <ul>
                  {requiredDocuments.map((document) => (
                    <li key={document}>{t(`document.${document}`)}</li>
                  ))}
                </ul>
                <span className="muted">{t("product.documentsLater")}</span>
              </dd>
            </>
          ) : null}
        </>
      ) : null}
    </dl>
  );
}
