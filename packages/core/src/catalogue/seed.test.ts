import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../money/formatMoney.ts";
import { seedAuthorities, seedCatalogue, seedProducts } from "./seed.ts";

describe("seed", () => {
  it("is a valid catalogue", () => {
    expect(() => seedCatalogue()).not.toThrow();
  });

  it("has the eight authorities registered on the development chain, with the same slugs", () => {
    const slugs = seedAuthorities.map((authority) => authority.id);
    expect(slugs).toEqual(["th-evisa", "in-evisa", "gb-eta", "us-esta", "tr-evisa", "ke-eta", "au-eta", "eu-etias"]);
    // The on-chain ids come from contracts/demo.ts, which @entrada/contracts does not export; read
    // the source so the two lists cannot drift apart unnoticed.
    const demo = readFileSync(new URL("../../../../contracts/demo.ts", import.meta.url), "utf8");
    const block = /demoAuthoritySlugs = \[([^\]]*)\]/.exec(demo)?.[1] ?? "";
    expect([...block.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1])).toEqual(slugs);
  });

  it("carries the published fees", () => {
    expect(
      Object.fromEntries(seedProducts.map((product) => [product.id, formatMoney(product.fee, { withCurrency: true })])),
    ).toMatchInlineSnapshot(`
      {
        "au-eta": "20.00 AUD",
        "eu-etias": "20.00 EUR",
        "gb-eta": "16.00 GBP",
        "in-ebusiness-1y": "80.00 USD",
        "in-etourist-1y": "40.00 USD",
        "in-etourist-30d": "25.00 USD",
        "in-etourist-5y": "80.00 USD",
        "ke-eta-business": "30.00 USD",
        "ke-eta-tourist": "30.00 USD",
        "th-business-multiple": "5000.00 THB",
        "th-business-single": "2000.00 THB",
        "th-dtv": "10000.00 THB",
        "th-tourist-multiple": "5000.00 THB",
        "th-tourist-single": "1000.00 THB",
        "th-transit": "800.00 THB",
        "tr-evisa": "50.00 USD",
        "us-esta": "40.00 USD",
      }
    `);
  });

  it("offers every purpose somewhere, and business and transit variants", () => {
    for (const purpose of ["tourist", "business", "transit"] as const) {
      expect(seedProducts.filter((product) => product.purposes.includes(purpose)).length).toBeGreaterThanOrEqual(4);
    }
    expect(seedProducts.length).toBeGreaterThanOrEqual(15);
  });

  it("admits to the 30 ETIAS countries through eu-etias", () => {
    const catalogue = seedCatalogue();
    expect(catalogue.authority("eu-etias").destinations).toHaveLength(30);
    expect(catalogue.authoritiesFor("FR").map((authority) => authority.id)).toEqual(["eu-etias"]);
    expect(catalogue.authoritiesFor("IE")).toEqual([]);
  });
});
