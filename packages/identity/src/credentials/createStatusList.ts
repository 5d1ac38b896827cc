import { type BitsPerStatus, StatusList } from "@sd-jwt/jwt-status-list";
import { StatusListEntryInvalidError } from "../errors/credential.ts";

/**
 * The statuses of the IETF Token Status List (draft-ietf-oauth-status-list, 7.1): 0 valid,
 * 1 invalid (revoked for good), 2 suspended (may come back); 3 is for applications.
 */
export const credentialStatus = { valid: 0, invalid: 1, suspended: 2 } as const;

/** Parameters of {@link createStatusList}. */
export type CreateStatusListParameters = {
  /**
   * Number of entries. Default 131 072 (2¹⁷): a large list hides which credential a verifier asks
   * about among many, and compresses to almost nothing while mostly valid.
   */
  size?: number | undefined;
  /** Bits per entry: 1 (valid/revoked) or 2 and more (also suspended). Default 2. */
  bits?: BitsPerStatus | undefined;
};

/** A status list in memory; persist it with {@link StatusListState.serialize} after each change. */
export type StatusListState = {
  readonly size: number;
  readonly bits: BitsPerStatus;
  /** The status at an index. */
  get(index: number): number;
  /** Sets the status at an index (see {@link credentialStatus}). */
  set(index: number, status: number): void;
  /** Marks a credential invalid for good: `set(index, 1)`. */
  revoke(index: number): void;
  /**
   * The list as the token carries it (`lst`): ZLIB-compressed, base64url. With `bits`, this is all
   * the database needs to keep; {@link restoreStatusList} reads it back.
   */
  serialize(): string;
};

/**
 * A new status list with every entry valid. The server gives each credential its own index (best
 * chosen at random among the free ones, so that indexes do not reveal the order of issuance) and
 * puts `{ status_list: { idx, uri } }` into the credential; revoking sets that entry, and the next
 * signed token (`CredentialIssuer.signStatusList`) shows it to every verifier.
 *
 * @example
 * const list = createStatusList({ size: 131_072, bits: 2 });
 * list.revoke(4711);
 * await db.saveStatusList({ id: 1, bits: list.bits, lst: list.serialize() });
 */
export function createStatusList(parameters: CreateStatusListParameters = {}): StatusListState {
  const size = parameters.size ?? 131_072;
  const bits = parameters.bits ?? 2;
  if (![1, 2, 4, 8].includes(bits)) throw new StatusListEntryInvalidError({ reason: "bits must be 1, 2, 4 or 8" });
  if (!Number.isInteger(size) || size < 1 || (size * bits) % 8 !== 0) {
    // The token carries whole bytes; a size that does not fill them would come back larger.
    throw new StatusListEntryInvalidError({ reason: `size must be a positive multiple of ${8 / bits}` });
  }
  return wrap(new StatusList(new Array<number>(size).fill(0), bits));
}

/**
 * A status list read back from its serialized form.
 *
 * @throws {StatusListEntryInvalidError} when `lst` is not a compressed status list.
 * @example
 * const list = restoreStatusList({ bits: row.bits, lst: row.lst });
 */
export function restoreStatusList({ bits, lst }: { bits: BitsPerStatus; lst: string }): StatusListState {
  try {
    return wrap(StatusList.decompressStatusList(lst, bits));
  } catch {
    throw new StatusListEntryInvalidError({ reason: "the serialized list cannot be decompressed" });
  }
}

/** The `@sd-jwt` class behind our checks: it accepts any index or value and would corrupt the encoding. */
function wrap(list: StatusList): StatusListState {
  const bits = list.getBitsPerStatus();
  const size = list.statusList.length;
  const checkIndex = (index: number) => {
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new StatusListEntryInvalidError({ reason: `index must be a whole number from 0 to ${size - 1}`, index });
    }
  };
  return {
    size,
    bits,
    get(index) {
      checkIndex(index);
      return list.getStatus(index);
    },
    set(index, status) {
      checkIndex(index);
      if (!Number.isInteger(status) || status < 0 || status >= 2 ** bits) {
        throw new StatusListEntryInvalidError({
          reason: `a ${bits}-bit status is a whole number from 0 to ${2 ** bits - 1}`,
          index,
          status,
        });
      }
      list.setStatus(index, status);
    },
    revoke(index) {
      this.set(index, credentialStatus.invalid);
    },
    serialize: () => list.compressStatusList(),
  };
}
