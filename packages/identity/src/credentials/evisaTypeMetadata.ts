import { evisaDisclosableClaims } from "./createEvisaIssuer.ts";

/** The languages the e-visa's type metadata names it in: the web app's. */
type Locale = "en" | "zh" | "es";

/** One claim of SD-JWT VC type metadata (draft-ietf-oauth-sd-jwt-vc, 9): its path, labels, disclosability. */
export type TypeMetadataClaim = {
  readonly path: readonly string[];
  readonly display: readonly { readonly locale: Locale; readonly label: string; readonly description?: string }[];
  /** `always`: only as a disclosure; `never`: only in the clear. */
  readonly sd: "always" | "never";
};

/** SD-JWT VC type metadata of the e-visa, served at its `vct`. */
export type EvisaTypeMetadata = {
  readonly vct: string;
  readonly name: string;
  readonly description: string;
  readonly display: readonly { readonly locale: Locale; readonly name: string; readonly description: string }[];
  readonly claims: readonly TypeMetadataClaim[];
};

/** Labels of each claim, in English, Chinese and Spanish. */
const labels: Record<string, Record<Locale, string>> = {
  given_name: { en: "Given names", zh: "名", es: "Nombres" },
  family_name: { en: "Surname", zh: "姓", es: "Apellidos" },
  nationality: { en: "Nationality", zh: "国籍", es: "Nacionalidad" },
  birthdate: { en: "Date of birth", zh: "出生日期", es: "Fecha de nacimiento" },
  document_number: { en: "Passport number", zh: "护照号码", es: "Número de pasaporte" },
  authority: { en: "Issuing authority", zh: "签发机关", es: "Autoridad emisora" },
  "authority.name": { en: "Authority name", zh: "机关名称", es: "Nombre de la autoridad" },
  "authority.country": { en: "Issuing country", zh: "签发国", es: "País emisor" },
  product: { en: "Visa", zh: "签证", es: "Visado" },
  "product.name": { en: "Type of visa", zh: "签证类型", es: "Tipo de visado" },
  entries: { en: "Number of entries", zh: "入境次数", es: "Número de entradas" },
  valid_from: { en: "Valid from", zh: "有效期自", es: "Válido desde" },
  valid_until: { en: "Valid until", zh: "有效期至", es: "Válido hasta" },
  max_stay_days: { en: "Duration of stay (days)", zh: "停留期（天）", es: "Duración de la estancia (días)" },
  application_id: { en: "Application", zh: "申请", es: "Solicitud" },
  reference: { en: "Reference", zh: "编号", es: "Referencia" },
  payment_tx: { en: "Payment transaction", zh: "付款交易", es: "Transacción de pago" },
};

const locales: readonly Locale[] = ["en", "zh", "es"];

/**
 * The e-visa's SD-JWT VC type metadata (draft-ietf-oauth-sd-jwt-vc, 6 and 9): its name and
 * description, and a label per claim in English, Chinese and Spanish, with which claims are
 * selectively disclosable. A wallet or verifier shows the e-visa with these labels.
 *
 * @example
 * evisaTypeMetadata("https://entrada.example/vct/evisa/v1").display[1].name // "电子签证"
 */
export function evisaTypeMetadata(vct: string): EvisaTypeMetadata {
  const disclosable = new Set<string>(evisaDisclosableClaims);
  return {
    vct,
    name: "E-visa",
    description: "An electronic visa issued by a government authority through Entrada.",
    display: [
      { locale: "en", name: "E-visa", description: "An electronic visa issued by a government authority." },
      { locale: "zh", name: "电子签证", description: "由政府机关签发的电子签证。" },
      {
        locale: "es",
        name: "Visado electrónico",
        description: "Un visado electrónico emitido por una autoridad pública.",
      },
    ],
    claims: Object.entries(labels).map(([path, label]) => ({
      path: path.split("."),
      display: locales.map((locale) => ({ locale, label: label[locale] })),
      sd: disclosable.has(path) ? "always" : "never",
    })),
  };
}
