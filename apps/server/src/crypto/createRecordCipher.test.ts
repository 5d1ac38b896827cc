import { describe, expect, test } from "vitest";
import { createRecordCipher } from "./createRecordCipher.ts";

const masterKey = new Uint8Array(32).fill(7);

describe("createRecordCipher", () => {
  const cipher = createRecordCipher({ masterKey });

  test("seals and opens a record; each seal uses a fresh data key and nonce", () => {
    const value = { surname: "ERIKSSON", passportNumber: "L898902C3" };
    const a = cipher.seal(value, "applicant:1");
    const b = cipher.seal(value, "applicant:1");
    expect(cipher.open(a, "applicant:1")).toEqual(value);
    expect(Buffer.from(a.ciphertext)).not.toEqual(Buffer.from(b.ciphertext));
    expect(Buffer.from(a.wrappedDataKey)).not.toEqual(Buffer.from(b.wrappedDataKey));
    expect([a.nonce.length, a.wrappedDataKey.length, a.ciphertext.length - JSON.stringify(value).length]).toEqual([
      12, 60, 16,
    ]);
    expect(Buffer.from(a.ciphertext).toString("latin1")).not.toContain("ERIKSSON");
    expect(a.masterKeyId).toBe(cipher.masterKeyId);
  });

  test("a record does not open in another row, under another key, or tampered with", () => {
    const sealed = cipher.seal({ a: 1 }, "applicant:1");
    expect(() => cipher.open(sealed, "applicant:2")).toThrow();
    const other = createRecordCipher({ masterKey: new Uint8Array(32).fill(8) });
    expect(() => other.open(sealed, "applicant:1")).toThrow(/master key/);
    const tampered = { ...sealed, ciphertext: Uint8Array.from(sealed.ciphertext) };
    tampered.ciphertext[0]! ^= 1;
    expect(() => cipher.open(tampered, "applicant:1")).toThrow();
  });

  test("the blind index is keyed: stable for one master key, different for another", () => {
    const other = createRecordCipher({ masterKey: new Uint8Array(32).fill(8) });
    expect(cipher.blindIndex("USA:L898902C3")).toEqual(cipher.blindIndex("USA:L898902C3"));
    expect(cipher.blindIndex("USA:L898902C3")).not.toEqual(other.blindIndex("USA:L898902C3"));
    expect(cipher.blindIndex("x")).toHaveLength(32);
    expect(() => createRecordCipher({ masterKey: new Uint8Array(16) })).toThrow(RangeError);
  });
});
