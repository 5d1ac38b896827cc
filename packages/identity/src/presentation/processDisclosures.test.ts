import { base64url } from "jose";
import { describe, expect, it } from "vitest";
import { sha256 } from "../credentials/sha256.ts";
import { DisclosureTamperedError } from "../errors/presentation.ts";
import { processDisclosures } from "./processDisclosures.ts";

const disclosure = (...items: unknown[]) => base64url.encode(new TextEncoder().encode(JSON.stringify(items)));
const digest = async (value: string) => base64url.encode(await sha256(value));

describe("processDisclosures", () => {
  it("matches RFC 9901's example digest", async () => {
    // RFC 9901, 4.2.1: the disclosure of family_name "Möbius" and its digest.
    expect(await digest("WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0")).toBe(
      "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0",
    );
  });

  it("puts object and array disclosures in place, recursively, and drops the rest", async () => {
    const street = disclosure("s1", "street", "Main St");
    const address = disclosure("s2", "address", { _sd: [await digest(street)], country: "UTO" });
    const nationality = disclosure("s3", "UTO");
    const payload = {
      iss: "https://i",
      _sd_alg: "sha-256",
      _sd: [await digest(address), "undisclosed-digest"],
      nationalities: [{ "...": await digest(nationality) }, { "...": "undisclosed" }, "XXA"],
    };
    expect(await processDisclosures(payload, [street, address, nationality])).toEqual({
      iss: "https://i",
      address: { country: "UTO", street: "Main St" },
      nationalities: ["UTO", "XXA"],
    });
    expect(await processDisclosures(payload, [])).toEqual({ iss: "https://i", nationalities: ["XXA"] });
  });

  it("refuses every breach of RFC 9901, 7.1", async () => {
    const name = disclosure("s", "given_name", "Anna");
    const element = disclosure("s", "UTO");
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ _sd: [] }, [name], "a disclosure is not in the issuer-signed credential"],
      [{ _sd: [await digest(name)] }, [name, name], "the same disclosure is presented twice"],
      [{ _sd: [await digest(name), await digest(name)] }, [name], "a digest appears twice in the credential"],
      [{ given_name: "Eve", _sd: [await digest(name)] }, [name], 'a disclosure redefines "given_name"'],
      [{ _sd: [await digest(element)] }, [element], "an object property's disclosure has no name"],
      [{ list: [{ "...": await digest(name) }] }, [name], "an array element's disclosure has a name"],
      [{ _sd: "x" }, [], "_sd is not an array"],
      [
        { _sd: [] },
        [base64url.encode(new TextEncoder().encode('"just a string"'))],
        "a disclosure is not [salt, name, value] or [salt, value]",
      ],
    ];
    const underscore = disclosure("s", "_sd", []);
    cases.push([{ _sd: [await digest(underscore)] }, [underscore], 'a disclosure redefines "_sd"']);
    for (const [payload, disclosures, reason] of cases) {
      const error = await processDisclosures(payload, disclosures).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DisclosureTamperedError);
      expect((error as DisclosureTamperedError).details.reason).toBe(reason);
    }
  });
});
