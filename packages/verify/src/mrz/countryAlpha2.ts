// ISO 3166-1 (from Debian's iso-codes 3166-1 list): each alpha-3 code followed by its alpha-2, space separated.
const iso3166 =
  "ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT AZEAZ BDIBI " +
  "BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO BRABR BRBBB BRNBN BTNBT " +
  "BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG COKCK COLCO COMKM CPVCV CRICR CUBCU " +
  "CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET " +
  "FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR " +
  "GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR " +
  "IRQIQ ISLIS ISRIL ITAIT JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB " +
  "LBRLR LBYLY LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH " +
  "MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA NCLNC NERNE " +
  "NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE PHLPH PLWPW PNGPG POLPL " +
  "PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ " +
  "SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC " +
  "TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY " +
  "USAUS UZBUZ VATVA VCTVC VENVE VGBVG VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW";

/** ICAO's own issuing-state codes (Doc 9303 Part 3, 5) that are not ISO alpha-3. */
const icaoCodes: Readonly<Record<string, string>> = {
  D: "DE",
  EUE: "EU",
  GBD: "GB",
  GBN: "GB",
  GBO: "GB",
  GBP: "GB",
  GBS: "GB",
  UNA: "UN",
  UNK: "UN",
  UNO: "UN",
};

const alpha2ByAlpha3 = new Map<string, string>();
const alpha3ByAlpha2 = new Map<string, string>();
for (const pair of iso3166.split(" ")) {
  alpha2ByAlpha3.set(pair.slice(0, 3), pair.slice(3, 5));
  alpha3ByAlpha2.set(pair.slice(3, 5), pair.slice(0, 3));
}
// ICAO writes Germany D and the European Union EUE (Doc 9303 Part 3, 5).
alpha3ByAlpha2.set("DE", "D");
alpha3ByAlpha2.set("EU", "EUE");

/**
 * The two-letter code that starts a seal's signer identifier (ICAO Doc 9303 Part 13: the signer's
 * country, ISO 3166-1 alpha-2) for an ICAO issuing-state code: the ISO alpha-2, or for ICAO's own
 * codes the country or organisation they stand for; for a code neither knows (`UTO`, ICAO's
 * fictional specimen state), its first two letters.
 *
 * @example
 * countryAlpha2("THA") // "TH"
 * countryAlpha2("D") // "DE"
 * countryAlpha2("UTO") // "UT"
 */
export function countryAlpha2(issuingState: string): string {
  const code = issuingState.replace(/<+$/, "");
  return icaoCodes[code] ?? alpha2ByAlpha3.get(code) ?? code.slice(0, 2).padEnd(2, "X");
}

/**
 * The ICAO issuing-state code (Doc 9303 Part 3, 5) of an ISO 3166-1 alpha-2 country, as a seal's
 * `issuingState` wants it: the ISO alpha-3, except ICAO's `D` for Germany and `EUE` for the
 * European Union; `undefined` for a code neither knows. The catalogue's authorities have alpha-2
 * countries.
 *
 * @example
 * icaoCountryCode("TH") // "THA"
 * icaoCountryCode("DE") // "D"
 * icaoCountryCode("EU") // "EUE"
 */
export function icaoCountryCode(alpha2: string): string | undefined {
  return alpha3ByAlpha2.get(alpha2.toUpperCase());
}
