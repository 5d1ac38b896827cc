import { beforeAll, describe, expect, it } from "vitest";
import { createSanctionsScreener, type SanctionsScreener } from "./createSanctionsScreener.ts";
import { loadSanctionsList, sampleSanctionsListPaths } from "./loadSanctionsList.ts";
import type { SanctionsEntry } from "./SanctionsEntry.ts";

let entries: SanctionsEntry[];
let screener: SanctionsScreener;

beforeAll(async () => {
  entries = await loadSanctionsList(sampleSanctionsListPaths);
  screener = createSanctionsScreener({ entries });
});

const firstMatch = (name: string, birthDate?: string) => screener.screen({ name, birthDate })[0]?.entryId;

describe("createSanctionsScreener", () => {
  it("screens individuals' names and aliases only", () => {
    // 8 individuals and 5 aliases of theirs; the company, its alias and the vessel are not screened.
    expect(screener.size).toBe(13);
    expect(screener.screen({ name: "Quimbleworth Holdings Ltd" })).toEqual([]);
    const withEntities = createSanctionsScreener({ entries, types: ["individual", "entity", "vessel"] });
    expect(withEntities.screen({ name: "Quimbleworth Holdings Ltd" })[0]?.entryId).toBe(9000008);
  });

  it("finds a listed person however the name is written", () => {
    const cases: [string, number][] = [
      ["Miroslav Zlatogorsky", 9000001],
      ["ZLATOGORSKY Miroslav Antonovich", 9000001],
      ["Miroslaw Slatogorski", 9000001],
      ["Мирослав Златогорский", 9000001],
      ["Nikodemos Karaflides", 9000002],
      ["Νικόδημος Καραφλίδης", 9000002],
      ["محمد يوسف القمراني", 9000003],
      ["Mohamed Youssef Al Qumrani", 9000003],
      ["黎墨轩", 9000004],
      ["Li Mo Xuan", 9000004],
      ["Héloïse Dubois-Esquirol", 9000005],
      ["Séamus Ó Ríordáin", 9000006],
      ["Delphine Vanterpool-Okonkwo", 9000007],
      ["강재환", 9000010],
    ];
    for (const [name, id] of cases) expect({ name, id: firstMatch(name) }).toEqual({ name, id });
  });

  it("reports which name matched, its score and the programs", () => {
    expect(screener.screen({ name: "Мирослав Златогорский", birthDate: "1968-03-14" })).toEqual([
      {
        entryId: 9000001,
        listedName: "ZLATOGORSKY, Miroslav Antonovich",
        matchedName: "ZLATOGORSKI, Miroslav",
        matchedAs: "aka",
        score: 0.99,
        programs: ["DEMO-EAST"],
        birthYears: [1968],
        birthYearMatches: true,
      },
    ]);
  });

  it("does not match namesakes and unrelated people", () => {
    for (const name of [
      "Anna Maria Eriksson",
      "Miroslav Novak",
      "Maria Qumrani",
      "Li Wei",
      "Nikos Karras",
      "Muhammad Ali",
      "Wang Xiaoming",
      "Heloise Martin",
      "Kang Min",
      "Dmitri Zlatov",
      "John Smith",
      "Mohammed Yusuf",
      "Yusuf Islam",
      "Zlatogorsky",
    ]) {
      expect({ name, matches: screener.screen({ name }) }).toEqual({ name, matches: [] });
    }
  });

  it("sets aside a namesake born years apart from every listed birth year", () => {
    expect(firstMatch("Miroslav Zlatogorsky", "1969-01-01")).toBe(9000001);
    expect(firstMatch("Miroslav Zlatogorsky", "1990-01-01")).toBeUndefined();
    // No year listed: the name alone decides.
    expect(screener.screen({ name: "Delphine Vanterpool Okonkwo", birthDate: "2001-01-01" })[0]).toMatchObject({
      entryId: 9000007,
      birthYears: [],
      birthYearMatches: null,
    });
  });

  it("takes a stricter or looser threshold", () => {
    expect(createSanctionsScreener({ entries, threshold: 0.99 }).screen({ name: "Miroslaw Slatogorski" })).toEqual([]);
    expect(createSanctionsScreener({ entries, threshold: 0.8 }).screen({ name: "Nikos Karras" })).not.toEqual([]);
  });
});
