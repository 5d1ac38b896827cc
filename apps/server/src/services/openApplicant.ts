import type { applicants } from "@entrada/db";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import type { ApplicantInput } from "../schemas/applicationSchemas.ts";

/** A row of `applicants`. */
export type ApplicantRow = typeof applicants.$inferSelect;

/**
 * The context an applicant's personal data is sealed under: it binds the ciphertext to its row.
 *
 * @example
 * cipher.seal(applicant, applicantContext(id))
 */
export function applicantContext(id: string): string {
  return `applicant:${id}`;
}

/**
 * Decrypts an applicant's passport data.
 *
 * @example
 * const { nationality, dateOfBirth } = openApplicant(cipher, row);
 */
export function openApplicant(cipher: RecordCipher, row: ApplicantRow): ApplicantInput {
  return cipher.open(
    {
      ciphertext: row.piiCiphertext,
      nonce: row.piiNonce,
      wrappedDataKey: row.wrappedDataKey,
      masterKeyId: row.masterKeyId,
    },
    applicantContext(row.id),
  ) as ApplicantInput;
}
