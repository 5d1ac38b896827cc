/** The kinds of OFAC SDN entries; `entity` is OFAC's empty (`-0-`) type. */
export type SanctionsEntryType = "individual" | "entity" | "vessel" | "aircraft";

/** How an alternative name relates to the entry: also known as, formerly known as, now known as. */
export type SanctionsAliasType = "aka" | "fka" | "nka";

/** One alternative name of a {@link SanctionsEntry}, from the ALT file. */
export type SanctionsAlias = {
  readonly type: SanctionsAliasType;
  readonly name: string;
};

/** One listed party, joined from the SDN file and its aliases in the ALT file on `ent_num`. */
export type SanctionsEntry = {
  /** OFAC's `ent_num`. */
  readonly id: number;
  /** As listed, for individuals `LASTNAME, Firstname`. */
  readonly name: string;
  readonly type: SanctionsEntryType;
  /** Sanctions programs, for example `["SDGT", "IRGC"]`. */
  readonly programs: readonly string[];
  readonly aliases: readonly SanctionsAlias[];
  /** Years of birth found in the remarks (`DOB 01 Jan 1971; alt. DOB 1972`), to tell namesakes apart. */
  readonly birthYears: readonly number[];
  readonly remarks: string | null;
};
