import type { applicants } from "@entrada/db";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import type { Answers, ApplicantInput } from "../schemas/applicationSchemas.ts";
import type { ApplicationRow } from "./recordTransition.ts";

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

/**
 * The context an application's answers are sealed under.
 *
 * @example
 * cipher.seal(answers, answersContext(applicationId))
 */
export function answersContext(applicationId: string): string {
  return `application:${applicationId}:answers`;
}

/**
 * Decrypts an application's answers; `{}` before the first answer.
 *
 * @example
 * const { email } = openAnswers(cipher, row);
 */
export function openAnswers(cipher: RecordCipher, row: ApplicationRow): Answers {
  if (
    row.answersCiphertext === null ||
    row.answersNonce === null ||
    row.answersWrappedKey === null ||
    row.answersMasterKeyId === null
  ) {
    return {};
  }
  return cipher.open(
    {
      ciphertext: row.answersCiphertext,
      nonce: row.answersNonce,
      wrappedDataKey: row.answersWrappedKey,
      masterKeyId: row.answersMasterKeyId,
    },
    answersContext(row.id),
  ) as Answers;
}
