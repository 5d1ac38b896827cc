// The demo catalogue: the eight authorities registered on the development chain (contracts/demo.ts)
// with their published fees and rules. Fees and rules change; each product cites where they were
// published, and an operator checks them before charging anyone. Nationality lists name the
// nationalities we could confirm, not necessarily every one the authority admits.

import type { Money } from "../money/Money.ts";
import type { Authority } from "./Authority.ts";
import { type Catalogue, createCatalogue } from "./createCatalogue.ts";
import type { LocalizedName } from "./LocalizedName.ts";
import type { Product, RequiredDocument, RequiredField } from "./Product.ts";

const usd = (amount: bigint): Money => ({ amount, currency: "USD" });
/** Country codes written as one space-separated line, so long lists stay readable. */
const codes = (list: string): readonly string[] => list.split(" ");
const thb = (amount: bigint): Money => ({ amount, currency: "THB" });
/** A catalogue entry's names: `name` is the English one. */
const named = (names: LocalizedName): { name: string; names: LocalizedName } => ({ name: names.en, names });

/** Fields every product needs; they come from the traveller's identity credential. */
const identity: readonly RequiredField[] = [
  "given_names",
  "surname",
  "date_of_birth",
  "sex",
  "nationality",
  "passport_number",
  "passport_expiry_date",
  "passport_issuing_country",
];

/** EU member states (alpha-3): free movement, so no ETIAS and no UK ETA needed by them. */
const eu = codes(
  "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK SVN ESP SWE",
);
/** EEA members outside the EU, and Switzerland. */
const eeaAndSwiss = codes("ISL LIE NOR CHE");

/**
 * The 29 Schengen states plus Cyprus: the 30 countries an ETIAS authorisation admits to.
 * Source: travel-europe.europa.eu/etias (the list of ETIAS countries).
 */
const etiasCountries = codes(
  "AT BE BG HR CY CZ DK EE FI FR DE GR HU IS IT LV LI LT LU MT NL NO PL PT RO SK SI ES SE CH",
);

/**
 * The eight member authorities. Their slugs are their on-chain ids (`authorityId(slug)`), so they
 * match `demoAuthoritySlugs` in contracts/demo.ts and never change.
 *
 * @example
 * seedAuthorities.map((a) => a.id) // ["th-evisa", "in-evisa", "gb-eta", "us-esta", "tr-evisa", "ke-eta", "au-eta", "eu-etias"]
 */
export const seedAuthorities: readonly Authority[] = [
  {
    id: "th-evisa",
    ...named({
      en: "Ministry of Foreign Affairs of the Kingdom of Thailand",
      zh: "泰王国外交部",
      es: "Ministerio de Asuntos Exteriores del Reino de Tailandia",
    }),
    country: "TH",
    destinations: ["TH"],
    currency: "THB",
    // "5-10 working days": two calendar weeks.
    processingSlaHours: 14 * 24,
    website: "https://www.thaievisa.go.th",
  },
  {
    id: "in-evisa",
    ...named({
      en: "Bureau of Immigration, Ministry of Home Affairs, India",
      zh: "印度内政部移民局",
      es: "Oficina de Inmigración del Ministerio del Interior de la India",
    }),
    country: "IN",
    destinations: ["IN"],
    // India publishes and charges e-Visa fees in US dollars.
    currency: "USD",
    processingSlaHours: 72,
    website: "https://indianvisaonline.gov.in/evisa",
  },
  {
    id: "gb-eta",
    ...named({
      en: "UK Home Office",
      zh: "英国内政部",
      es: "Ministerio del Interior del Reino Unido (Home Office)",
    }),
    country: "GB",
    destinations: ["GB"],
    currency: "GBP",
    // "Usually within minutes; allow 3 working days."
    processingSlaHours: 72,
    website: "https://www.gov.uk/guidance/apply-for-an-electronic-travel-authorisation-eta",
  },
  {
    id: "us-esta",
    ...named({
      en: "U.S. Customs and Border Protection",
      zh: "美国海关与边境保护局",
      es: "Oficina de Aduanas y Protección Fronteriza de EE. UU.",
    }),
    country: "US",
    destinations: ["US"],
    currency: "USD",
    processingSlaHours: 72,
    website: "https://esta.cbp.dhs.gov",
  },
  {
    id: "tr-evisa",
    ...named({
      en: "Ministry of Foreign Affairs of the Republic of Türkiye",
      zh: "土耳其共和国外交部",
      es: "Ministerio de Asuntos Exteriores de la República de Türkiye",
    }),
    country: "TR",
    destinations: ["TR"],
    // The Turkish e-Visa is charged in US dollars only.
    currency: "USD",
    processingSlaHours: 48,
    website: "https://www.evisa.gov.tr",
  },
  {
    id: "ke-eta",
    ...named({
      en: "Directorate of Immigration Services, Kenya",
      zh: "肯尼亚移民服务局",
      es: "Dirección de Servicios de Inmigración de Kenia",
    }),
    country: "KE",
    destinations: ["KE"],
    currency: "USD",
    // "3 working days": up to five calendar days over a weekend.
    processingSlaHours: 5 * 24,
    website: "https://www.etakenya.go.ke",
  },
  {
    id: "au-eta",
    ...named({
      en: "Australian Government Department of Home Affairs",
      zh: "澳大利亚政府内政部",
      es: "Departamento del Interior del Gobierno de Australia",
    }),
    country: "AU",
    destinations: ["AU"],
    currency: "AUD",
    processingSlaHours: 72,
    website: "https://immi.homeaffairs.gov.au/visas/getting-a-visa/visa-listing/electronic-travel-authority-601",
  },
  {
    id: "eu-etias",
    ...named({
      en: "European Travel Information and Authorisation System (Frontex ETIAS Central Unit)",
      zh: "欧洲旅行信息和授权系统（欧洲边境和海岸警卫局 ETIAS 中央单位）",
      es: "Sistema Europeo de Información y Autorización de Viajes (Unidad Central ETIAS de Frontex)",
    }),
    country: "EU",
    destinations: etiasCountries,
    currency: "EUR",
    // "Within minutes, up to 96 hours" (longer only when more information is requested).
    processingSlaHours: 96,
    website: "https://travel-europe.europa.eu/etias_en",
  },
];

// Thailand charges per embassy in local currency (the Los Angeles consulate: USD 40 single and 200
// multiple tourist, 35 transit, 80 / 200 non-immigrant B). The seed models the Ministry's own THB
// schedule, which the embassy amounts are converted from.
const thaiSource =
  "https://www.mfa.go.th/en/content/visa-fees; https://thaiconsulatela.thaiembassy.org/en/page/visa-types-requirments";
const thaiFields: readonly RequiredField[] = [
  ...identity,
  "email",
  "phone",
  "home_address",
  "occupation",
  "travel_dates",
  "address_in_destination",
];
const thaiTravelDocuments: readonly RequiredDocument[] = [
  "passport_bio_page",
  "photo",
  "return_ticket",
  "accommodation_booking",
  "proof_of_funds",
];
/**
 * Nationalities that may enter Thailand for tourism without a visa (60 days since 15 July 2024; the
 * full scheme lists 93 countries; China under a bilateral 30-day exemption since 1 March 2024).
 */
const thaiVisaExempt = codes("GBR USA CAN AUS NZL JPN KOR SGP MYS CHN DEU FRA ITA ESP NLD CHE SWE NOR DNK IRL");

// India: 30-day e-Tourist USD 25 from July to March (USD 10 April–June, not modelled: the seed
// charges the peak fee), 1-year USD 40, 5-year USD 80; Japan, Singapore and Sri Lanka pay USD 25 for
// the 1- and 5-year visas. Apply 4 to 30 days ahead. A 2.5 % bank charge on the official portal
// does not apply to stablecoin payments.
const indiaSource =
  "https://indianvisaonline.gov.in/evisa/tvoa.html; Ministry of Tourism, 17 Sep 2019 (e-Tourist fees: 30 days USD 25 / 10, 1 year USD 40, 5 years USD 80; Japan, Singapore, Sri Lanka USD 25)";
const indiaFields: readonly RequiredField[] = [
  ...identity,
  "place_of_birth",
  "passport_issue_date",
  "email",
  "phone",
  "home_address",
  "occupation",
  "parents_names",
  "travel_dates",
  "address_in_destination",
  "previous_travel",
];
const indiaReducedFee = { JPN: usd(2500n), SGP: usd(2500n), LKA: usd(2500n) };
/** Pakistani nationals must apply at a mission; India's e-Visa is not open to them. */
const indiaEligible = { include: "all", exclude: ["IND", "PAK"] } as const;

/** Nationalities that need a UK ETA (non-visa nationals); British and Irish citizens do not. */
const ukEtaNationalities = [
  ...eu.filter((code) => code !== "IRL"),
  ...eeaAndSwiss,
  ...codes("IRL USA CAN AUS NZL JPN KOR SGP MYS BRA MEX ARG CHL URY PAN CRI ISR ARE QAT BHR KWT OMN SAU TWN HKG"),
];

/** Visa Waiver Program countries (ESTA), 2025, with Romania since May 2025. */
const vwpNationalities = codes(
  "AND AUS AUT BEL BRN CHL HRV CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ISR ITA JPN LVA LIE LTU LUX MLT MCO NLD NZL NOR POL PRT QAT KOR ROU SMR SGP SVK SVN ESP SWE CHE TWN GBR",
);

/** Passports eligible for the Australian ETA (subclass 601). */
const auEtaNationalities = codes(
  "AND AUT BEL BRN CAN DNK FIN FRA DEU GRC HKG ISL IRL ITA JPN LIE LUX MYS MLT MCO NLD NOR PRT SMR SGP KOR ESP SWE CHE TWN GBR USA VAT",
);

/** Visa-exempt third countries whose nationals need ETIAS (a subset of the published ~60). */
const etiasNationalities = codes(
  "GBR USA CAN AUS NZL JPN KOR SGP MYS BRA ARG CHL MEX COL PER URY PAN CRI ISR ARE TWN HKG UKR SRB ALB MNE MKD BIH MDA GEO",
);

/** East African Community partner states: no Kenyan eTA needed. */
const eacNationalities = codes("BDI COD RWA SSD TZA UGA");

const kenyaSource = "https://www.etakenya.go.ke (USD 30 since 4 January 2024; EAC partner states exempt)";
const kenyaFields: readonly RequiredField[] = [
  ...identity,
  "email",
  "phone",
  "home_address",
  "travel_dates",
  "address_in_destination",
];
const kenyaDocuments: readonly RequiredDocument[] = [
  "passport_bio_page",
  "photo",
  "itinerary",
  "accommodation_booking",
];

/**
 * The demo products: 17 visas and travel authorisations of the eight authorities, with published
 * fees in each authority's currency.
 *
 * @example
 * seedProducts.find((p) => p.id === "gb-eta")?.fee // { amount: 1600n, currency: "GBP" }
 */
export const seedProducts: readonly Product[] = [
  {
    id: "th-tourist-single",
    authorityId: "th-evisa",
    ...named({
      en: "Tourist visa (TR), single entry",
      zh: "旅游签证（TR），单次入境",
      es: "Visado de turista (TR), una entrada",
    }),
    type: "tourist",
    purposes: ["tourist"],
    fee: thb(1_000_00n),
    stayDays: 60,
    entries: "single",
    validityDays: 90,
    // The demo's service level (issue 12): a decision within 2 hours of payment, usually within
    // one; the escrow's deadline, after which the fee can be claimed back, stays at 14 days.
    processingHours: { typical: 1, max: 14 * 24 },
    serviceLevelHours: 2,
    requiredFields: thaiFields,
    requiredDocuments: thaiTravelDocuments,
    eligibleNationalities: { include: "all", exclude: ["THA"] },
    visaExemptNationalities: thaiVisaExempt,
    minDaysBeforeTravel: 14,
    source: thaiSource,
  },
  {
    id: "th-tourist-multiple",
    authorityId: "th-evisa",
    ...named({
      en: "Tourist visa (METV), multiple entry",
      zh: "旅游签证（METV），多次入境",
      es: "Visado de turista (METV), entradas múltiples",
    }),
    type: "tourist",
    purposes: ["tourist"],
    fee: thb(5_000_00n),
    stayDays: 60,
    entries: "multiple",
    validityDays: 180,
    // The demo's service level (issue 12): a decision within 2 hours of payment, usually within
    // one; the escrow's deadline, after which the fee can be claimed back, stays at 14 days.
    processingHours: { typical: 1, max: 14 * 24 },
    serviceLevelHours: 2,
    requiredFields: thaiFields,
    requiredDocuments: [...thaiTravelDocuments, "employment_letter"],
    eligibleNationalities: { include: "all", exclude: ["THA"] },
    minDaysBeforeTravel: 14,
    source: thaiSource,
  },
  {
    id: "th-transit",
    authorityId: "th-evisa",
    ...named({
      en: "Transit visa (TS)",
      zh: "过境签证（TS）",
      es: "Visado de tránsito (TS)",
    }),
    type: "transit",
    purposes: ["transit"],
    fee: thb(800_00n),
    stayDays: 30,
    entries: "single",
    validityDays: 90,
    processingHours: { typical: 5 * 24, max: 14 * 24 },
    serviceLevelHours: 14 * 24,
    requiredFields: thaiFields,
    requiredDocuments: ["passport_bio_page", "photo", "onward_ticket"],
    eligibleNationalities: { include: "all", exclude: ["THA"] },
    minDaysBeforeTravel: 14,
    source: thaiSource,
  },
  {
    id: "th-business-single",
    authorityId: "th-evisa",
    ...named({
      en: "Non-immigrant visa B (business), single entry",
      zh: "非移民 B 类签证（商务），单次入境",
      es: "Visado de no inmigrante B (negocios), una entrada",
    }),
    type: "business",
    purposes: ["business"],
    fee: thb(2_000_00n),
    stayDays: 90,
    entries: "single",
    validityDays: 90,
    processingHours: { typical: 5 * 24, max: 14 * 24 },
    serviceLevelHours: 14 * 24,
    requiredFields: [...thaiFields, "employer"],
    requiredDocuments: ["passport_bio_page", "photo", "invitation_letter", "employment_letter", "company_registration"],
    eligibleNationalities: { include: "all", exclude: ["THA"] },
    minDaysBeforeTravel: 14,
    source: thaiSource,
  },
  {
    id: "th-business-multiple",
    authorityId: "th-evisa",
    ...named({
      en: "Non-immigrant visa B (business), multiple entry, 1 year",
      zh: "非移民 B 类签证（商务），多次入境，1 年",
      es: "Visado de no inmigrante B (negocios), entradas múltiples, 1 año",
    }),
    type: "business",
    purposes: ["business"],
    fee: thb(5_000_00n),
    stayDays: 90,
    entries: "multiple",
    validityDays: 365,
    processingHours: { typical: 5 * 24, max: 14 * 24 },
    serviceLevelHours: 14 * 24,
    requiredFields: [...thaiFields, "employer"],
    requiredDocuments: ["passport_bio_page", "photo", "invitation_letter", "employment_letter", "company_registration"],
    eligibleNationalities: { include: "all", exclude: ["THA"] },
    minDaysBeforeTravel: 14,
    source: thaiSource,
  },
  {
    id: "th-dtv",
    authorityId: "th-evisa",
    ...named({
      en: "Destination Thailand Visa (DTV), 5 years",
      zh: "泰国目的地签证（DTV），5 年",
      es: "Visado Destination Thailand (DTV), 5 años",
    }),
    type: "tourist",
    purposes: ["tourist"],
    fee: thb(10_000_00n),
    stayDays: 180,
    entries: "multiple",
    validityDays: 5 * 365,
    processingHours: { typical: 5 * 24, max: 14 * 24 },
    serviceLevelHours: 14 * 24,
    requiredFields: [...thaiFields, "employer"],
    requiredDocuments: ["passport_bio_page", "photo", "proof_of_funds", "employment_letter"],
    eligibleNationalities: { include: "all", exclude: ["THA"] },
    minDaysBeforeTravel: 14,
    source: "https://www.mfa.go.th (Destination Thailand Visa, THB 10,000, from 15 July 2024)",
  },
  {
    id: "in-etourist-30d",
    authorityId: "in-evisa",
    ...named({
      en: "e-Tourist Visa, 30 days, double entry",
      zh: "电子旅游签证，30 天，两次入境",
      es: "e-Visa de turista, 30 días, doble entrada",
    }),
    type: "tourist",
    purposes: ["tourist"],
    fee: usd(25_00n),
    stayDays: 30,
    entries: "double",
    validityDays: 30,
    processingHours: { typical: 48, max: 72 },
    serviceLevelHours: 72,
    requiredFields: indiaFields,
    requiredDocuments: ["passport_bio_page", "photo"],
    eligibleNationalities: indiaEligible,
    minDaysBeforeTravel: 4,
    maxDaysBeforeTravel: 30,
    source: indiaSource,
  },
  {
    id: "in-etourist-1y",
    authorityId: "in-evisa",
    ...named({
      en: "e-Tourist Visa, 1 year, multiple entry",
      zh: "电子旅游签证，1 年，多次入境",
      es: "e-Visa de turista, 1 año, entradas múltiples",
    }),
    type: "tourist",
    purposes: ["tourist"],
    fee: usd(40_00n),
    feeByNationality: indiaReducedFee,
    // 180 days per visit for nationals of the USA, UK, Canada and Japan.
    stayDays: 90,
    entries: "multiple",
    validityDays: 365,
    processingHours: { typical: 48, max: 72 },
    serviceLevelHours: 72,
    requiredFields: indiaFields,
    requiredDocuments: ["passport_bio_page", "photo"],
    eligibleNationalities: indiaEligible,
    minDaysBeforeTravel: 4,
    maxDaysBeforeTravel: 30,
    source: indiaSource,
  },
  {
    id: "in-etourist-5y",
    authorityId: "in-evisa",
    ...named({
      en: "e-Tourist Visa, 5 years, multiple entry",
      zh: "电子旅游签证，5 年，多次入境",
      es: "e-Visa de turista, 5 años, entradas múltiples",
    }),
    type: "tourist",
    purposes: ["tourist"],
    fee: usd(80_00n),
    feeByNationality: indiaReducedFee,
    stayDays: 90,
    entries: "multiple",
    validityDays: 5 * 365,
    processingHours: { typical: 48, max: 72 },
    serviceLevelHours: 72,
    requiredFields: indiaFields,
    requiredDocuments: ["passport_bio_page", "photo"],
    eligibleNationalities: indiaEligible,
    minDaysBeforeTravel: 4,
    maxDaysBeforeTravel: 30,
    source: indiaSource,
  },
  {
    id: "in-ebusiness-1y",
    authorityId: "in-evisa",
    ...named({
      en: "e-Business Visa, 1 year, multiple entry",
      zh: "电子商务签证，1 年，多次入境",
      es: "e-Visa de negocios, 1 año, entradas múltiples",
    }),
    type: "business",
    purposes: ["business"],
    // The e-Business fee is set per nationality; USD 80 is the most common published amount.
    fee: usd(80_00n),
    stayDays: 180,
    entries: "multiple",
    validityDays: 365,
    processingHours: { typical: 48, max: 72 },
    serviceLevelHours: 72,
    requiredFields: [...indiaFields, "employer"],
    requiredDocuments: ["passport_bio_page", "photo", "business_card", "invitation_letter"],
    eligibleNationalities: indiaEligible,
    minDaysBeforeTravel: 4,
    maxDaysBeforeTravel: 30,
    source: indiaSource,
  },
  {
    id: "gb-eta",
    authorityId: "gb-eta",
    ...named({
      en: "Electronic Travel Authorisation (ETA)",
      zh: "英国电子旅行许可（ETA）",
      es: "Autorización Electrónica de Viaje (ETA) del Reino Unido",
    }),
    type: "tourist",
    purposes: ["tourist", "business", "transit"],
    // GBP 16 since 9 April 2025.
    fee: { amount: 16_00n, currency: "GBP" },
    stayDays: 180,
    entries: "multiple",
    // Two years, or until the passport expires if sooner.
    validityDays: 2 * 365,
    processingHours: { typical: 1, max: 72 },
    serviceLevelHours: 72,
    requiredFields: [...identity, "email", "home_address", "occupation", "criminal_record"],
    requiredDocuments: ["passport_bio_page", "photo"],
    eligibleNationalities: { include: ukEtaNationalities },
    visaExemptNationalities: ["GBR", "IRL"],
    minDaysBeforeTravel: 3,
    source: "https://www.gov.uk/guidance/apply-for-an-electronic-travel-authorisation-eta (GBP 16 from 9 April 2025)",
  },
  {
    id: "us-esta",
    authorityId: "us-esta",
    ...named({
      en: "Electronic System for Travel Authorization (ESTA)",
      zh: "旅行授权电子系统（ESTA）",
      es: "Sistema Electrónico de Autorización de Viaje (ESTA)",
    }),
    type: "tourist",
    purposes: ["tourist", "business", "transit"],
    // USD 40 since 30 September 2025.
    fee: usd(40_00n),
    stayDays: 90,
    entries: "multiple",
    validityDays: 2 * 365,
    processingHours: { typical: 1, max: 72 },
    serviceLevelHours: 72,
    requiredFields: [
      ...identity,
      "place_of_birth",
      "email",
      "phone",
      "home_address",
      "employer",
      "parents_names",
      "address_in_destination",
      "criminal_record",
    ],
    requiredDocuments: ["passport_bio_page", "photo"],
    eligibleNationalities: { include: vwpNationalities },
    visaExemptNationalities: ["USA", "CAN"],
    // "Apply at least 72 hours before travel."
    minDaysBeforeTravel: 3,
    source: "https://esta.cbp.dhs.gov (USD 40 from 30 September 2025)",
  },
  {
    id: "tr-evisa",
    authorityId: "tr-evisa",
    ...named({
      en: "e-Visa, single entry, 30 days",
      zh: "电子签证，单次入境，30 天",
      es: "e-Visa, una entrada, 30 días",
    }),
    type: "tourist",
    purposes: ["tourist", "business"],
    // The fee depends on nationality (about USD 50-80); USD 50 is the common amount. Some
    // nationalities (India, Mexico) also need a valid Schengen, US, UK or Irish visa or residence
    // permit, which the application form asks about.
    fee: usd(50_00n),
    stayDays: 30,
    entries: "single",
    validityDays: 180,
    processingHours: { typical: 1, max: 48 },
    serviceLevelHours: 48,
    requiredFields: [...identity, "email", "home_address", "travel_dates"],
    requiredDocuments: ["passport_bio_page"],
    eligibleNationalities: { include: ["AUS", "CHN", "IND", "MEX"] },
    // Visa-free for tourism up to 90 days in 180.
    visaExemptNationalities: codes("GBR USA CAN DEU FRA NLD BEL AUT JPN"),
    // "At least 48 hours before departure."
    minDaysBeforeTravel: 2,
    source: "https://www.evisa.gov.tr",
  },
  {
    id: "ke-eta-tourist",
    authorityId: "ke-eta",
    ...named({
      en: "Electronic Travel Authorisation (eTA), tourism and transit",
      zh: "电子旅行授权（eTA），旅游和过境",
      es: "Autorización Electrónica de Viaje (eTA), turismo y tránsito",
    }),
    type: "tourist",
    purposes: ["tourist", "transit"],
    fee: usd(30_00n),
    stayDays: 90,
    entries: "single",
    validityDays: 90,
    processingHours: { typical: 72, max: 5 * 24 },
    serviceLevelHours: 5 * 24,
    requiredFields: kenyaFields,
    requiredDocuments: kenyaDocuments,
    eligibleNationalities: { include: "all", exclude: ["KEN"] },
    visaExemptNationalities: eacNationalities,
    minDaysBeforeTravel: 3,
    source: kenyaSource,
  },
  {
    id: "ke-eta-business",
    authorityId: "ke-eta",
    ...named({
      en: "Electronic Travel Authorisation (eTA), business",
      zh: "电子旅行授权（eTA），商务",
      es: "Autorización Electrónica de Viaje (eTA), negocios",
    }),
    type: "business",
    purposes: ["business"],
    fee: usd(30_00n),
    stayDays: 90,
    entries: "single",
    validityDays: 90,
    processingHours: { typical: 72, max: 5 * 24 },
    serviceLevelHours: 5 * 24,
    requiredFields: [...kenyaFields, "employer"],
    requiredDocuments: [...kenyaDocuments, "invitation_letter", "company_registration"],
    eligibleNationalities: { include: "all", exclude: ["KEN"] },
    visaExemptNationalities: eacNationalities,
    minDaysBeforeTravel: 3,
    source: kenyaSource,
  },
  {
    id: "au-eta",
    authorityId: "au-eta",
    ...named({
      en: "Electronic Travel Authority (subclass 601)",
      zh: "电子旅行授权（601 类签证）",
      es: "Autoridad Electrónica de Viaje (subclase 601)",
    }),
    type: "tourist",
    purposes: ["tourist", "business"],
    // The visa is free; the Australian ETA app charges an AUD 20 service charge.
    fee: { amount: 20_00n, currency: "AUD" },
    stayDays: 90,
    entries: "multiple",
    validityDays: 365,
    processingHours: { typical: 12, max: 72 },
    serviceLevelHours: 72,
    requiredFields: [...identity, "email", "home_address", "criminal_record"],
    requiredDocuments: ["passport_bio_page", "photo"],
    eligibleNationalities: { include: auEtaNationalities },
    visaExemptNationalities: ["AUS", "NZL"],
    minDaysBeforeTravel: 1,
    source: "https://immi.homeaffairs.gov.au/visas/getting-a-visa/visa-listing/electronic-travel-authority-601",
  },
  {
    id: "eu-etias",
    authorityId: "eu-etias",
    ...named({
      en: "ETIAS travel authorisation",
      zh: "ETIAS 旅行授权",
      es: "Autorización de viaje ETIAS",
    }),
    type: "tourist",
    purposes: ["tourist", "business", "transit"],
    // EUR 20 (raised from EUR 7 in 2025), due when ETIAS starts operating (planned Q4 2026).
    fee: { amount: 20_00n, currency: "EUR" },
    // Regulation (EU) 2018/1240, art. 18(2): no fee below 18 or above 70 years of age at the time
    // of application.
    feeWaivers: [
      { code: "age_under", age: 18, description: "Applicants under 18 pay no fee." },
      { code: "age_over", age: 70, description: "Applicants over 70 pay no fee." },
    ],
    // 90 days in any 180-day period.
    stayDays: 90,
    entries: "multiple",
    validityDays: 3 * 365,
    processingHours: { typical: 1, max: 96 },
    serviceLevelHours: 96,
    requiredFields: [
      ...identity,
      "place_of_birth",
      "email",
      "phone",
      "home_address",
      "occupation",
      "parents_names",
      "criminal_record",
      "previous_travel",
    ],
    requiredDocuments: ["passport_bio_page"],
    eligibleNationalities: { include: etiasNationalities },
    visaExemptNationalities: [...eu, ...eeaAndSwiss],
    // "Apply at least 96 hours before travel."
    minDaysBeforeTravel: 4,
    source: "https://travel-europe.europa.eu/etias_en (EUR 20; Commission, 18 July 2025)",
  },
];

/**
 * The seed as a checked {@link Catalogue}.
 *
 * @example
 * seedCatalogue().authoritiesFor("FR").map((a) => a.id) // ["eu-etias"]
 */
export function seedCatalogue(): Catalogue {
  return createCatalogue({ authorities: seedAuthorities, products: seedProducts });
}
