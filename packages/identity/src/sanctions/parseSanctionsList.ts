import { InvalidCsvError, InvalidSanctionsListError } from "../errors/sanctions.ts";
import { type CsvRecord, parseCsv } from "./parseCsv.ts";
import type { SanctionsAlias, SanctionsAliasType, SanctionsEntry, SanctionsEntryType } from "./SanctionsEntry.ts";

/** Parameters of {@link parseSanctionsList}: the texts of OFAC's files. */
export type ParseSanctionsListParameters = {
  /** `sdn.csv`: no header; ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. */
  sdn: string;
  /** `alt.csv`: no header; ent_num, alt_num, alt_type, alt_name, alt_remarks. */
  alt?: string | undefined;
};

const sdnColumns = 12;
const altColumns = 5;
const entryTypes: Readonly<Record<string, SanctionsEntryType>> = {
  individual: "individual",
  vessel: "vessel",
  aircraft: "aircraft",
};
const aliasTypes = new Set<string>(["aka", "fka", "nka"]);

/**
 * Reads a sanctions list in the layout of OFAC's SDN list (`sdn.csv`, `alt.csv`): no header row,
 * `-0-` for an empty value, and a trailing end-of-file character (0x1A) as OFAC ships it.
 * Addresses (`add.csv`) are not needed for name screening.
 *
 * @throws {InvalidSanctionsListError} on a record with the wrong number of columns, an `ent_num`
 *   that is not a number, a duplicate entry, or an alias of an entry the SDN file does not have.
 * @example
 * const entries = parseSanctionsList({ sdn: await readFile("sdn.csv", "utf8"), alt: await readFile("alt.csv", "utf8") });
 * entries[0] // { id: 9000001, name: "ZLATOGORSKY, Miroslav Antonovich", type: "individual", birthYears: [1968], … }
 */
export function parseSanctionsList({ sdn, alt }: ParseSanctionsListParameters): SanctionsEntry[] {
  const entries = new Map<number, { entry: Omit<SanctionsEntry, "aliases">; aliases: SanctionsAlias[] }>();
  for (const record of read("sdn", sdn)) {
    const fields = columns("sdn", record, sdnColumns);
    const id = entNum("sdn", record, fields[0]!);
    if (entries.has(id))
      throw new InvalidSanctionsListError({ file: "sdn", line: record.line, reason: `entry ${id} appears twice` });
    const name = value(fields[1]!);
    if (name === null)
      throw new InvalidSanctionsListError({ file: "sdn", line: record.line, reason: "the name is empty" });
    const remarks = value(fields[11]!);
    entries.set(id, {
      entry: {
        id,
        name,
        type: entryTypes[(value(fields[2]!) ?? "").toLowerCase()] ?? "entity",
        programs: (value(fields[3]!) ?? "")
          .split(/\]\s*\[/)
          .map((program) => program.trim())
          .filter((program) => program !== ""),
        birthYears: remarks === null ? [] : birthYears(remarks),
        remarks,
      },
      aliases: [],
    });
  }
  for (const record of alt === undefined ? [] : read("alt", alt)) {
    const fields = columns("alt", record, altColumns);
    const id = entNum("alt", record, fields[0]!);
    const target = entries.get(id);
    if (target === undefined) {
      throw new InvalidSanctionsListError({ file: "alt", line: record.line, reason: `alias of unknown entry ${id}` });
    }
    const type = (value(fields[2]!) ?? "aka").toLowerCase();
    const name = value(fields[3]!);
    if (name === null) continue;
    target.aliases.push({ type: aliasTypes.has(type) ? (type as SanctionsAliasType) : "aka", name });
  }
  return [...entries.values()].map(({ entry, aliases }) => ({ ...entry, aliases }));
}

function read(file: "sdn" | "alt", text: string): CsvRecord[] {
  try {
    // OFAC ends its files with an ASCII SUB (0x1A), a DOS end-of-file mark.
    return parseCsv(text).filter((record) => !(record.fields.length === 1 && record.fields[0]!.trim() === "\u001a"));
  } catch (error) {
    if (error instanceof InvalidCsvError) {
      throw new InvalidSanctionsListError({
        file,
        line: Number(error.details.line),
        reason: error.shortMessage,
        cause: error,
      });
    }
    throw error;
  }
}

function columns(file: "sdn" | "alt", record: CsvRecord, expected: number): readonly string[] {
  if (record.fields.length !== expected) {
    throw new InvalidSanctionsListError({
      file,
      line: record.line,
      reason: `expected ${expected} columns, found ${record.fields.length}`,
    });
  }
  return record.fields;
}

function entNum(file: "sdn" | "alt", record: CsvRecord, field: string): number {
  const text = field.trim();
  if (!/^\d+$/.test(text))
    throw new InvalidSanctionsListError({ file, line: record.line, reason: `ent_num "${text}" is not a number` });
  return Number(text);
}

/** OFAC writes an empty value as `-0-`, often with trailing blanks. */
function value(field: string): string | null {
  const text = field.trim();
  return text === "" || text === "-0-" ? null : text;
}

/** Years after each `DOB` in the remarks, with ranges (`DOB 1960 to 1962`) expanded. */
function birthYears(remarks: string): number[] {
  const years = new Set<number>();
  for (const [, segment] of remarks.matchAll(/\bDOB\b([^;]*)/g)) {
    const found = [...(segment ?? "").matchAll(/\b(1[89]\d\d|20\d\d)\b/g)].map((match) => Number(match[1]));
    const [first, last] = [found[0], found[found.length - 1]];
    if (first !== undefined && last !== undefined && /\bto\b/.test(segment ?? "") && last - first <= 20) {
      for (let year = first; year <= last; year++) years.add(year);
    } else {
      for (const year of found) years.add(year);
    }
  }
  return [...years].sort((a, b) => a - b);
}
