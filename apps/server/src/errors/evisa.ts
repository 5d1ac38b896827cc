import { ApiError } from "./ApiError.ts";

/**
 * The application has no e-visa: not issued yet (its escrow release is not seen, or issuance is a
 * moment behind it), or never (rejected, refunded).
 *
 * @example
 * throw new EvisaNotIssuedError({ applicationId, state: "approved" })
 */
export class EvisaNotIssuedError extends ApiError {
  override name = "EvisaNotIssuedError" as const;
  constructor({ applicationId, state }: { applicationId: string; state: string }) {
    super("This application has no e-visa yet.", {
      code: "ENTRADA_EVISA_NOT_ISSUED",
      details: { applicationId, state },
    });
  }
}
