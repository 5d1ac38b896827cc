import { base64url } from "jose";
import type { JwsSigner } from "./createJwsSigner.ts";

/**
 * A compact JWS of a JSON header and payload, signed by a {@link JwsSigner}.
 *
 * @example
 * await signJwt({ alg: "ES256", typ: "statuslist+jwt", kid }, { sub: uri, iat, status_list }, signer)
 */
export async function signJwt(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  signer: JwsSigner,
): Promise<string> {
  const encode = (value: unknown) => base64url.encode(new TextEncoder().encode(JSON.stringify(value)));
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${await signer(input)}`;
}
