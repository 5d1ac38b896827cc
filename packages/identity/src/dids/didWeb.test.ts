import { expect, test } from "vitest";
import { generateIssuerKey } from "../credentials/issuerKey.ts";
import { didDocument, didWeb } from "./didWeb.ts";

test("didWeb: the host with its port percent-encoded, then the path's segments", () => {
  expect(didWeb("https://entrada.example")).toBe("did:web:entrada.example");
  expect(didWeb("https://entrada.example/")).toBe("did:web:entrada.example");
  expect(didWeb("http://127.0.0.1:3000")).toBe("did:web:127.0.0.1%3A3000");
  expect(didWeb("http://localhost:3000/authorities/th-evisa")).toBe("did:web:localhost%3A3000:authorities:th-evisa");
});

test("didDocument: each key a JsonWebKey2020 assertion method named by its kid, never its private part", async () => {
  const key = await generateIssuerKey();
  const did = "did:web:entrada.example";
  const document = didDocument({ did, keys: [{ ...key.publicJwk, d: key.privateJwk.d! }] });
  expect(document).toEqual({
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
    id: did,
    verificationMethod: [
      { id: `${did}#${key.kid}`, type: "JsonWebKey2020", controller: did, publicKeyJwk: key.publicJwk },
    ],
    assertionMethod: [`${did}#${key.kid}`],
  });
  expect(() => didDocument({ did, keys: [{ kty: "EC" }] })).toThrow("every key needs a kid");
});
