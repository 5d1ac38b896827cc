import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import type { EvisaService, PrintableEvisa } from "../services/createEvisaService.ts";
import { toEvisaView } from "./evisaView.ts";

/** The labels of the printed e-visa, in each language a traveller may have chosen. */
const labels = {
  en: {
    title: "Electronic visa",
    surname: "Surname",
    givenNames: "Given names",
    nationality: "Nationality",
    birthDate: "Date of birth",
    sex: "Sex",
    passportNumber: "Passport number",
    product: "Visa type",
    entries: "Entries",
    maxStay: "Maximum stay",
    validFrom: "Valid from",
    validUntil: "Valid until",
    reference: "Reference",
    issuedOn: "Issued on",
    single: "Single",
    double: "Two",
    multiple: "Multiple",
    days: (days: number) => `${days} days`,
    scan: "Scan the code to verify this visa, online or offline.",
  },
  zh: {
    title: "电子签证",
    surname: "姓",
    givenNames: "名",
    nationality: "国籍",
    birthDate: "出生日期",
    sex: "性别",
    passportNumber: "护照号码",
    product: "签证类型",
    entries: "入境次数",
    maxStay: "最长停留",
    validFrom: "有效期自",
    validUntil: "有效期至",
    reference: "参考编号",
    issuedOn: "签发日期",
    single: "一次",
    double: "两次",
    multiple: "多次",
    days: (days: number) => `${days} 天`,
    scan: "扫描二维码即可验证此签证，无需联网。",
  },
  es: {
    title: "Visado electrónico",
    surname: "Apellidos",
    givenNames: "Nombres",
    nationality: "Nacionalidad",
    birthDate: "Fecha de nacimiento",
    sex: "Sexo",
    passportNumber: "Número de pasaporte",
    product: "Tipo de visado",
    entries: "Entradas",
    maxStay: "Estancia máxima",
    validFrom: "Válido desde",
    validUntil: "Válido hasta",
    reference: "Referencia",
    issuedOn: "Expedido el",
    single: "Una",
    double: "Dos",
    multiple: "Múltiples",
    days: (days: number) => `${days} días`,
    scan: "Escanee el código para verificar este visado, con o sin conexión.",
  },
} as const;

/** The QR's printed side: 35 mm, above the 3 cm a phone and a border reader need (docs/evisa.md). */
const qrSizePt = (35 / 25.4) * 72;

/** Noto Sans SC (SIL OFL) as `@fontsource/noto-sans-sc` ships it: its WOFF slices by unicode range (WOFF, not WOFF2: fontkit subsets WOFF2's transformed glyf table wrongly). */
const fontPackage = dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/package.json"));

type Slice = { file: string; ranges: [number, number][] };
let slices: Promise<Slice[]> | undefined;
const sliceBytes = new Map<string, Promise<Buffer>>();

/** The package's slices and the code points each covers (its `unicode.json`), read once. */
function fontSlices(): Promise<Slice[]> {
  slices ??= readFile(join(fontPackage, "unicode.json"), "utf8").then((text) =>
    Object.entries(JSON.parse(text) as Record<string, string>).map(([key, ranges]) => ({
      file: join(fontPackage, "files", `noto-sans-sc-${key.replace(/[[\]]/g, "")}-400-normal.woff`),
      ranges: ranges.split(",").map((range) => {
        const [from, to = from] = range.trim().replace(/^U\+/i, "").split("-");
        return [Number.parseInt(from!, 16), Number.parseInt(to!, 16)] as [number, number];
      }),
    })),
  );
  return slices;
}

/**
 * Embeds, as subsets, the slices of Noto Sans SC that cover `text`'s characters: a page with
 * Chinese labels carries a few hundred kilobytes of glyphs at most, not the whole font.
 */
async function embedFonts(document: PDFDocument, text: string): Promise<PDFFont[]> {
  const all = await fontSlices();
  const needed = new Set<Slice>();
  for (const char of new Set(text)) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint <= 0x20) continue;
    const slice = all.find(({ ranges }) => ranges.some(([from, to]) => codePoint >= from && codePoint <= to));
    if (slice !== undefined) needed.add(slice);
  }
  const fonts: PDFFont[] = [];
  for (const { file } of needed) {
    let bytes = sliceBytes.get(file);
    if (bytes === undefined) {
      bytes = readFile(file);
      sliceBytes.set(file, bytes);
    }
    fonts.push(await document.embedFont(await bytes, { subset: true }));
  }
  return fonts;
}

/** Draws `text` in runs, each with the first font that has its characters; returns its width. */
function drawRuns(
  page: PDFPage,
  fonts: PDFFont[],
  text: string,
  x: number,
  y: number,
  size: number,
  color = rgb(0, 0, 0),
): number {
  const fontOf = (char: string) =>
    fonts.find((font) => font.getCharacterSet().includes(char.codePointAt(0)!)) ?? fonts[0]!;
  let cursor = x;
  let run = "";
  let runFont: PDFFont | undefined;
  const flush = () => {
    if (run === "" || runFont === undefined) return;
    page.drawText(run, { x: cursor, y, size, font: runFont, color });
    cursor += runFont.widthOfTextAtSize(run, size);
    run = "";
  };
  for (const char of text) {
    // A space takes the current run's font: every slice set has the latin one.
    const font = char === " " && runFont !== undefined ? runFont : fontOf(char);
    if (font !== runFont) {
      flush();
      runFont = font;
    }
    run += char;
  }
  flush();
  return cursor - x;
}

/**
 * The printable e-visa: one A4 page with the authority's name, the "E-VISA" title, the visa's fields
 * labelled in English and in the traveller's language, and the QR of the seal (`qrPng`, the same
 * PNG as the API's) at 35 mm. Fonts are Noto Sans SC subsets embedded in the file.
 *
 * @example
 * const pdf = await renderEvisaPdf(await evisas.printable(user, id), view.qrPng)
 */
export async function renderEvisaPdf(evisa: PrintableEvisa, qrPng: string): Promise<Uint8Array> {
  const en = labels.en;
  const local = evisa.locale === "en" ? undefined : labels[evisa.locale];
  const label = (key: Exclude<keyof typeof en, "days">) =>
    local === undefined ? en[key] : `${en[key]} / ${local[key]}`;
  const value = (key: "single" | "double" | "multiple") =>
    local === undefined ? en[key] : `${en[key]} / ${local[key]}`;
  const days = (count: number) => (local === undefined ? en.days(count) : `${en.days(count)} / ${local.days(count)}`);

  const fields: [string, string][] = [
    [label("surname"), evisa.surname],
    [label("givenNames"), evisa.givenNames],
    [label("nationality"), evisa.nationality],
    [label("birthDate"), evisa.birthDate],
    [label("sex"), evisa.sex ?? "—"],
    [label("passportNumber"), evisa.passportNumber],
    [label("product"), evisa.productName],
    [label("entries"), value(evisa.entries)],
    [label("maxStay"), days(evisa.maxStayDays)],
    [label("validFrom"), evisa.validFrom],
    [label("validUntil"), evisa.validUntil],
    [label("reference"), evisa.reference],
    [label("issuedOn"), evisa.issuedAt.toISOString().slice(0, 10)],
  ];
  const title = label("title");
  const scan = label("scan");

  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  document.setTitle(`E-VISA ${evisa.reference}`);
  document.setAuthor(evisa.authorityName);
  document.setProducer("Entrada");
  const fonts = await embedFonts(
    document,
    [evisa.authorityName, "E-VISA", title, scan, ...fields.flat(), "—"].join(""),
  );

  const page = document.addPage([595.28, 841.89]);
  const margin = 48;
  const grey = rgb(0.35, 0.35, 0.4);
  const ink = rgb(0.05, 0.2, 0.4);
  page.drawRectangle({ x: 0, y: 841.89 - 110, width: 595.28, height: 110, color: rgb(0.93, 0.95, 0.98) });
  drawRuns(page, fonts, evisa.authorityName, margin, 841.89 - 50, 16, ink);
  drawRuns(page, fonts, "E-VISA", margin, 841.89 - 84, 26, ink);
  drawRuns(page, fonts, title, margin + 130, 841.89 - 80, 12, grey);

  const qr = await document.embedPng(Buffer.from(qrPng.replace(/^data:image\/png;base64,/, ""), "base64"));
  const qrX = 595.28 - margin - qrSizePt;
  const qrTop = 841.89 - 140;
  page.drawImage(qr, { x: qrX, y: qrTop - qrSizePt, width: qrSizePt, height: qrSizePt });

  let y = 841.89 - 150;
  for (const [name, text] of fields) {
    drawRuns(page, fonts, name, margin, y, 8, grey);
    drawRuns(page, fonts, text, margin, y - 15, 12);
    y -= 40;
  }
  drawRuns(page, fonts, scan, margin, y - 10, 8, grey);
  return document.save();
}

/**
 * The e-visa as an e-mail attachment (`evisa-<reference>.pdf`), rendered from the e-visa record when
 * the e-mail is sent, so that no outbox payload or mail queue holds the passport data in clear.
 *
 * @example
 * const evisa = await evisas.printableForHolder(applicationId);
 * if (evisa) await mailer.send({ ...mail, attachments: [await evisaPdfAttachment(evisa)] });
 */
export async function evisaPdfAttachment(
  evisa: PrintableEvisa,
): Promise<{ filename: string; contentType: "application/pdf"; content: Uint8Array }> {
  const { qrPng } = await toEvisaView(evisa, { pdfUrl: "" });
  return {
    filename: `evisa-${evisa.reference}.pdf`,
    contentType: "application/pdf",
    content: await renderEvisaPdf(evisa, qrPng),
  };
}

/**
 * The outbox worker's `evisaPdf`: the holder's e-visa PDF for the "issued" e-mail, or `undefined`
 * when the application has no valid e-visa (not issued yet, or revoked before the e-mail went).
 *
 * @example
 * createOutboxWorker({ ...parameters, evisaPdf: evisaPdfForHolder(evisaService) });
 */
export function evisaPdfForHolder(
  evisas: Pick<EvisaService, "printableForHolder">,
): (applicationId: string) => Promise<Awaited<ReturnType<typeof evisaPdfAttachment>> | undefined> {
  return async (applicationId) => {
    const evisa = await evisas.printableForHolder(applicationId);
    return evisa?.status === "valid" ? evisaPdfAttachment(evisa) : undefined;
  };
}
