/**
 * What the traveller components' tests share: the app's providers around a component in a chosen
 * language (its real translations, a local chain's client config, a fresh query cache, a router), and
 * the check that a rendered text writes every number in that language's way. Used by *.test.tsx only.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import i18next from "i18next";
import type { ReactElement } from "react";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { MemoryRouter, Route, Routes } from "react-router";
import { ClientConfigContext } from "../../api/ClientConfigContext.tsx";
import type { EligibilityResult } from "../../api/travellerTypes.ts";
import type { Authority, ClientConfig, Product } from "../../api/types.ts";
import { type Language, namespaces } from "../../i18n/languages.ts";
import { resources } from "../../i18n/resources.ts";
import { localConfig } from "../officer/officerTestKit.tsx";

/** Renders `element` in `language` with the app's providers, at `path` (matched by `route`). */
export async function renderInLanguage(
  element: ReactElement,
  {
    language = "en",
    path = "/",
    route = "/",
    config = localConfig,
  }: { language?: Language; path?: string; route?: string; config?: ClientConfig } = {},
) {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: "en",
    supportedLngs: ["en", "zh", "es"],
    ns: [...namespaces],
    defaultNS: "common",
    interpolation: { escapeValue: false },
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(
    <I18nextProvider i18n={i18n}>
      <ClientConfigContext.Provider value={config}>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={route} element={element} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </ClientConfigContext.Provider>
    </I18nextProvider>,
  );
  return { ...result, queryClient, i18n };
}

/**
 * The numbers in `text` not written the language's way: a decimal point in Spanish (which writes
 * 1,27 and 1.000), a decimal comma in Chinese (1.27 and 1,000), an ISO date, an integer the size of
 * base units.
 *
 * @example
 * unformattedNumbers("Total 20.32 USDC", "es") // ["Total 20.32 USDC"]
 */
export function unformattedNumbers(text: string, language: "es" | "zh"): string[] {
  const patterns = [
    language === "es" ? /\d\.(?:\d{1,2}|\d{4,})(?!\d)/g : /\d,(?:\d{1,2}|\d{4,})(?!\d)/g,
    /\b\d{4}-\d{2}-\d{2}\b/g,
    /(?<![\d.,])\d{7,}(?![\d.,])/g,
  ];
  return patterns.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => text.slice(Math.max(0, match.index - 25), match.index + 25)),
  );
}

/** India's e-visa authority, for the eligibility tests. */
export const india: Authority = {
  id: "in-evisa",
  name: "Ministry of Home Affairs",
  names: { en: "Ministry of Home Affairs", zh: "印度内政部", es: "Ministerio del Interior de la India" },
  country: "IN",
  destinations: ["IN"],
  currency: "USD",
  processingSlaHours: 72,
  website: "https://indianvisaonline.gov.in",
};

function visa(id: string, en: string, zh: string, es: string): Product {
  return {
    id,
    authorityId: "in-evisa",
    name: en,
    names: { en, zh, es },
    type: "evisa",
    purposes: ["business"],
    fee: { amount: "8000", currency: "USD", formatted: "80.00" },
    stayDays: 180,
    entries: "multiple",
    validityDays: 365,
    processingHours: { typical: 72, max: 96 },
    serviceLevelHours: 96,
    requiredFields: [],
    requiredDocuments: [],
    minDaysBeforeTravel: null,
    maxDaysBeforeTravel: null,
  };
}

/** A product closed to the tests' nationality. */
export const refusedVisa = visa(
  "in-ebusiness-1y",
  "e-Business visa, 1 year",
  "电子商务签证（1 年）",
  "e-Visado de negocios, 1 año",
);
/** A product open to it. */
export const openVisa = visa(
  "in-ebusiness-30d",
  "e-Business visa, 30 days",
  "电子商务签证（30 天）",
  "e-Visado de negocios, 30 días",
);

/** The eligibility check's answer for the nationality: `eligible` open to it, the refused product not. */
export function eligibilityAnswer(eligible: Product[]): EligibilityResult {
  const option = (product: Product) => ({
    product,
    authority: india,
    fee: product.fee,
    feeWaiver: null,
    requiredFields: [],
    requiredDocuments: [],
    applyBy: null,
    notes: [],
  });
  return {
    destinationCovered: true,
    eligible: eligible.map(option),
    ineligible: [{ product: refusedVisa, authority: india, reasons: [{ code: "nationality_not_eligible" }] }],
  };
}
