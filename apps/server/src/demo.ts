/**
 * `npm run demo` (with `npm start` running): drives one application through the whole loop over the
 * API, as a wallet and an officer would — sign in with Ethereum, apply for the UK ETA, quote in USDC,
 * pay gaslessly with an EIP-3009 signature, and let the gb-eta officer approve (`--reject` to reject).
 * It prints every step; the e-mails land in the development mailbox.
 *
 * Environment: DEMO_URL (default http://127.0.0.1:3000), DEMO_WALLET (index of a funded demo
 * wallet, default the first), DEMO_LOCALE (en, zh or es; default en).
 */
import { demoAccounts, devAccount } from "@entrada/contracts";
import { createSiweMessage } from "viem/siwe";

const baseUrl = process.env.DEMO_URL ?? "http://127.0.0.1:3000";
const walletIndex = Number(process.env.DEMO_WALLET ?? demoAccounts.firstWallet);
const locale = process.env.DEMO_LOCALE ?? "en";
const decision = process.argv.includes("--reject") ? "reject" : "approve";
const traveller = devAccount(walletIndex);

type Json = Record<string, unknown>;

/** A JSON call with a session cookie; throws with the API's error on anything but 2xx. */
async function call(
  cookie: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Json & { cookie?: string }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  const setCookie = response.headers.get("set-cookie")?.split(";")[0];
  return { ...(text ? (JSON.parse(text) as Json) : {}), ...(setCookie ? { cookie: setCookie } : {}) };
}

async function waitForState(cookie: string, id: string, wanted: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = "";
  while (Date.now() < deadline) {
    const { state } = await call(cookie, "GET", `/api/v1/applications/${id}/status`);
    if (state !== last) console.log(`   state: ${String(state)}`);
    last = String(state);
    if (state === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`application ${id} did not reach ${wanted} within a minute (last: ${last})`);
}

console.log(`1. ${traveller.address} signs in with Ethereum at ${baseUrl}`);
const nonce = await call(undefined, "POST", "/api/v1/auth/nonce");
const message = createSiweMessage({
  address: traveller.address,
  chainId: Number(nonce.chainId),
  domain: String(nonce.domain),
  nonce: String(nonce.nonce),
  uri: String(nonce.uri),
  version: "1",
  statement: "Sign in to Entrada.",
});
const session = await call(undefined, "POST", "/api/v1/auth/siwe", {
  message,
  signature: await traveller.signMessage({ message }),
});
const cookie = session.cookie as string;
const email = `traveller${walletIndex}@example.org`;
await call(cookie, "PATCH", "/api/v1/me/profile", { locale });
// The address becomes the notification address once its code, e-mailed to it, is entered (once:
// a second run finds it verified).
const requested = await call(cookie, "POST", "/api/v1/me/email/verification", { email });
if (requested.status === "sent") {
  const mailbox = await call(undefined, "GET", "/api/v1/dev/mailbox");
  const codeMail = (mailbox.items as { to: string; subject: string | null }[]).find((item) => item.to === email);
  const code = codeMail?.subject?.match(/\d{6}/)?.[0];
  if (code === undefined) throw new Error(`no code for ${email} in the development mailbox`);
  await call(cookie, "POST", "/api/v1/me/email/verification/confirm", { email, code });
  console.log(`   verifies ${email} with the code ${code} from the mailbox`);
}

console.log("2. applies for the UK ETA (GBP 16) and submits");
const created = await call(cookie, "POST", "/api/v1/applications", {
  productId: "gb-eta",
  applicant: {
    givenNames: "ANNA MARIA",
    surname: "ERIKSSON",
    dateOfBirth: "1990-04-12",
    sex: "F",
    nationality: "USA",
    passportNumber: `L89890${String(walletIndex).padStart(2, "0")}C`,
    passportExpiryDate: "2031-01-01",
    passportIssuingCountry: "USA",
  },
  answers: {
    email,
    home_address: "1 Main Street, Springfield",
    occupation: "Engineer",
    criminal_record: "none",
  },
});
const id = String(created.id);
await call(cookie, "POST", `/api/v1/applications/${id}/submit`);

console.log("3. gets a quote in USDC, locked for 15 minutes");
const quote = await call(cookie, "POST", `/api/v1/applications/${id}/quote`, { token: "USDC" });
const formatted = (money: unknown) => `${(money as Json).formatted} ${(money as Json).currency}`;
console.log(
  `   fee ${formatted(quote.visaFee)} → ${formatted(quote.tokenAmount)} + platform ${formatted(quote.platformFee)} = ${formatted(quote.total)}`,
);

console.log("4. signs the EIP-3009 authorization (no gas) and the relayer pays it into the escrow");
const instructions = await call(cookie, "GET", `/api/v1/applications/${id}/payment`);
const typedData = (
  instructions.authorization as { typedData: { domain: Json; types: Json; message: Record<string, string> } }
).typedData;
const m = typedData.message;
const signature = await traveller.signTypedData({
  domain: typedData.domain,
  types: typedData.types as never,
  primaryType: "ReceiveWithAuthorization",
  message: { ...m, value: BigInt(m.value!), validAfter: BigInt(m.validAfter!), validBefore: BigInt(m.validBefore!) },
} as never);
const relayed = await call(cookie, "POST", `/api/v1/applications/${id}/payment/authorization`, { signature });
console.log(`   transaction ${String(relayed.txHash)}`);
await waitForState(cookie, id, "paid");

console.log(`5. the gb-eta officer decides: ${decision}`);
const officer = await call(undefined, "POST", "/api/v1/auth/dev-login", { role: "officer", authorityId: "gb-eta" });
const decided = await call(
  officer.cookie,
  "POST",
  `/api/v1/officer/applications/${id}/${decision}`,
  decision === "reject" ? { reason: "The photo does not meet the requirements." } : {},
);
// The settlement is a job recorded with the decision: sent at once, or queued for a retry, or blocked with its reason.
const settlement = decided.settlement as { kind: string; status: string; txHash: string | null; reason: Json };
console.log(`   ${settlement.kind} ${settlement.status}: ${settlement.txHash ?? JSON.stringify(settlement.reason)}`);
await waitForState(cookie, id, decision === "approve" ? "issued" : "refunded");

console.log(
  `Done: application ${id}. History at ${baseUrl}/api/v1/applications/${id}/history, e-mails at ${baseUrl}/dev/mailbox`,
);
