// Through the package's exports map, as other packages import it.
import * as exports from "@entrada/verify";
import { expect, it } from "vitest";

it("exports exactly the public API", () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "VerifyError",
      "authorityCode",
      "buildVisaMrz",
      "computeCheckDigit",
      "countryAlpha2",
      "decodeC40",
      "decodeSealDate",
      "decodeVisaSeal",
      "encodeC40",
      "encodeSealDate",
      "encodeVisaSeal",
      "isC40Text",
      "parseVisaMrz",
      "sealCertificateReference",
      "sealFromBase64url",
      "sealSignerIdentifier",
      "sealToBase64url",
      "trustedKeysFromIssuerMetadata",
      "verifyErrorCodes",
      "verifyVisaSeal",
    ]
  `);
});
