import { describe, expect, it } from "vitest";
import { ApiError } from "../api/ApiError.ts";
import { HolderStorageUnavailableError } from "./holderStore.ts";
import { describeIdentityError } from "./identityErrors.ts";

const apiError = (code: string, details?: unknown) =>
  new ApiError({ status: 400, code, message: code, ...(details === undefined ? {} : { details }) });

describe("describeIdentityError", () => {
  it("explains identity failures, a refused upload with its problems", () => {
    expect(describeIdentityError(apiError("ENTRADA_DOCUMENT_REJECTED", { problems: ["too_large", 3] }))).toEqual({
      code: "ENTRADA_DOCUMENT_REJECTED",
      problems: ["too_large"],
    });
    expect(describeIdentityError(apiError("ENTRADA_PRESENTATION_REQUEST_SPENT"))).toEqual({
      code: "ENTRADA_PRESENTATION_REQUEST_SPENT",
      problems: [],
    });
  });

  it("folds the verifier's refusals into one: this credential cannot be used", () => {
    for (const code of ["ENTRADA_KEY_BINDING_INVALID", "ENTRADA_DISCLOSURE_TAMPERED", "ENTRADA_ISSUER_KEY_UNKNOWN"]) {
      expect(describeIdentityError(apiError(code))?.code).toBe("ENTRADA_CREDENTIAL_INVALID");
    }
    // Thrown in the browser by @entrada/identity while presenting.
    expect(
      describeIdentityError(Object.assign(new Error("x"), { code: "ENTRADA_CLAIM_NOT_IN_CREDENTIAL" }))?.code,
    ).toBe("ENTRADA_CLAIM_NOT_IN_CREDENTIAL");
    expect(describeIdentityError(new HolderStorageUnavailableError())?.code).toBe("HOLDER_STORAGE_UNAVAILABLE");
  });

  it("leaves every other failure to the app's shared notice", () => {
    expect(describeIdentityError(apiError("ENTRADA_UNAUTHENTICATED"))).toBeNull();
    expect(describeIdentityError(new Error("boom"))).toBeNull();
    expect(describeIdentityError(null)).toBeNull();
  });
});
