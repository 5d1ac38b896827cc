/**
 * Crockford's base32 alphabet: digits and letters without I, L, O and U, so a reference read aloud
 * or typed from paper cannot be mistaken (https://www.crockford.com/base32.html).
 */
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A reference as Entrada writes it: `ENT-` and two groups of four Crockford base32 characters. */
export const applicationReferencePattern = /^ENT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** Random bytes a reference takes: 5 bytes, 40 bits, eight base32 characters. */
export const applicationReferenceBytes = 5;

/**
 * The short human reference of an application (`ENT-7K3Q-9XPA`) from 5 random bytes: what
 * travellers and officers read, say and search, while the UUID stays the API's id. 40 bits make a
 * clash rare; the database's unique index catches the rare one, and the caller draws again.
 *
 * @example
 * applicationReference(new Uint8Array([0x39, 0xa7, 0x74, 0xeb, 0x4a])) // "ENT-76KQ-9TTA"
 */
export function applicationReference(bytes: Uint8Array): string {
  if (bytes.length !== applicationReferenceBytes) {
    throw new RangeError(`an application reference takes ${applicationReferenceBytes} bytes, not ${bytes.length}`);
  }
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let characters = "";
  for (let shift = 35n; shift >= 0n; shift -= 5n) characters += crockford[Number((bits >> shift) & 31n)];
  return `ENT-${characters.slice(0, 4)}-${characters.slice(4)}`;
}

/**
 * What a person typed, read as a reference the way Crockford base32 decodes: any case, with or
 * without `ENT` and dashes or spaces, `O` as 0 and `I`/`L` as 1. `null` when it cannot be one.
 *
 * @example
 * parseApplicationReference("ent 7k3q 9xpa") // "ENT-7K3Q-9XPA"
 * parseApplicationReference("7K3Q-9XPO") // "ENT-7K3Q-9XP0"
 */
export function parseApplicationReference(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/^ENT/, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(compact)) return null;
  return `ENT-${compact.slice(0, 4)}-${compact.slice(4)}`;
}
