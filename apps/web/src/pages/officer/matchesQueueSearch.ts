/** What the queue's search looks at in a row. */
export type QueueSearchable = { id: string; reference?: string | undefined; applicantName?: string | null | undefined };

/** Lower case, without accents and extra spaces: "Ériksson  Anna" → "eriksson anna". */
function normalise(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Whether a queue row matches the officer's search: the start of its short reference (`ENT-7K3Q`,
 * `7k3q 9x`: any case, with or without `ENT` and dashes), the start of its application id (with or
 * without dashes), or every word of the search somewhere in the applicant's name, ignoring case and
 * accents. An empty search matches everything.
 *
 * @example
 * matchesQueueSearch({ id: "5f0c2a9e-…", reference: "ENT-7K3Q-9XPA" }, "ent-7k3q") // true
 * matchesQueueSearch({ id: "5f0c2a9e-…", applicantName: "ANNA MARIA ERIKSSON" }, "5f0c") // true
 * matchesQueueSearch({ id: "5f0c2a9e-…", applicantName: "ANNA MARIA ERIKSSON" }, "eriksson anna") // true
 */
export function matchesQueueSearch(row: QueueSearchable, search: string): boolean {
  const query = normalise(search);
  if (query === "") return true;
  const compactQuery = query.replace(/[-\s]/g, "");
  // A reference's characters after "ENT", read the Crockford way: o is 0, i and l are 1.
  const referenceTail = row.reference?.replace(/-/g, "").toLowerCase().slice(3);
  const asReference = compactQuery.replace(/^ent/, "").replace(/o/g, "0").replace(/[il]/g, "1");
  if (referenceTail && asReference.length >= 4 && referenceTail.startsWith(asReference)) return true;
  if (/^[0-9a-f]+$/.test(compactQuery) && row.id.toLowerCase().replace(/-/g, "").startsWith(compactQuery)) {
    return true;
  }
  if (!row.applicantName) return false;
  const name = normalise(row.applicantName);
  return query.split(" ").every((word) => name.includes(word));
}

/** A full application id (UUID), which the queue can open directly even if it is not loaded. */
export const applicationIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
