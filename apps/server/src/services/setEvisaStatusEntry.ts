import { type Executor, statusLists } from "@entrada/db";
import { credentialStatus, restoreStatusList } from "@entrada/identity";
import { eq } from "drizzle-orm";

/** A status of an e-visa's status list entry, by name. */
export type EvisaEntryStatus = keyof typeof credentialStatus;

/** Parameters of {@link setEvisaStatusEntry}. */
export type SetEvisaStatusEntryParameters = {
  /** The e-visa's entry (`evisas.status_list_id`, `evisas.status_index`). */
  entry: { statusListId: number; statusIndex: number };
  /**
   * `invalid` revokes for good (an officer, an erasure); `suspended` withholds while its application
   * is out of `issued` (a reorg removed the release), `valid` gives it back when the release is mined again.
   */
  status: EvisaEntryStatus;
  /** Only changes an entry whose status is one of these; `undefined` changes any. */
  from?: readonly EvisaEntryStatus[] | undefined;
};

/**
 * Sets an e-visa's entry of its authority's Token Status List, under the list's row lock, in the
 * caller's transaction: the next signed status list token shows it to every verifier. An entry set
 * `invalid` never changes again (a revocation is for good), whatever `from` says.
 *
 * @returns the entry's status before the call.
 * @example
 * await db.transaction((tx) => setEvisaStatusEntry(tx, { entry: row, status: "invalid" }));
 */
export async function setEvisaStatusEntry(
  tx: Executor,
  { entry, status, from }: SetEvisaStatusEntryParameters,
): Promise<EvisaEntryStatus> {
  const [list] = await tx.select().from(statusLists).where(eq(statusLists.id, entry.statusListId)).for("update");
  if (list === undefined) throw new Error(`setEvisaStatusEntry: no status list ${entry.statusListId}`);
  const state = restoreStatusList({ bits: list.bits as 1 | 2 | 4 | 8, lst: list.lst });
  const current = state.get(entry.statusIndex);
  const before = (Object.keys(credentialStatus) as EvisaEntryStatus[]).find(
    (name) => credentialStatus[name] === current,
  );
  if (before === undefined) throw new Error(`setEvisaStatusEntry: unknown status ${current}`);
  if (before === status || before === "invalid" || (from !== undefined && !from.includes(before))) return before;
  state.set(entry.statusIndex, credentialStatus[status]);
  await tx.update(statusLists).set({ lst: state.serialize() }).where(eq(statusLists.id, list.id));
  return before;
}
