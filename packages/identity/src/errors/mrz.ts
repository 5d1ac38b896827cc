import { IdentityError, truncate } from "./IdentityError.ts";

/**
 * A value cannot be written into a machine readable zone.
 *
 * @example
 * buildMrz({ format: "TD3", documentNumber: "1234567890", … }) // throws InvalidMrzInputError (field "documentNumber")
 */
export class InvalidMrzInputError extends IdentityError {
  override name = "InvalidMrzInputError" as const;
  /** The input field that cannot be written. */
  readonly field: string;
  constructor({ field, reason }: { field: string; reason: string }) {
    super(`Cannot write ${field} into an MRZ: ${truncate(reason, 160)}.`, {
      code: "ENTRADA_MRZ_INPUT_INVALID",
      details: { field, reason: truncate(reason, 160) },
    });
    this.field = field;
  }
}
