import { intlLocale, toLanguage } from "../i18n/languages.ts";

/**
 * ISO 3166-1 alpha-3 (as passports write nationalities) → alpha-2 (as `Intl.DisplayNames` and the
 * catalogue's destinations write countries), one `AAA:AA` pair per country. Uninhabited territories
 * are left out: nobody holds their nationality. Kosovo's passports use RKS, Intl knows it as XK.
 */
const pairs =
  "AFG:AF ALA:AX ALB:AL DZA:DZ ASM:AS AND:AD AGO:AO AIA:AI ATG:AG ARG:AR ARM:AM ABW:AW AUS:AU AUT:AT AZE:AZ " +
  "BHS:BS BHR:BH BGD:BD BRB:BB BLR:BY BEL:BE BLZ:BZ BEN:BJ BMU:BM BTN:BT BOL:BO BES:BQ BIH:BA BWA:BW BRA:BR " +
  "BRN:BN BGR:BG BFA:BF BDI:BI CPV:CV KHM:KH CMR:CM CAN:CA CYM:KY CAF:CF TCD:TD CHL:CL CHN:CN CXR:CX CCK:CC " +
  "COL:CO COM:KM COD:CD COG:CG COK:CK CRI:CR CIV:CI HRV:HR CUB:CU CUW:CW CYP:CY CZE:CZ DNK:DK DJI:DJ DMA:DM " +
  "DOM:DO ECU:EC EGY:EG SLV:SV GNQ:GQ ERI:ER EST:EE SWZ:SZ ETH:ET FLK:FK FRO:FO FJI:FJ FIN:FI FRA:FR GUF:GF " +
  "PYF:PF GAB:GA GMB:GM GEO:GE DEU:DE GHA:GH GIB:GI GRC:GR GRL:GL GRD:GD GLP:GP GUM:GU GTM:GT GGY:GG GIN:GN " +
  "GNB:GW GUY:GY HTI:HT VAT:VA HND:HN HKG:HK HUN:HU ISL:IS IND:IN IDN:ID IRN:IR IRQ:IQ IRL:IE IMN:IM ISR:IL " +
  "ITA:IT JAM:JM JPN:JP JEY:JE JOR:JO KAZ:KZ KEN:KE KIR:KI PRK:KP KOR:KR RKS:XK KWT:KW KGZ:KG LAO:LA LVA:LV " +
  "LBN:LB LSO:LS LBR:LR LBY:LY LIE:LI LTU:LT LUX:LU MAC:MO MKD:MK MDG:MG MWI:MW MYS:MY MDV:MV MLI:ML MLT:MT " +
  "MHL:MH MTQ:MQ MRT:MR MUS:MU MYT:YT MEX:MX FSM:FM MDA:MD MCO:MC MNG:MN MNE:ME MSR:MS MAR:MA MOZ:MZ MMR:MM " +
  "NAM:NA NRU:NR NPL:NP NLD:NL NCL:NC NZL:NZ NIC:NI NER:NE NGA:NG NIU:NU NFK:NF MNP:MP NOR:NO OMN:OM PAK:PK " +
  "PLW:PW PSE:PS PAN:PA PNG:PG PRY:PY PER:PE PHL:PH PCN:PN POL:PL PRT:PT PRI:PR QAT:QA REU:RE ROU:RO RUS:RU " +
  "RWA:RW BLM:BL SHN:SH KNA:KN LCA:LC MAF:MF SPM:PM VCT:VC WSM:WS SMR:SM STP:ST SAU:SA SEN:SN SRB:RS SYC:SC " +
  "SLE:SL SGP:SG SXM:SX SVK:SK SVN:SI SLB:SB SOM:SO ZAF:ZA SSD:SS ESP:ES LKA:LK SDN:SD SUR:SR SJM:SJ SWE:SE " +
  "CHE:CH SYR:SY TWN:TW TJK:TJ TZA:TZ THA:TH TLS:TL TGO:TG TKL:TK TON:TO TTO:TT TUN:TN TUR:TR TKM:TM TCA:TC " +
  "TUV:TV UGA:UG UKR:UA ARE:AE GBR:GB USA:US URY:UY UZB:UZ VUT:VU VEN:VE VNM:VN VGB:VG VIR:VI WLF:WF ESH:EH " +
  "YEM:YE ZMB:ZM ZWE:ZW";

/** Alpha-3 → alpha-2 of every country in the table. */
export const alpha3ToAlpha2: ReadonlyMap<string, string> = new Map(
  pairs.split(" ").map((pair) => pair.split(":") as [string, string]),
);

const displayNames = new Map<string, Intl.DisplayNames>();

function regionNames(language: string): Intl.DisplayNames {
  const locale = intlLocale[toLanguage(language)];
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
    displayNames.set(locale, names);
  }
  return names;
}

/**
 * A country's name in the reader's language, from its alpha-2 or alpha-3 code; the code itself when
 * it is unknown. "EU" (the ETIAS authority) is named too.
 *
 * @example
 * countryName("GBR", "es") // "Reino Unido"
 * countryName("TH", "zh")  // "泰国"
 */
export function countryName(code: string, language: string): string {
  const alpha2 = code.length === 3 ? alpha3ToAlpha2.get(code) : code;
  if (!alpha2) return code;
  try {
    return regionNames(language).of(alpha2) ?? code;
  } catch {
    return code;
  }
}

/** One choice of a country list: the code to send and the name to show. */
export type CountryOption = { code: string; name: string };

/**
 * Every nationality (alpha-3) with its name in the reader's language, sorted as that language sorts.
 *
 * @example
 * nationalityOptions("en")[0] // { code: "AFG", name: "Afghanistan" }
 */
export function nationalityOptions(language: string): CountryOption[] {
  return sortOptions(
    [...alpha3ToAlpha2.keys()].map((code) => ({ code, name: countryName(code, language) })),
    language,
  );
}

/**
 * Countries by alpha-2 code (destinations) with their names, sorted for the reader.
 *
 * @example
 * destinationOptions(["TH", "GB"], "en") // [{ code: "TH", name: "Thailand" }, { code: "GB", name: "United Kingdom" }]
 */
export function destinationOptions(codes: Iterable<string>, language: string): CountryOption[] {
  return sortOptions(
    [...new Set(codes)].map((code) => ({ code, name: countryName(code, language) })),
    language,
  );
}

function sortOptions(options: CountryOption[], language: string): CountryOption[] {
  const collator = new Intl.Collator(intlLocale[toLanguage(language)]);
  return options.sort((a, b) => collator.compare(a.name, b.name));
}
