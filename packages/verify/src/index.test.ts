import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// Through the package's exports map, as other packages import it.
import * as exports from "@entrada/verify";
import { expect, it } from "vitest";

/** Every bare specifier that the entry point and the modules it reaches import at run time. */
function runtimeImports(entry: string): Set<string> {
  const files = new Set<string>();
  const specifiers = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, kind, specifier] of source.matchAll(/^(?:import|export)\s+(type\s)?[^;]*?from\s+"([^"]+)";/gms)) {
      if (kind !== undefined) continue;
      if (specifier!.startsWith(".")) visit(resolve(dirname(file), specifier!));
      else specifiers.add(specifier!);
    }
  };
  visit(entry);
  return specifiers;
}

it("reaches nothing but @entrada/core and jsqr at run time: no Node built-in, so browsers load it as it is", () => {
  expect([...runtimeImports(fileURLToPath(new URL("./index.ts", import.meta.url)))].sort()).toEqual([
    "@entrada/core",
    "jsqr",
  ]);
});

it("exports exactly the public API", () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "VerifyError",
      "authorityCode",
      "buildVisaMrz",
      "computeCheckDigit",
      "countryAlpha2",
      "decodeC40",
      "decodeQrImage",
      "decodeSealDate",
      "decodeVisaSeal",
      "encodeC40",
      "encodeSealDate",
      "encodeVisaSeal",
      "icaoCountryCode",
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
