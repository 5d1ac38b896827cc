import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as browser from "@entrada/identity/browser";
import { describe, expect, it } from "vitest";

/** Every module the entry reaches through relative imports, and every bare specifier any of them imports at run time. */
function importGraph(entry: string): { files: string[]; specifiers: Set<string> } {
  const files: string[] = [];
  const specifiers = new Set<string>();
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const source = readFileSync(file, "utf8");
    // `import type` and `export type` vanish at build time (verbatimModuleSyntax), so they may name anything.
    for (const [, kind, specifier] of source.matchAll(/^(?:import|export)\s+(type\s)?[^;]*?from\s+"([^"]+)";/gms)) {
      if (kind !== undefined) continue;
      if (specifier!.startsWith(".")) visit(resolve(dirname(file), specifier!));
      else specifiers.add(specifier!);
    }
  };
  visit(entry);
  return { files, specifiers };
}

describe("@entrada/identity/browser", () => {
  it("reaches no Node built-in at run time", () => {
    const { files, specifiers } = importGraph(fileURLToPath(new URL("./browser.ts", import.meta.url)));
    expect(files.length).toBeGreaterThan(10);
    expect(
      [...specifiers].filter(
        (specifier) =>
          specifier.startsWith("node:") ||
          (!specifier.includes("/") && ["fs", "crypto", "http", "path", "zlib"].includes(specifier)),
      ),
    ).toEqual([]);
    expect([...specifiers].sort()).toMatchInlineSnapshot(`
      [
        "@entrada/core",
        "@sd-jwt/core",
        "@sd-jwt/sd-jwt-vc",
        "any-ascii",
        "image-size",
        "jose",
        "mrz",
      ]
    `);
  });

  it("exports exactly the browser API", () => {
    expect(Object.keys(browser).sort()).toMatchInlineSnapshot(`
      [
        "ClaimNotInCredentialError",
        "CredentialMalformedError",
        "IdentityError",
        "InvalidMrzInputError",
        "buildMrz",
        "checkDocumentUpload",
        "computeMrzCheckDigit",
        "createHolderKeyProof",
        "createJwsSigner",
        "createPresentation",
        "decodeCredential",
        "holderKeyProofType",
        "identityClaimPaths",
        "identityCredentialVct",
        "identityErrorCodes",
        "isMrzCountryCode",
        "mrzCountryToIso",
        "mrzLayouts",
        "mrzNameZone",
        "toMrzName",
        "validateMrz",
      ]
    `);
  });
});
