/** One entry of {@link apiErrorCodes}. */
export type ApiErrorCodeEntry = {
  /** HTTP status the API answers with. */
  readonly status: number;
  /** What the code means and what the caller can do about it; docs/errors.md lists these. */
  readonly description: string;
};

/**
 * The stable error codes of the HTTP API itself, beside the domain codes of `errorCodes` in
 * `@entrada/core`. Both registries are documented in docs/errors.md, and a test fails when a code of
 * either is missing there. A published code is never renamed or reused for another meaning.
 *
 * @example
 * apiErrorCodes.ENTRADA_IDEMPOTENCY_MISMATCH.status // 409
 */
export const apiErrorCodes = {
  // requests
  ENTRADA_VALIDATION: {
    status: 400,
    description:
      "The request does not match the route's schema (body, query, path or headers), or the body is not valid JSON. `details.issues` lists each problem with its path.",
  },
  ENTRADA_NOT_FOUND: {
    status: 404,
    description:
      "No such route, or no such resource that the caller may see (`details.resource`). Resources of others answer 404, not 403, so their existence is not revealed.",
  },
  ENTRADA_PAYLOAD_TOO_LARGE: {
    status: 413,
    description:
      "The request body is larger than the server accepts (`details.limitBytes`: 1 MiB for JSON, 10 MiB for an identity document).",
  },
  ENTRADA_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description:
      "The body's Content-Type (repeated in `details.contentType`) is not supported: send `application/json`, or for an identity document its image or PDF type.",
  },
  ENTRADA_METHOD_NOT_ALLOWED: {
    status: 405,
    description:
      "The path exists, but not with this method (`details.method`); the `Allow` header and `details.allow` list the methods it serves.",
  },
  ENTRADA_RATE_LIMITED: {
    status: 429,
    description: "Too many requests from this client; retry after the number of seconds in the Retry-After header.",
  },
  ENTRADA_CURSOR_INVALID: {
    status: 400,
    description: "The pagination cursor is not one this list returned; start again without a cursor.",
  },
  ENTRADA_ADDRESS_INVALID: {
    status: 400,
    description:
      "An EVM address is malformed (0x and 40 hex digits; mixed case must be a valid EIP-55 checksum) or is the zero address (`details.field`).",
  },
  // authentication and authorization
  ENTRADA_UNAUTHENTICATED: {
    status: 401,
    description:
      "The route needs a signed-in user or an API key, and the request has none, or an expired, revoked or unknown one.",
  },
  ENTRADA_FORBIDDEN: {
    status: 403,
    description: "The caller is known but may not take this action on this resource (see the policy in docs/api.md).",
  },
  ENTRADA_API_KEY_SCOPE: {
    status: 403,
    description:
      "The API key belongs to the right authority or organisation but lacks the scope this action needs (`details.scope`, e.g. `applications:decide`; `details.action`). Create a key with that scope.",
  },
  ENTRADA_API_KEY_SCOPES_INVALID: {
    status: 400,
    description:
      "A new API key's `scopes` are empty or name an unknown scope (`details.unknown`; `details.allowed` lists the scopes).",
  },
  ENTRADA_SIWE_INVALID: {
    status: 401,
    description:
      "The Sign-In with Ethereum message was refused: malformed, for another domain or chain, with an unknown, used or expired nonce, expired, or badly signed (`details.reason`). Ask for a new nonce and sign again.",
  },
  // idempotency
  ENTRADA_IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    description: "The Idempotency-Key header must be 1 to 255 visible ASCII characters.",
  },
  ENTRADA_IDEMPOTENCY_MISMATCH: {
    status: 409,
    description:
      "The Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.",
  },
  ENTRADA_IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    description: "A request with this Idempotency-Key is still running; retry in a moment to get its response.",
  },
  // applications
  ENTRADA_CONCURRENT_UPDATE: {
    status: 409,
    description: "The application changed while the request ran; read it again and retry.",
  },
  ENTRADA_APPLICATION_LOCKED: {
    status: 409,
    description:
      "The application's answers can no longer be changed in its state (only drafts, and applications that need information, can be edited).",
  },
  ENTRADA_EVISA_NOT_ISSUED: {
    status: 404,
    description:
      "The application has no e-visa (yet): one is issued once the escrow release is seen (state `issued`), within seconds. `details.state` is the application's state.",
  },
  ENTRADA_ANSWERS_INCOMPLETE: {
    status: 422,
    description: "The application lacks answers its product requires (`details.missing`); add them, then submit again.",
  },
  ENTRADA_APPLICATION_DOCUMENTS_MISSING: {
    status: 422,
    description:
      "The application lacks documents its product requires, or that the officer asked for (`details.missing`: document kinds such as `return_ticket`); upload them (`POST /applications/{id}/documents`), then submit again.",
  },
  ENTRADA_DOCUMENT_NOT_ASKED: {
    status: 422,
    description:
      "Neither the product nor the officer asks for this kind of document (`details.kind`; `details.accepted` lists those that may be uploaded to the application).",
  },
  ENTRADA_NOT_ELIGIBLE: {
    status: 422,
    description:
      "The applicant's nationality may not apply for the product, or needs no visa for it (`details.reasons`: `nationality_not_eligible`, `visa_exempt`). Check eligibility and choose another product.",
  },
  // payments
  ENTRADA_PAYER_REQUIRED: {
    status: 422,
    description: "A quote needs the wallet that will pay: sign in with a wallet or give `payer`.",
  },
  ENTRADA_NO_OPEN_QUOTE: {
    status: 409,
    description: "The application has no open quote to pay; request a quote first (or a new one after expiry).",
  },
  ENTRADA_CHAIN_NOT_SERVED: {
    status: 422,
    description:
      "The request names a chain this Entrada does not serve (a quote), or one without a faucet (`POST /dev/faucet`); `GET /client-config` lists the chains and their faucets.",
  },
  ENTRADA_PAYMENT_METHOD_UNSUPPORTED: {
    status: 422,
    description:
      "The quote's token does not support this payment method (gasless EIP-3009 payments need USDC); pay with `pay` instead.",
  },
  ENTRADA_AUTHORIZATION_INVALID: {
    status: 422,
    description:
      "The EIP-3009 authorization signature is malformed or was not signed by the quote's payer for this quote's typed data.",
  },
  ENTRADA_RELAYER_FAILED: {
    status: 502,
    description: "The relayer could not submit the transaction; retry with the same Idempotency-Key.",
  },
  ENTRADA_SETTLER_UNAVAILABLE: {
    status: 503,
    description:
      "No settler key is configured for the application's authority, so the escrow cannot be settled now. A decision is recorded all the same: its settlement is blocked with this code until the key is configured and the settlement retried (see Settlement).",
  },
  ENTRADA_INSUFFICIENT_BALANCE: {
    status: 402,
    description:
      "The payer's wallet holds less of the quote's token than the quote's total (`details.token`, `details.balance`, `details.needed` in minor units), so nothing was sent. Top the wallet up, then post the same authorization again.",
  },
  // identity
  ENTRADA_IDENTITY_NOT_VERIFIED: {
    status: 409,
    description:
      "No identity check of the caller has passed (`details.status`: `none`, `flagged` while it waits for a reviewer, `failed`), so no credential can be issued. Verify first.",
  },
  ENTRADA_CREDENTIAL_NOT_MOVABLE: {
    status: 409,
    description:
      "There is no credential to move to this device: the account has none (`details.reason`: `none`), its newest one is `revoked` or `expired` (a lost passport or fraud needs a new identity check, not a copy), or the identity check it came from is gone (`unverified`). Verify your identity on this device.",
  },
  ENTRADA_CREDENTIAL_ALREADY_ON_DEVICE: {
    status: 409,
    description:
      "The key to move the credential to is the key the active credential is bound to already (`details.credentialId`): nothing to move.",
  },
  ENTRADA_CREDENTIAL_MOVE_RATE_LIMITED: {
    status: 429,
    description:
      "The account's credential was moved `details.maxPerDay` times (3) in the last 24 hours; try again after the number of seconds in the Retry-After header (`details.retryAfterSeconds`).",
  },
  ENTRADA_CREDENTIAL_HELD_ELSEWHERE: {
    status: 409,
    description:
      "The account's credential from this same identity check is active on another device (`details.credentialId`): move it with `POST /identity/credential/move` (a proof of the new key, an e-mail to the owner) instead of asking for a new one.",
  },
  ENTRADA_VERIFICATION_NOT_FLAGGED: {
    status: 409,
    description:
      "Only a flagged identity check waits for a review decision; this one is passed or failed already (`details.status`).",
  },
  ENTRADA_PRESENTATION_REQUEST_SPENT: {
    status: 409,
    description:
      "The presentation request's nonce can no longer be used (`details.reason`: `expired` after 5 minutes, or `used` by an earlier presentation, valid or not). Ask for a new presentation request.",
  },
  ENTRADA_PRESENTATION_UNUSABLE: {
    status: 422,
    description:
      "The presentation cannot fill this application (`details.reason`: `used`, it already filled one; `other_product`, it was requested for another product). Present the credential again for this application.",
  },
  // outbound requests (webhooks, the KYC provider, IPFS): found in delivery logs and as causes
  ENTRADA_OUTBOUND_ADDRESS_REFUSED: {
    status: 502,
    description:
      "An outbound request's host is, or resolves to, an address its policy may not reach: loopback, a private network, link-local (cloud metadata) or another special-purpose range (`details.host`, `details.address`, `details.range`). Checked while connecting, so names that resolve to such addresses are refused too. Point the URL at a public host.",
  },
  ENTRADA_OUTBOUND_URL_REFUSED: {
    status: 502,
    description:
      "An outbound request's URL is refused before any lookup (`details.reason`: `scheme`, not https, or http where allowed; `credentials` in the URL; no `host`; `invalid`).",
  },
  ENTRADA_OUTBOUND_REDIRECT_REFUSED: {
    status: 502,
    description:
      "The other side answered an outbound request with a redirect (`details.status`); redirects are never followed. Register the final URL.",
  },
  ENTRADA_OUTBOUND_RESPONSE_TOO_LARGE: {
    status: 502,
    description:
      "The answer to an outbound request is larger than Entrada reads for it (`details.limitBytes`); the rest was not read.",
  },
  ENTRADA_OUTBOUND_TIMEOUT: {
    status: 504,
    description:
      "An outbound request took too long to connect, to answer with headers, or between two parts of its body (`details.phase`). It is retried where the caller retries.",
  },
  // contact e-mail
  ENTRADA_EMAIL_CODE_WRONG: {
    status: 422,
    description:
      "The e-mail verification code is not the one sent; `details.attemptsLeft` more tries before the code dies.",
  },
  ENTRADA_EMAIL_CODE_EXPIRED: {
    status: 409,
    description:
      "No live verification code for that address: it expired (after 15 minutes), was used, was replaced by a newer one, or was never sent. Ask for a new one.",
  },
  ENTRADA_EMAIL_CODE_ATTEMPTS_EXCEEDED: {
    status: 409,
    description: "Too many wrong codes were tried (`details.maxAttempts`); the code is dead. Ask for a new one.",
  },
  ENTRADA_EMAIL_CODE_RATE_LIMITED: {
    status: 429,
    description:
      "A verification code was sent to this user moments ago (`details.scope`: `resend`, one a minute) or five in the last hour (`hour`); ask again after the number of seconds in the Retry-After header (`details.retryAfterSeconds`).",
  },
  ENTRADA_EMAIL_TAKEN: {
    status: 409,
    description: "The e-mail address is another account's notification address already.",
  },
  ENTRADA_EMAIL_UNVERIFIED: {
    status: 409,
    description:
      "A new notification address is set only by entering the code sent to it (`POST /me/email/verification`, then `/confirm`); the profile can only remove one.",
  },
  // development
  ENTRADA_FAUCET_RATE_LIMITED: {
    status: 429,
    description:
      "The development faucet funded this address moments ago (`details.scope`: `address`), or this client (its IP address) 10 times in the last minute (`client`); ask again after the number of seconds in the Retry-After header (`details.retryAfterSeconds`).",
  },
} as const satisfies Record<string, ApiErrorCodeEntry>;

/** A code of {@link apiErrorCodes}. */
export type ApiErrorCode = keyof typeof apiErrorCodes;
