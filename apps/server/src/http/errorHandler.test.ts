import { RelayerKeyConflictError } from "@entrada/chain";
import { BaseError, InvalidAmountError } from "@entrada/core";
import { describe, expect, test } from "vitest";
import { NotFoundError } from "../errors/http.ts";
import { toApiError } from "./errorHandler.ts";

describe("toApiError", () => {
  test("keeps the code and status of core's, the API's and the chain package's errors", () => {
    const chain = new RelayerKeyConflictError({ key: "quote:0xabc", field: "data" });
    expect(toApiError(chain)).toBe(chain);
    expect(toApiError(chain).status).toBe(409);
    expect(toApiError(chain).toJSON().code).toBe("ENTRADA_RELAYER_KEY_CONFLICT");

    const core = new InvalidAmountError({ value: "x", currency: "GBP" });
    expect(toApiError(core)).toBe(core);
    const api = new NotFoundError({ resource: "application", id: "x" });
    expect(toApiError(api)).toBe(api);
  });

  test("turns anything else into ENTRADA_INTERNAL without its message", () => {
    const error = toApiError(new TypeError("secret detail"));
    expect(error).toBeInstanceOf(BaseError);
    expect(error.status).toBe(500);
    expect(error.toJSON()).toEqual({ code: "ENTRADA_INTERNAL", message: "An unexpected error occurred.", details: {} });
  });
});
