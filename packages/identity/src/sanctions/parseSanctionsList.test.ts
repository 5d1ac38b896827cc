import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { InvalidSanctionsListError } from "../errors/sanctions.ts";
import { sampleSanctionsListPaths } from "./loadSanctionsList.ts";
import { parseSanctionsList } from "./parseSanctionsList.ts";

const row = (ent: string, name: string, type: string, program: string, remarks = "-0-") =>
  `${ent},"${name}",${type},"${program}",-0-,-0-,-0-,-0-,-0-,-0-,-0-,"${remarks}"`;

describe("parseSanctionsList", () => {
  it("joins SDN entries with their aliases and reads types, programs and years of birth", () => {
    const entries = parseSanctionsList({
      sdn: [
        row("10", "DOE, John", "individual", "SDGT] [IRGC", "DOB 01 Jan 1971; alt. DOB 1972; POB Utopia"),
        row("11", "ACME FRONT CO.", "-0- ", "DEMO"),
        row("12", "ROE, Jane", "individual", "DEMO", "DOB 1960 to 1962"),
        "\u001a",
      ].join("\r\n"),
      alt: ['10,1,"aka","DOE, Johnny",-0-', '10,2,"fka","DOUGH, Jon",-0-', '11,3,"aka",-0-,-0-'].join("\n"),
    });
    expect(entries).toEqual([
      {
        id: 10,
        name: "DOE, John",
        type: "individual",
        programs: ["SDGT", "IRGC"],
        aliases: [
          { type: "aka", name: "DOE, Johnny" },
          { type: "fka", name: "DOUGH, Jon" },
        ],
        birthYears: [1971, 1972],
        remarks: "DOB 01 Jan 1971; alt. DOB 1972; POB Utopia",
      },
      {
        id: 11,
        name: "ACME FRONT CO.",
        type: "entity",
        programs: ["DEMO"],
        aliases: [],
        birthYears: [],
        remarks: null,
      },
      {
        id: 12,
        name: "ROE, Jane",
        type: "individual",
        programs: ["DEMO"],
        aliases: [],
        birthYears: [1960, 1961, 1962],
        remarks: "DOB 1960 to 1962",
      },
    ]);
  });

  it("reads the shipped sample list", async () => {
    const entries = parseSanctionsList({
      sdn: await readFile(sampleSanctionsListPaths.sdnPath, "utf8"),
      alt: await readFile(sampleSanctionsListPaths.altPath!, "utf8"),
    });
    expect(entries).toHaveLength(10);
    expect(entries.filter((entry) => entry.type === "individual")).toHaveLength(8);
    expect(entries.find((entry) => entry.id === 9000001)).toMatchObject({
      name: "ZLATOGORSKY, Miroslav Antonovich",
      birthYears: [1968],
      aliases: [
        { type: "aka", name: "ZLATOGORSKI, Miroslav" },
        { type: "fka", name: "GORSKY, Mirek" },
      ],
    });
  });

  it("refuses a list it cannot read, naming the file and line", () => {
    const cases: [Parameters<typeof parseSanctionsList>[0], RegExp][] = [
      [{ sdn: `${row("1", "A", "individual", "X")}\n2,"B",individual` }, /sdn line 2: expected 12 columns, found 3/],
      [{ sdn: row("x1", "A", "individual", "X") }, /sdn line 1: ent_num "x1" is not a number/],
      [{ sdn: `${row("1", "A", "individual", "X")}\n${row("1", "B", "individual", "X")}` }, /entry 1 appears twice/],
      [{ sdn: row("1", "-0-", "individual", "X") }, /the name is empty/],
      [{ sdn: row("1", "A", "individual", "X"), alt: '2,1,"aka","B",-0-' }, /alt line 1: alias of unknown entry 2/],
      [{ sdn: '1,"A' }, /sdn line 1: .*unterminated quoted field/],
    ];
    for (const [input, message] of cases) {
      expect(() => parseSanctionsList(input)).toThrow(InvalidSanctionsListError);
      expect(() => parseSanctionsList(input)).toThrow(message);
    }
  });
});
