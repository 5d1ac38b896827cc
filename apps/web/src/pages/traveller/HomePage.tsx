import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type RefObject, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/api.ts";
import { purposes } from "../../api/requiredFields.ts";
import type { EligibilityResult, IneligibilityReason } from "../../api/travellerTypes.ts";
import type { Authority, Product, Purpose } from "../../api/types.ts";
import { useCatalogue } from "../../api/useCatalogue.ts";
import { CountrySelect } from "../../components/CountrySelect.tsx";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { FormField } from "../../components/FormField.tsx";
import { ProductFacts } from "../../components/ProductFacts.tsx";
import { countryName, destinationOptions, nationalityOptions } from "../../format/countries.ts";
import { formatDate, localeOf } from "../../format/formatMoney.ts";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { groupEligibility, ineligibilityCodes } from "./groupEligibility.ts";
import { loadTrip, saveTrip, type TripQuery, takeOverServerForm, tripFromSearch } from "./tripQuery.ts";

/** One reason a product is not for this traveller, in words. */
function ReasonText({ reason }: { reason: IneligibilityReason }) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  if (!(ineligibilityCodes as readonly string[]).includes(reason.code)) return <>{t("eligibility.otherReason")}</>;
  return (
    <>
      {t(`ineligible.${reason.code}`, {
        count: reason.days ?? 0,
        date: reason.applyFrom ? formatDate(reason.applyFrom, language) : "",
      })}
    </>
  );
}

/** The eligibility check: nationality, destination, purpose (and optionally dates) → what fits. */
function EligibilityCheck({ authorities }: { authorities: Authority[] }) {
  const { t, i18n } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  // The form the server wrote into the page (usable before the app arrived) is replaced by this one:
  // what the visitor chose there carries over. A trip in the address: that form was sent (before the
  // app arrived, or without script); its results are shown again here, unless the form was changed since.
  const [handover] = useState(() => takeOverServerForm());
  const [asked] = useState(() => (handover.trip ? undefined : tripFromSearch(window.location.search)));
  const [trip, setTrip] = useState<TripQuery>(() => handover.trip ?? asked ?? loadTrip());
  const [showErrors, setShowErrors] = useState(false);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  // The server-written form's lists when it was written in this language (its empty choice reads the
  // same): the same names, sorted the same, without building them again.
  const placeholder = t("eligibility.chooseCountry");
  const written = handover.countries?.placeholder === placeholder ? handover.countries : undefined;
  const nationalities = useMemo(
    () => (written && written.nationalities.length > 0 ? written.nationalities : nationalityOptions(language)),
    [written, language],
  );
  const destinations = useMemo(() => {
    const codes = new Set(authorities.flatMap((authority) => authority.destinations));
    const writtenCodes = written?.destinations.map((option) => option.code) ?? [];
    return written && writtenCodes.length === codes.size && writtenCodes.every((code) => codes.has(code))
      ? written.destinations
      : destinationOptions(codes, language);
  }, [written, authorities, language]);
  const check = useMutation({
    mutationFn: (query: TripQuery) =>
      api<EligibilityResult>("POST", "/eligibility", {
        body: {
          nationality: query.nationality,
          destination: query.destination,
          purpose: query.purpose,
          ...(query.travelDate ? { travelDate: query.travelDate } : {}),
          ...(query.birthDate ? { birthDate: query.birthDate } : {}),
        },
      }),
    onSuccess: () => requestAnimationFrame(() => resultHeading.current?.focus()),
  });
  const errors = {
    nationality: trip.nationality ? undefined : t("eligibility.nationalityRequired"),
    destination: trip.destination ? undefined : t("eligibility.destinationRequired"),
  };
  const set = (field: keyof TripQuery, value: string) => setTrip((current) => ({ ...current, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (errors.nationality || errors.destination) {
      setShowErrors(true);
      document.getElementById(errors.nationality ? "eligibility-nationality" : "eligibility-destination")?.focus();
      return;
    }
    saveTrip(trip);
    check.mutate(trip);
  };
  const groups = check.data ? groupEligibility(check.data) : null;
  const checked = check.variables;
  const started = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on the first render
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const focused = handover.focusedId ? document.getElementById(handover.focusedId) : null;
    if (focused) focused.focus();
    if (asked) {
      saveTrip(asked);
      check.mutate(asked);
    }
  }, []);

  return (
    <section className="card" aria-labelledby="eligibility-title">
      <h2 id="eligibility-title">{t("eligibility.title")}</h2>
      <p className="muted">{t("eligibility.intro")}</p>
      <form noValidate onSubmit={submit} data-testid="eligibility-form">
        <div className="grid">
          <FormField
            id="eligibility-nationality"
            label={t("eligibility.nationality")}
            hint={t("eligibility.nationalityHint")}
            error={showErrors ? errors.nationality : undefined}
          >
            {(control) => (
              <CountrySelect
                {...control}
                name="nationality"
                data-testid="eligibility-nationality"
                options={nationalities}
                placeholder={placeholder}
                value={trip.nationality}
                onChange={(event) => set("nationality", event.target.value)}
              />
            )}
          </FormField>
          <FormField
            id="eligibility-destination"
            label={t("eligibility.destination")}
            error={showErrors ? errors.destination : undefined}
          >
            {(control) => (
              <CountrySelect
                {...control}
                name="destination"
                data-testid="eligibility-destination"
                options={destinations}
                placeholder={placeholder}
                value={trip.destination}
                onChange={(event) => set("destination", event.target.value)}
              />
            )}
          </FormField>
          <FormField id="eligibility-purpose" label={t("eligibility.purpose")}>
            {(control) => (
              <select
                {...control}
                name="purpose"
                data-testid="eligibility-purpose"
                value={trip.purpose}
                onChange={(event) => set("purpose", event.target.value as Purpose)}
              >
                {purposes.map((purpose) => (
                  <option key={purpose} value={purpose}>
                    {t(`purpose.${purpose}`)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id="eligibility-travel-date"
            label={t("eligibility.travelDate")}
            hint={t("eligibility.travelDateHint")}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                name="travelDate"
                data-testid="eligibility-travel-date"
                value={trip.travelDate}
                onChange={(event) => set("travelDate", event.target.value)}
              />
            )}
          </FormField>
          <FormField
            id="eligibility-birth-date"
            label={t("eligibility.birthDate")}
            hint={t("eligibility.birthDateHint")}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                name="birthDate"
                autoComplete="bday"
                data-testid="eligibility-birth-date"
                value={trip.birthDate}
                onChange={(event) => set("birthDate", event.target.value)}
              />
            )}
          </FormField>
        </div>
        <button type="submit" className="button" data-testid="eligibility-submit" disabled={check.isPending}>
          {check.isPending ? t("eligibility.checking") : t("eligibility.submit")}
        </button>
      </form>
      <p role="status" className={check.isPending ? "progress" : "visually-hidden"}>
        {check.isPending ? t("eligibility.checking") : groups ? t("eligibility.done") : ""}
      </p>
      {check.error ? <ErrorNotice error={check.error} actions={{ retry: () => check.mutate(trip) }} /> : null}

      {groups && checked ? (
        <div className="stack" data-testid="eligibility-results">
          <h3 ref={resultHeading} tabIndex={-1}>
            {t("eligibility.resultsTitle", {
              nationality: countryName(checked.nationality, language),
              destination: countryName(checked.destination, language),
              purpose: t(`purpose.${checked.purpose}`),
            })}
          </h3>
          {groups.notCovered ? (
            <p className="notice notice-warn" data-testid="eligibility-not-covered">
              {t("eligibility.notCovered")}
            </p>
          ) : null}
          {groups.noVisaNeeded ? (
            <p className="notice notice-ok" data-testid="eligibility-no-visa">
              {t("eligibility.noVisaNeeded")}
            </p>
          ) : null}
          {groups.eligible.length > 0 ? (
            <>
              <p>{t("eligibility.eligibleCount", { count: groups.eligible.length })}</p>
              <ul className="grid" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {groups.eligible.map((option) => (
                  <li key={option.product.id} className="card stack" data-testid={`eligible-${option.product.id}`}>
                    <h4 style={{ margin: 0 }}>{nameOf(option.product)}</h4>
                    <ProductFacts
                      product={option.product}
                      authority={option.authority}
                      fee={option.fee}
                      requiredFields={option.requiredFields}
                      requiredDocuments={option.requiredDocuments}
                      showNeeds
                      stacked
                    />
                    {option.feeWaiver ? (
                      <p className="notice notice-ok">
                        {option.feeWaiver.code === "age_over"
                          ? t("eligibility.waiverOver", { age: option.feeWaiver.age })
                          : t("eligibility.waiverUnder", { age: option.feeWaiver.age })}
                      </p>
                    ) : null}
                    {option.applyBy ? (
                      <p>{t("eligibility.applyBy", { date: formatDate(option.applyBy, language) })}</p>
                    ) : null}
                    {option.notes.includes("birth_date_needed_for_fee_waiver") ? (
                      <p className="hint">{t("eligibility.birthDateForWaiver")}</p>
                    ) : null}
                    <Link
                      className="button"
                      to={`/apply/${option.product.id}`}
                      data-testid={`apply-${option.product.id}`}
                      aria-label={t("eligibility.applyFor", { name: nameOf(option.product) })}
                    >
                      {t("eligibility.apply")}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : !groups.notCovered && !groups.noVisaNeeded ? (
            <p className="notice notice-warn">{t("eligibility.noneEligible")}</p>
          ) : null}
          {groups.exempt.length > 0 && groups.eligible.length > 0 ? (
            <p className="muted">
              {t("eligibility.exemptFrom", { names: groups.exempt.map((option) => nameOf(option.product)).join(", ") })}
            </p>
          ) : null}
          {groups.ineligible.length > 0 ? (
            <>
              <h4>{t("eligibility.ineligibleTitle")}</h4>
              <ul data-testid="eligibility-ineligible">
                {groups.ineligible.map((option) => (
                  <li key={option.product.id} data-testid={`ineligible-${option.product.id}`}>
                    <strong>{nameOf(option.product)}</strong>
                    {" — "}
                    {option.reasons.map((reason, index) => (
                      <span key={reason.code}>
                        {index > 0 ? "; " : ""}
                        <ReasonText reason={reason} />
                      </span>
                    ))}
                    {option.reasons.some((reason) => reason.code === "nationality_not_eligible") &&
                    groups.eligible.length > 0 ? (
                      <p className="hint" data-testid={`instead-${option.product.id}`} style={{ margin: 0 }}>
                        {t("eligibility.instead", {
                          names: new Intl.ListFormat(localeOf(language), { type: "disjunction" }).format(
                            groups.eligible.map((eligible) => nameOf(eligible.product)),
                          ),
                        })}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** One authority's products in the catalogue. */
function AuthorityProducts({ authority, products }: { authority: Authority; products: Product[] }) {
  const { t, i18n } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const formatSla = (hours: number) =>
    hours < 48 ? t("duration.hours", { count: hours }) : t("duration.days", { count: Math.ceil(hours / 24) });
  return (
    <section className="stack" aria-labelledby={`authority-${authority.id}`}>
      <h3 id={`authority-${authority.id}`}>
        {authority.country === "EU" ? t("catalogue.eu") : countryName(authority.country, language)}
        <span className="muted" style={{ fontWeight: 400 }}>
          {" "}
          · {nameOf(authority)}
        </span>
      </h3>
      <p className="muted">
        {t("catalogue.sla", { time: formatSla(authority.processingSlaHours) })}{" "}
        <a href={authority.website} target="_blank" rel="noreferrer">
          {t("catalogue.website")}
        </a>
      </p>
      <ul className="grid" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {products.map((product) => (
          <li key={product.id} className="card stack" data-testid={`product-${product.id}`}>
            <h4 style={{ margin: 0 }}>{nameOf(product)}</h4>
            <p className="muted" style={{ margin: 0 }}>
              {product.purposes.map((purpose) => t(`purpose.${purpose}`)).join(" · ")}
            </p>
            <ProductFacts product={product} stacked />
            <Link
              className="button button-quiet"
              to={`/apply/${product.id}`}
              data-testid={`catalogue-apply-${product.id}`}
              aria-label={t("eligibility.applyFor", { name: nameOf(product) })}
            >
              {t("eligibility.apply")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * How many of `total` entries to show: one more each time the browser has had a turn, so that a long
 * list goes into the page as a series of short tasks (a commit, its style and layout each) rather than
 * one that holds a phone's main thread for hundreds of milliseconds (Lighthouse's total blocking time).
 *
 * @example
 * const shown = useRevealed(authorities.length); authorities.slice(0, shown).map(…)
 */
function useRevealed(total: number): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (count >= total) return;
    const timer = setTimeout(() => setCount((current) => current + 1), 0);
    return () => clearTimeout(timer);
  }, [count, total]);
  return Math.min(count, total);
}

/**
 * Whether `ref`'s element has come within a quarter of a screen's height of the viewport (from then
 * on, for good): what lies below the fold is rendered as the visitor scrolls towards it, not while the
 * page starts on a phone. (With a whole screen's margin the catalogue, which begins about one and a
 * half screens down on a phone, was rendered during start-up: half of its main-thread work.) At once
 * without IntersectionObserver.
 *
 * @example
 * const near = useNearViewport(section, Boolean(data));
 */
function useNearViewport(ref: RefObject<HTMLElement | null>, active: boolean): boolean {
  const [near, setNear] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const element = ref.current;
    if (near || !active || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: "0px 0px 25% 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near, active, ref]);
  return near;
}

/**
 * The home page: what Entrada does, the eligibility check for a trip (what fits, what it costs in
 * the local currency and about what in a stablecoin, what is needed, and why the rest does not fit),
 * and the whole catalogue by authority.
 */
export function HomePage() {
  const { t } = useTranslation("traveller");
  const catalogue = useCatalogue();
  // The whole catalogue, below the form, is rendered after it, in the background (the first render
  // shows none of it: null, as undefined would mean no deferring): on a phone the form is usable
  // hundreds of milliseconds sooner.
  const listed = useDeferredValue(catalogue.data, null);
  // …once the visitor scrolls towards it (on a phone it is well below the fold), an authority at a time.
  const catalogueSection = useRef<HTMLElement>(null);
  const near = useNearViewport(catalogueSection, Boolean(listed));
  const shown = useRevealed(near ? (listed?.authorities.length ?? 0) : 0);
  return (
    <div className="stack">
      <h1>{t("home.title")}</h1>
      <p>{t("home.intro")}</p>
      <ul>
        <li>{t("home.promiseRefund")}</li>
        <li>{t("home.promiseFee")}</li>
        <li>{t("home.promiseLive")}</li>
      </ul>
      {catalogue.error ? (
        <ErrorNotice error={catalogue.error} actions={{ retry: () => void catalogue.refetch() }} />
      ) : null}
      {catalogue.isLoading ? (
        <p className="progress" role="status">
          {t("home.loadingCatalogue")}
        </p>
      ) : null}
      <EligibilityCheck authorities={catalogue.data?.authorities ?? []} />
      {listed ? (
        <section ref={catalogueSection} aria-labelledby="catalogue-title" data-testid="catalogue">
          <h2 id="catalogue-title">{t("catalogue.title")}</h2>
          {listed.authorities.slice(0, shown).map((authority) => (
            <AuthorityProducts
              key={authority.id}
              authority={authority}
              products={listed.products.filter((product) => product.authorityId === authority.id)}
            />
          ))}
        </section>
      ) : null}
    </div>
  );
}
