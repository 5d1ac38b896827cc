import { describe, expect, it } from "vitest";
import { localizedName } from "./LocalizedName.ts";

const names = { en: "UK Home Office", zh: "英国内政部", es: "Ministerio del Interior del Reino Unido (Home Office)" };

describe("localizedName", () => {
  it("reads the language of a language tag, English for others", () => {
    expect(localizedName(names, "zh-CN")).toBe("英国内政部");
    expect(localizedName(names, "es")).toBe("Ministerio del Interior del Reino Unido (Home Office)");
    expect(localizedName(names, "EN-GB")).toBe("UK Home Office");
    expect(localizedName(names, "fr")).toBe("UK Home Office");
  });
});
