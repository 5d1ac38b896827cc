import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseSanctionsList } from "./parseSanctionsList.ts";
import type { SanctionsEntry } from "./SanctionsEntry.ts";

/** Where a sanctions list lies on disk: OFAC's `sdn.csv` and, optionally, its `alt.csv`. */
export type SanctionsListPaths = {
  readonly sdnPath: string;
  readonly altPath?: string | undefined;
};

/**
 * The small sample list shipped for development and tests (`packages/identity/data/`): ten
 * fictional entries in OFAC's layout, with aliases. Never use it in production: configure the
 * paths of the real, current SDN files.
 *
 * @example
 * const entries = await loadSanctionsList(sampleSanctionsListPaths);
 */
export const sampleSanctionsListPaths: SanctionsListPaths = {
  sdnPath: fileURLToPath(new URL("../../data/sdn.sample.csv", import.meta.url)),
  altPath: fileURLToPath(new URL("../../data/alt.sample.csv", import.meta.url)),
};

/**
 * Reads a sanctions list in OFAC's SDN CSV layout from disk.
 *
 * @throws {InvalidSanctionsListError} when a file is not in that layout.
 * @example
 * const screener = createSanctionsScreener({ entries: await loadSanctionsList({ sdnPath: "/srv/ofac/sdn.csv", altPath: "/srv/ofac/alt.csv" }) });
 */
export async function loadSanctionsList({ sdnPath, altPath }: SanctionsListPaths): Promise<SanctionsEntry[]> {
  const [sdn, alt] = await Promise.all([
    readFile(sdnPath, "utf8"),
    altPath === undefined ? undefined : readFile(altPath, "utf8"),
  ]);
  return parseSanctionsList({ sdn, alt });
}
