import QRCode from "qrcode";
import { z } from "zod";
import type { EvisaRecord } from "../services/createEvisaService.ts";

/** `GET /applications/:id/evisa`: the e-visa for its holder (or the authority's officers). */
export const evisaViewSchema = z.object({
  /** The SD-JWT VC with every disclosure (`issuer-jwt~disclosure~…~`): the holder presents parts of it. */
  sdJwt: z.string(),
  /** Exactly what the QR holds: the seal's bytes (ICAO Doc 9303-13 visa profile, docs/evisa.md), base64url (`sealEncoding`). */
  seal: z.string(),
  sealEncoding: z.literal("base64url"),
  /** The QR of the seal (its raw bytes in byte mode, error correction M), a `data:image/png;base64,` URL. */
  qrPng: z.string(),
  /** The printable e-visa. */
  pdfUrl: z.string(),
  /** `valid`, `revoked` (an officer revoked it; its status list entry says invalid) or `expired` (after `validUntil`). */
  status: z.enum(["valid", "revoked", "expired"]),
  /** First and last day of use, inclusive (`YYYY-MM-DD`). */
  validFrom: z.string(),
  validUntil: z.string(),
  /** The application's short reference, printed on the visa. */
  reference: z.string(),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
  /** The officer's reason for revoking it. */
  revokeReason: z.string().nullable(),
});

/** The JSON of {@link evisaViewSchema}. */
export type EvisaView = z.infer<typeof evisaViewSchema>;

/** Pixels per QR module in `qrPng`: crisp on screen, and scaled down rather than up in print. */
const qrScale = 8;

/**
 * The QR of a seal: its raw bytes in one byte-mode segment at error correction M (a phone reads it
 * from a print a little worn), with the standard four-module quiet zone.
 *
 * @example
 * const qr = sealQrCode(bytes); qr.version // 9
 */
export function sealQrCode(seal: Uint8Array): QRCode.QRCode {
  return QRCode.create([{ data: seal, mode: "byte" }], { errorCorrectionLevel: "M" });
}

/**
 * The view of an e-visa, with its QR drawn.
 *
 * @example
 * await toEvisaView(await evisaService.get(user, id), { pdfUrl: `/api/v1/applications/${id}/evisa.pdf` })
 */
export async function toEvisaView(record: EvisaRecord, { pdfUrl }: { pdfUrl: string }): Promise<EvisaView> {
  const qrPng = await QRCode.toDataURL([{ data: Buffer.from(record.seal, "base64url"), mode: "byte" }], {
    errorCorrectionLevel: "M",
    margin: 4,
    scale: qrScale,
    type: "image/png",
  });
  return {
    sdJwt: record.sdJwt,
    seal: record.seal,
    sealEncoding: "base64url",
    qrPng,
    pdfUrl,
    status: record.status,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    reference: record.reference,
    issuedAt: record.issuedAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
    revokeReason: record.revokeReason,
  };
}
