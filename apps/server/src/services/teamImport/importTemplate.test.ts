import { seedCatalogue } from "@entrada/core";
import { describe, expect, test } from "vitest";
import { checkTeamImport } from "./checkTeamImport.ts";
import { decodeImportFile } from "./decodeImportFile.ts";
import { importTemplate } from "./importTemplate.ts";
import { TeamImportFileError } from "./TeamImportFileError.ts";

const catalogue = seedCatalogue();
const fixed =
  "surname,given_names,nationality,sex,birth_date,passport_number,passport_expiry,issuing_country,email,locale,product_id,travel_from,travel_to,mrz_line1,mrz_line2";

describe("importTemplate", () => {
  test("ESTA: the fixed columns, then one answer column per answer it requires (email and travel dates have their own)", () => {
    expect(importTemplate(catalogue.product("us-esta"))).toBe(
      `\uFEFF${fixed},answer.place_of_birth,answer.phone,answer.home_address,answer.employer,answer.parents_names,answer.address_in_destination,answer.criminal_record\r\n`,
    );
  });

  test("Kenya's business eTA: travel_dates comes from travel_from and travel_to, so no answer column for it", () => {
    expect(importTemplate(catalogue.product("ke-eta-business"))).toBe(
      `\uFEFF${fixed},answer.phone,answer.home_address,answer.address_in_destination,answer.employer\r\n`,
    );
  });

  test("every product's template is read back with its header accepted and refused only as empty", () => {
    for (const product of catalogue.products) {
      const { text } = decodeImportFile(Buffer.from(importTemplate(product), "utf8"));
      const run = () => checkTeamImport(text, { catalogue, organisationOpenPassports: [], today: "2027-01-04" });
      expect(run).toThrow(TeamImportFileError);
      expect(run).toThrow(/no traveller/);
    }
  });
});
