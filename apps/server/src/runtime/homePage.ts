import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  type Catalogue,
  checkEligibility,
  type EligibilityResult,
  formatMoney,
  type IneligibleProduct,
  localizedName,
  type Money,
} from "@entrada/core";

/** The languages the home page is written in (the web app's, `apps/web/src/i18n/languages.ts`). */
export const homeLanguages = ["en", "zh", "es"] as const;

/** A language the home page is written in. */
export type HomeLanguage = (typeof homeLanguages)[number];

/**
 * The cookie the web app keeps the visitor's language in (besides `localStorage`), so that the server
 * writes the next home page in it: the switcher's choice, else the language the app detected.
 */
export const languageCookie = "entrada_language";

const intlLocale: Record<HomeLanguage, string> = { en: "en", zh: "zh-CN", es: "es" };
const purposes = ["tourist", "business", "transit"] as const;
const calendarDate = /^\d{4}-\d{2}-\d{2}$/;

function toHomeLanguage(tag: string | undefined): HomeLanguage | undefined {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return homeLanguages.find((language) => language === base);
}

/**
 * The language to write the home page in: the stored choice (cookie), else the first language of
 * Accept-Language (by q) that Entrada speaks, else English, as the web app picks it.
 *
 * @example
 * pickHomeLanguage({ cookie: undefined, acceptLanguage: "fr-FR,es;q=0.8,en;q=0.5" }) // "es"
 */
export function pickHomeLanguage({
  cookie,
  acceptLanguage,
}: {
  cookie: string | undefined;
  acceptLanguage: string | undefined;
}): HomeLanguage {
  const stored = toHomeLanguage(cookie);
  if (stored) return stored;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((range, index) => {
      const [tag = "", ...parameters] = range.split(";").map((part) => part.trim());
      const q = parameters.find((parameter) => parameter.toLowerCase().startsWith("q="));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { tag, quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((range) => range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const language = toHomeLanguage(tag);
    if (language) return language;
  }
  return "en";
}

/** What the web build writes for the server per language (apps/web/build/serverStrings.ts). */
export type HomeStrings = {
  common: Record<string, unknown>;
  traveller: Record<string, unknown>;
  nationalities: readonly { code: string; name: string }[];
};

type Values = Record<string, string | number>;

/**
 * `t("traveller:eligibility.title")` over the web app's translations, with what of i18next's the home
 * page's messages use: `{{value}}`, `{{count, number}}`, `{{name, cjk}}` and `_one`/`_other` plurals.
 */
function translator(strings: HomeStrings, language: HomeLanguage) {
  const locale = intlLocale[language];
  const plural = new Intl.PluralRules(locale);
  const lookup = (namespace: "common" | "traveller", path: string): string | undefined => {
    let node: unknown = strings[namespace];
    for (const part of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
    return typeof node === "string" ? node : undefined;
  };
  return (key: string, values: Values = {}): string => {
    const [namespace, path] = key.includes(":") ? (key.split(":") as [string, string]) : ["traveller", key];
    const ns = namespace === "common" ? "common" : "traveller";
    const message =
      (typeof values.count === "number"
        ? (lookup(ns, `${path}_${plural.select(values.count)}`) ?? lookup(ns, `${path}_other`))
        : undefined) ??
      lookup(ns, path) ??
      key;
    return message.replace(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g, (_all, name: string, format?: string) => {
      const value = values[name];
      if (value === undefined) return "";
      if (format === "number" && typeof value === "number") return new Intl.NumberFormat(locale).format(value);
      if (format === "cjk") return spaceForChinese(String(value));
      return String(value);
    });
  };
}

/** A name set apart with spaces where Latin script meets Chinese text (the web app's `cjk` format). */
function spaceForChinese(value: string): string {
  const latinOrDigit = /[A-Za-z0-9]/;
  return `${latinOrDigit.test(value.charAt(0)) ? " " : ""}${value}${latinOrDigit.test(value.at(-1) ?? "") ? " " : ""}`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!,
  );
}

/** The trip a submitted form (the page's query string) describes; `undefined` when nothing was sent. */
export type HomeQuery = {
  nationality: string;
  destination: string;
  purpose: (typeof purposes)[number];
  travelDate: string;
  birthDate: string;
};

/**
 * The trip in a query string as the form sends it (`?nationality=USA&destination=GB&purpose=tourist`),
 * each value kept only when it is one the form offers; `undefined` when the form was not submitted.
 *
 * @example
 * homeQuery(new URLSearchParams("nationality=USA&destination=GB&purpose=tourist"))
 * // { nationality: "USA", destination: "GB", purpose: "tourist", travelDate: "", birthDate: "" }
 */
export function homeQuery(search: URLSearchParams): HomeQuery | undefined {
  if (!["nationality", "destination", "purpose"].some((field) => search.has(field))) return undefined;
  const text = (field: string) => search.get(field)?.trim() ?? "";
  const date = (field: string) => (calendarDate.test(text(field)) ? text(field) : "");
  const purpose = purposes.find((candidate) => candidate === text("purpose")) ?? "tourist";
  return {
    nationality: /^[A-Z]{3}$/.test(text("nationality")) ? text("nationality") : "",
    destination: /^[A-Z]{2}$/.test(text("destination")) ? text("destination") : "",
    purpose,
    travelDate: date("travelDate"),
    birthDate: date("birthDate"),
  };
}

/** Parameters of {@link renderHomeMarkup}. */
export type RenderHomeParameters = {
  strings: HomeStrings;
  language: HomeLanguage;
  catalogue: Catalogue;
  query: HomeQuery | undefined;
  /** Today, `YYYY-MM-DD` (for the application windows of the eligibility check). */
  today: string;
};

/**
 * The home page's header and eligibility form (and, for a submitted form, its results) as HTML in
 * `language`: the markup and classes of the web app's own (`Layout`, `HomePage`), so that the app's
 * first render, which replaces it, does not move what the visitor sees. A plain `<form method="get">`:
 * submitted before the app's script has arrived, or without script at all, it comes back here with
 * the results.
 *
 * @example
 * renderHomeMarkup({ strings, language: "zh", catalogue, query: undefined, today: "2026-12-07" })
 */
export function renderHomeMarkup({ strings, language, catalogue, query, today }: RenderHomeParameters): string {
  const t = translator(strings, language);
  const locale = intlLocale[language];
  const e = escapeHtml;
  const regionNames = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  const collator = new Intl.Collator(locale);
  const destinations = [...new Set(catalogue.authorities.flatMap((authority) => authority.destinations))]
    .map((code) => ({ code, name: regionNames.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const nationalityCodes = new Set(strings.nationalities.map((option) => option.code));
  const trip: HomeQuery = query
    ? {
        ...query,
        nationality: nationalityCodes.has(query.nationality) ? query.nationality : "",
        destination: destinations.some((option) => option.code === query.destination) ? query.destination : "",
      }
    : { nationality: "", destination: "", purpose: "tourist", travelDate: "", birthDate: "" };
  const errors = {
    nationality: query && !trip.nationality ? t("eligibility.nationalityRequired") : undefined,
    destination: query && !trip.destination ? t("eligibility.destinationRequired") : undefined,
  };
  const result =
    query && !errors.nationality && !errors.destination
      ? checkEligibility(
          {
            nationality: trip.nationality,
            destination: trip.destination,
            purpose: trip.purpose,
            ...(trip.travelDate ? { travelDate: trip.travelDate } : {}),
            ...(trip.birthDate ? { birthDate: trip.birthDate } : {}),
            today,
          },
          catalogue,
        )
      : undefined;

  const field = (
    id: string,
    label: string,
    hint: string | undefined,
    error: string | undefined,
    control: (attributes: string) => string,
  ) => {
    const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
    return [
      `<div class="field"><label for="${id}">${e(label)}</label>`,
      hint ? `<div class="hint" id="${id}-hint">${e(hint)}</div>` : "",
      control(`id="${id}"${described ? ` aria-describedby="${described}"` : ""}${error ? ' aria-invalid="true"' : ""}`),
      error ? `<div class="field-error" id="${id}-error">${e(error)}</div>` : "",
      "</div>",
    ].join("");
  };
  const options = (choices: readonly { code: string; name: string }[], selected: string, placeholder?: string) =>
    (placeholder === undefined ? "" : `<option value="">${e(placeholder)}</option>`) +
    choices
      .map(
        (choice) =>
          `<option value="${e(choice.code)}"${choice.code === selected ? " selected" : ""}>${e(choice.name)}</option>`,
      )
      .join("");

  const header = [
    `<a class="skip-link" href="#main">${e(t("common:nav.skip"))}</a>`,
    '<header class="site-header" data-menu="closed">',
    `<a href="/" class="brand" aria-label="${e(t("common:nav.homeLabel"))}"><img src="/icon.svg" alt="" width="28" height="28" /><span>Entrada</span></a>`,
    `<div class="header-menu"><nav aria-label="${e(t("common:nav.label"))}"><ul>`,
    `<li><a href="/" aria-current="page" class="active">${e(t("common:nav.visas"))}</a></li>`,
    `<li><a href="/applications">${e(t("common:nav.applications"))}</a></li>`,
    `<li><a href="/officer">${e(t("common:nav.officer"))}</a></li>`,
    "</ul></nav></div></header>",
  ].join("");

  const form = [
    '<section class="card" aria-labelledby="eligibility-title">',
    `<h2 id="eligibility-title">${e(t("eligibility.title"))}</h2>`,
    `<p class="muted">${e(t("eligibility.intro"))}</p>`,
    '<form method="get" action="/#eligibility-results" data-testid="eligibility-form" data-server-form=""><div class="grid">',
    field(
      "eligibility-nationality",
      t("eligibility.nationality"),
      t("eligibility.nationalityHint"),
      errors.nationality,
      (attributes) =>
        `<select ${attributes} name="nationality" data-testid="eligibility-nationality">${options(strings.nationalities, trip.nationality, t("eligibility.chooseCountry"))}</select>`,
    ),
    field(
      "eligibility-destination",
      t("eligibility.destination"),
      undefined,
      errors.destination,
      (attributes) =>
        `<select ${attributes} name="destination" data-testid="eligibility-destination">${options(destinations, trip.destination, t("eligibility.chooseCountry"))}</select>`,
    ),
    field(
      "eligibility-purpose",
      t("eligibility.purpose"),
      undefined,
      undefined,
      (attributes) =>
        `<select ${attributes} name="purpose" data-testid="eligibility-purpose">${options(
          purposes.map((purpose) => ({ code: purpose, name: t(`purpose.${purpose}`) })),
          trip.purpose,
        )}</select>`,
    ),
    field(
      "eligibility-travel-date",
      t("eligibility.travelDate"),
      t("eligibility.travelDateHint"),
      undefined,
      (attributes) =>
        `<input ${attributes} type="date" name="travelDate" data-testid="eligibility-travel-date" value="${e(trip.travelDate)}" />`,
    ),
    field(
      "eligibility-birth-date",
      t("eligibility.birthDate"),
      t("eligibility.birthDateHint"),
      undefined,
      (attributes) =>
        `<input ${attributes} type="date" name="birthDate" autocomplete="bday" data-testid="eligibility-birth-date" value="${e(trip.birthDate)}" />`,
    ),
    "</div>",
    `<button type="submit" class="button" data-testid="eligibility-submit">${e(t("eligibility.submit"))}</button>`,
    "</form>",
    `<p role="status" class="visually-hidden">${result ? e(t("eligibility.done")) : ""}</p>`,
    result
      ? resultsMarkup(result, trip, {
          t,
          language,
          regionNames,
          nationalityName: strings.nationalities.find((option) => option.code === trip.nationality)?.name ?? "",
        })
      : "",
    "</section>",
  ].join("");

  return [
    header,
    '<main id="main" tabindex="-1"><div class="stack">',
    `<h1>${e(t("home.title"))}</h1>`,
    `<p>${e(t("home.intro"))}</p>`,
    `<ul><li>${e(t("home.promiseRefund"))}</li><li>${e(t("home.promiseFee"))}</li><li>${e(t("home.promiseLive"))}</li></ul>`,
    form,
    "</div></main>",
  ].join("");
}

/** The results of a check, as the web app's home page lists them (fewer details: the app adds them). */
function resultsMarkup(
  result: EligibilityResult,
  trip: HomeQuery,
  {
    t,
    language,
    regionNames,
    nationalityName,
  }: {
    t: ReturnType<typeof translator>;
    language: HomeLanguage;
    regionNames: Intl.DisplayNames;
    nationalityName: string;
  },
): string {
  const e = escapeHtml;
  const locale = intlLocale[language];
  const nameOf = (entry: { names: Parameters<typeof localizedName>[0] }) => localizedName(entry.names, language);
  const formatFee = (fee: Money) =>
    fee.amount === 0n
      ? t("product.free")
      : new Intl.NumberFormat(locale, { style: "currency", currency: fee.currency }).format(
          formatMoney(fee) as Intl.StringNumericLiteral,
        );
  const formatDate = (date: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
  // The trip goes with the link to apply, for the app to prefill the application with (as after its own check).
  const tripSearch = new URLSearchParams(Object.entries(trip).filter(([, value]) => value !== "")).toString();
  const isExempt = (option: IneligibleProduct) => option.reasons.some((reason) => reason.code === "visa_exempt");
  const exempt = result.ineligible.filter(isExempt);
  const ineligible = result.ineligible.filter((option) => !isExempt(option));
  const eligible = result.eligible;
  const noVisaNeeded = eligible.length === 0 && exempt.length > 0;
  const reasonText = (reason: IneligibleProduct["reasons"][number]) =>
    reason.code === "visa_exempt"
      ? ""
      : t(`ineligible.${reason.code}`, {
          count: reason.days ?? 0,
          date: reason.applyFrom ? formatDate(reason.applyFrom) : "",
        });
  return [
    '<div class="stack" data-testid="eligibility-results">',
    `<h3 id="eligibility-results" tabindex="-1">${e(
      t("eligibility.resultsTitle", {
        nationality: nationalityName,
        destination: regionNames.of(trip.destination) ?? trip.destination,
        purpose: t(`purpose.${trip.purpose}`),
      }),
    )}</h3>`,
    result.destinationCovered
      ? ""
      : `<p class="notice notice-warn" data-testid="eligibility-not-covered">${e(t("eligibility.notCovered"))}</p>`,
    noVisaNeeded
      ? `<p class="notice notice-ok" data-testid="eligibility-no-visa">${e(t("eligibility.noVisaNeeded"))}</p>`
      : "",
    eligible.length > 0
      ? [
          `<p>${e(t("eligibility.eligibleCount", { count: eligible.length }))}</p>`,
          '<ul class="grid plain-list">',
          ...eligible.map((option) =>
            [
              `<li class="card stack" data-testid="eligible-${e(option.product.id)}">`,
              `<h4 class="flush">${e(nameOf(option.product))}</h4>`,
              `<dl><dt>${e(t("product.authority"))}</dt><dd>${e(nameOf(option.authority))}</dd>`,
              `<dt>${e(t("product.fee"))}</dt><dd data-testid="fee-${e(option.product.id)}">${e(formatFee(option.fee))}</dd></dl>`,
              option.applyBy ? `<p>${e(t("eligibility.applyBy", { date: formatDate(option.applyBy) }))}</p>` : "",
              `<a class="button" href="/apply/${e(option.product.id)}?${e(tripSearch)}" data-testid="apply-${e(option.product.id)}" aria-label="${e(
                t("eligibility.applyFor", { name: nameOf(option.product) }),
              )}">${e(t("eligibility.apply"))}</a>`,
              "</li>",
            ].join(""),
          ),
          "</ul>",
        ].join("")
      : result.destinationCovered && !noVisaNeeded
        ? `<p class="notice notice-warn">${e(t("eligibility.noneEligible"))}</p>`
        : "",
    exempt.length > 0 && eligible.length > 0
      ? `<p class="muted">${e(t("eligibility.exemptFrom", { names: exempt.map((option) => nameOf(option.product)).join(", ") }))}</p>`
      : "",
    ineligible.length > 0
      ? [
          `<h4>${e(t("eligibility.ineligibleTitle"))}</h4>`,
          '<ul data-testid="eligibility-ineligible">',
          ...ineligible.map(
            (option) =>
              `<li data-testid="ineligible-${e(option.product.id)}"><strong>${e(nameOf(option.product))}</strong> — ${e(
                option.reasons.map(reasonText).filter(Boolean).join("; ") || t("eligibility.otherReason"),
              )}</li>`,
          ),
          "</ul>",
        ].join("")
      : "",
    "</div>",
  ].join("");
}

/** Parameters of {@link createHomePage}. */
export type CreateHomePageParameters = {
  /** The built web app: `index.html` and `server-strings/<language>.json`. */
  distDir: string;
  catalogue: Catalogue;
  clock: () => Date;
};

/** Writes the home page for one visitor; `undefined` when the build has no page or strings to write it with. */
export type HomePage = (visitor: { language: HomeLanguage; search: URLSearchParams }) => Promise<string | undefined>;

/**
 * The home page as the server sends it: the built `index.html` with, in `#root` between its home
 * markers, the header and eligibility form in the visitor's language ({@link renderHomeMarkup}),
 * `<html lang>` set to it, and the app's stylesheet inline (one round trip less before the first paint). The page and the translations are read again when the build changes them.
 *
 * @example
 * const homePage = createHomePage({ distDir, catalogue, clock });
 * await homePage({ language: "zh", search: new URLSearchParams() }) // "<!doctype html>…"
 */
export function createHomePage({ distDir, catalogue, clock }: CreateHomePageParameters): HomePage {
  const files = new Map<string, { mtimeMs: number; size: number; text: string }>();
  async function read(name: string): Promise<string | undefined> {
    const path = join(distDir, name);
    try {
      const { mtimeMs, size } = await stat(path);
      const known = files.get(name);
      if (known?.mtimeMs === mtimeMs && known.size === size) return known.text;
      const text = await readFile(path, "utf8");
      files.set(name, { mtimeMs, size, text });
      return text;
    } catch {
      return undefined;
    }
  }
  const markers = /<!--home-->[\s\S]*<!--\/home-->/;
  return async ({ language, search }) => {
    const [index, stringsText] = await Promise.all([read("index.html"), read(`server-strings/${language}.json`)]);
    if (index === undefined || stringsText === undefined || !markers.test(index)) return undefined;
    const strings = JSON.parse(stringsText) as HomeStrings;
    const markup = renderHomeMarkup({
      strings,
      language,
      catalogue,
      query: homeQuery(search),
      today: clock().toISOString().slice(0, 10),
    });
    // The app's stylesheet, written into the page: the form is painted with the page itself, not one
    // more round trip later (562 ms on a slow phone network). The reply's CSP allows this <style> by
    // its hash, as the shell's. (A stylesheet that names other files by relative URL stays a link.)
    let page = index;
    for (const link of index.matchAll(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g)) {
      const css = await read(link[1]!);
      if (css !== undefined && !/url\(|<\/style/i.test(css))
        page = page.replace(link[0], () => `<style>${css}</style>`);
    }
    // The page works without script, so its "needs JavaScript" line (in English) goes.
    // The description search engines and link previews show, in the page's language (the shell's is English).
    const description = translator(strings, language)("common:meta.description");
    return page
      .replace(/<html lang="[^"]*"/, `<html lang="${intlLocale[language]}"`)
      .replace(/<meta name="description" content="[^"]*"\s*\/?>/, (meta) =>
        // Strings of a build older than the key: the shell's own stays.
        description === "common:meta.description"
          ? meta
          : `<meta name="description" content="${escapeHtml(description)}" />`,
      )
      .replace(markers, () => markup)
      .replace(/<noscript>[\s\S]*?<\/noscript>/, "");
  };
}
