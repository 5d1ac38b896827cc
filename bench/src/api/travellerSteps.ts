import type { FastifyInstance } from "fastify";
import type { Address, Hex, LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";

/** A signed-in traveller. */
export type Traveller = {
  id: string;
  account: LocalAccount;
  /** The `cookie` header of their session. */
  cookie: string;
};

/** A traveller eligible for the UK ETA (`gb-eta`, GBP 16): a US passport, and every required answer. */
const applicationBody = {
  productId: "gb-eta",
  applicant: {
    givenNames: "ANNA MARIA",
    surname: "ERIKSSON",
    dateOfBirth: "1990-04-12",
    sex: "F",
    nationality: "USA",
    passportNumber: "L898902C3",
    passportExpiryDate: "2031-01-01",
    passportIssuingCountry: "USA",
  },
  answers: {
    email: "anna@example.org",
    home_address: "1 Main Street, Springfield",
    occupation: "Engineer",
    criminal_record: "none",
  },
};

async function call(
  app: FastifyInstance,
  expected: number,
  request: { method: "GET" | "POST"; url: string; cookie?: string; payload?: unknown },
): Promise<{ json: Record<string, unknown>; cookies: { name: string; value: string }[] }> {
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers: request.cookie === undefined ? {} : { cookie: request.cookie },
    ...(request.payload === undefined ? {} : { payload: request.payload as Record<string, unknown> }),
  });
  if (response.statusCode !== expected) {
    throw new Error(
      `${request.method} ${request.url}: expected ${expected}, got ${response.statusCode} ${response.body}`,
    );
  }
  return { json: response.json() as Record<string, unknown>, cookies: response.cookies };
}

/**
 * Signs `account` in through the real SIWE flow (nonce, EIP-4361 message, signature).
 *
 * @example
 * const ana = await signInTraveller(entrada.app, devAccount(20));
 */
export async function signInTraveller(app: FastifyInstance, account: LocalAccount): Promise<Traveller> {
  const nonce = (await call(app, 201, { method: "POST", url: "/api/v1/auth/nonce" })).json;
  const message = createSiweMessage({
    address: account.address,
    chainId: nonce.chainId as number,
    domain: nonce.domain as string,
    nonce: nonce.nonce as string,
    uri: nonce.uri as string,
    version: "1",
    issuedAt: new Date(),
    statement: "Sign in to Entrada.",
  });
  const signature = await account.signMessage({ message });
  const signedIn = await call(app, 200, { method: "POST", url: "/api/v1/auth/siwe", payload: { message, signature } });
  const session = signedIn.cookies.find((cookie) => cookie.name === "entrada_session");
  if (session === undefined) throw new Error("sign-in set no session cookie");
  const user = signedIn.json.user as { id: string };
  return { id: user.id, account, cookie: `${session.name}=${session.value}` };
}

/**
 * A UK ETA application of the traveller, created, submitted and quoted in USDC (payer: their wallet):
 * `payment_pending`.
 *
 * @example
 * const applicationId = await createQuotedApplication(entrada.app, ana);
 */
export async function createQuotedApplication(app: FastifyInstance, traveller: Traveller): Promise<string> {
  const { cookie } = traveller;
  const draft = await call(app, 201, { method: "POST", url: "/api/v1/applications", cookie, payload: applicationBody });
  const id = draft.json.id as string;
  await call(app, 200, { method: "POST", url: `/api/v1/applications/${id}/submit`, cookie });
  await call(app, 201, { method: "POST", url: `/api/v1/applications/${id}/quote`, cookie, payload: { token: "USDC" } });
  return id;
}

/**
 * The traveller's signature of the EIP-3009 `ReceiveWithAuthorization` of the application's open
 * quote, as `GET /applications/:id/payment` gives it: what a wallet posts to pay gaslessly.
 *
 * @example
 * const signature = await signPaymentAuthorization(entrada.app, ana, applicationId);
 */
export async function signPaymentAuthorization(
  app: FastifyInstance,
  traveller: Traveller,
  applicationId: string,
): Promise<Hex> {
  const instructions = (
    await call(app, 200, {
      method: "GET",
      url: `/api/v1/applications/${applicationId}/payment`,
      cookie: traveller.cookie,
    })
  ).json;
  const { typedData } = instructions.authorization as {
    typedData: {
      domain: { name: string; version: string; chainId: number; verifyingContract: Address };
      types: Record<string, { name: string; type: string }[]>;
      message: Record<string, string>;
    };
  };
  const m = typedData.message;
  return traveller.account.signTypedData({
    domain: typedData.domain,
    types: typedData.types,
    primaryType: "ReceiveWithAuthorization",
    message: { ...m, value: BigInt(m.value!), validAfter: BigInt(m.validAfter!), validBefore: BigInt(m.validBefore!) },
  });
}
