import { nameSimilarity } from "./nameSimilarity.ts";
import { type NormalizedName, normalizeName } from "./normalizeName.ts";
import type { SanctionsAliasType, SanctionsEntry, SanctionsEntryType } from "./SanctionsEntry.ts";

/** Parameters of {@link createSanctionsScreener}. */
export type CreateSanctionsScreenerParameters = {
  /** The list, for example from `parseSanctionsList` or `loadSanctionsList`. */
  entries: readonly SanctionsEntry[];
  /**
   * The {@link nameSimilarity} from which a name is a match. Default 0.9: spelling and
   * transliteration variants of every part score above it, namesakes sharing one part below.
   */
  threshold?: number | undefined;
  /** Which kinds of entries to screen people against. Default: individuals only. */
  types?: readonly SanctionsEntryType[] | undefined;
  /** Years a listed birth year may differ from the person's and still be the same person. Default 1. */
  birthYearTolerance?: number | undefined;
};

/** What to screen: a person's name in any script, and their birth date when known. */
export type SanctionsQuery = {
  /** The full name, in any order (`Anna Maria Eriksson`, `ERIKSSON, Anna Maria`). */
  name: string;
  /** `YYYY-MM-DD`: listed entries whose birth years are all further away are not reported. */
  birthDate?: string | undefined;
};

/** One listed party whose name (or alias) is close enough to the person's. */
export type SanctionsMatch = {
  readonly entryId: number;
  /** The entry's primary name. */
  readonly listedName: string;
  /** The name that matched: the primary name or an alias. */
  readonly matchedName: string;
  readonly matchedAs: "primary" | SanctionsAliasType;
  /** {@link nameSimilarity}, rounded to three decimals. */
  readonly score: number;
  readonly programs: readonly string[];
  /** The entry's listed years of birth (empty when none), for a reviewer to compare. */
  readonly birthYears: readonly number[];
  /** `true`/`false` when both sides have a birth year, `null` when either does not. */
  readonly birthYearMatches: boolean | null;
};

/** A screening service over one list; see {@link createSanctionsScreener}. */
export type SanctionsScreener = {
  /** Matches of a person against the list, best first; empty when none reaches the threshold. */
  screen(query: SanctionsQuery): SanctionsMatch[];
  /** How many names (primary and aliases) are screened. */
  readonly size: number;
};

type IndexedName = {
  readonly entry: SanctionsEntry;
  readonly name: string;
  readonly matchedAs: "primary" | SanctionsAliasType;
  readonly normalized: NormalizedName;
};

/**
 * A sanctions screener over a list in memory: every name and alias is normalized once
 * (transliterated, tokenized), then each query is compared with all of them by
 * {@link nameSimilarity}, which ignores word order and tolerates spelling and transliteration
 * variants (Cyrillic, Greek, Arabic, Chinese, diacritics). A match is a reason for manual review,
 * never a decision by itself: the KYC pipeline flags it.
 *
 * Entries with a listed birth year are not reported when the person's birth year is further away
 * than the tolerance: namesakes are the bulk of false positives, and OFAC lists years for most
 * individuals.
 *
 * @example
 * const screener = createSanctionsScreener({ entries: await loadSanctionsList(sampleSanctionsListPaths) });
 * screener.screen({ name: "Мирослав Златогорский", birthDate: "1968-03-14" })
 * // [{ entryId: 9000001, listedName: "ZLATOGORSKY, Miroslav Antonovich", matchedName: "ZLATOGORSKI, Miroslav", matchedAs: "aka", score: 0.99, … }]
 */
export function createSanctionsScreener(parameters: CreateSanctionsScreenerParameters): SanctionsScreener {
  const threshold = parameters.threshold ?? 0.9;
  const tolerance = parameters.birthYearTolerance ?? 1;
  const types = new Set(parameters.types ?? ["individual"]);
  const names: IndexedName[] = parameters.entries
    .filter((entry) => types.has(entry.type))
    .flatMap((entry) => [
      { entry, name: entry.name, matchedAs: "primary" as const, normalized: normalizeName(entry.name) },
      ...entry.aliases.map((alias) => ({
        entry,
        name: alias.name,
        matchedAs: alias.type,
        normalized: normalizeName(alias.name),
      })),
    ]);

  return {
    size: names.length,
    screen({ name, birthDate }) {
      const query = normalizeName(name);
      const birthYear = birthDate === undefined ? undefined : Number(birthDate.slice(0, 4));
      const best = new Map<number, SanctionsMatch>();
      for (const candidate of names) {
        const score = nameSimilarity(query, candidate.normalized);
        if (score < threshold) continue;
        const { entry } = candidate;
        const birthYearMatches =
          birthYear === undefined || entry.birthYears.length === 0
            ? null
            : entry.birthYears.some((year) => Math.abs(year - birthYear) <= tolerance);
        if (birthYearMatches === false) continue;
        const previous = best.get(entry.id);
        if (previous !== undefined && previous.score >= score) continue;
        best.set(entry.id, {
          entryId: entry.id,
          listedName: entry.name,
          matchedName: candidate.name,
          matchedAs: candidate.matchedAs,
          score: Math.round(score * 1000) / 1000,
          programs: entry.programs,
          birthYears: entry.birthYears,
          birthYearMatches,
        });
      }
      return [...best.values()].sort((a, b) => b.score - a.score || a.entryId - b.entryId);
    },
  };
}
