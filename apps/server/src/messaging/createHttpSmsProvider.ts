import { SmsSendError } from "./errors.ts";

/** An SMS to hand to a provider. */
export type SmsRequest = {
  /** Phone number in E.164 form, e.g. `+34600123456`. */
  to: string;
  body: string;
  /** Entrada's id for the message (the notification id): providers that deduplicate use it. */
  reference: string;
};

/**
 * Where SMS go: an adapter per provider. `send` resolves once the provider accepted the message and
 * throws otherwise, preferably an `SmsSendError` with the provider's HTTP status.
 */
export type SmsProvider = {
  /** Short name for logs, e.g. `http`. */
  name: string;
  send(request: SmsRequest): Promise<void>;
};

export type CreateHttpSmsProviderParameters = {
  /** The provider's endpoint that takes one message per POST. */
  url: string;
  /** Bearer token of Entrada's account with the provider. */
  token: string;
  fetch?: typeof globalThis.fetch | undefined;
  /** Longest wait for the provider's answer, in ms (default 10 s). */
  timeoutMs?: number | undefined;
};

/**
 * An SMS provider reached over HTTP: each message is a `POST` of JSON `{ to, body, reference }` to
 * `url` with `Authorization: Bearer <token>` and `Idempotency-Key: <reference>`, accepted on any 2xx.
 *
 * @example
 * const provider = createHttpSmsProvider({ url: "https://sms.example/v1/messages", token: process.env.SMS_TOKEN! });
 * await provider.send({ to: "+34600123456", body: "Entrada: …", reference: notificationId });
 */
export function createHttpSmsProvider(parameters: CreateHttpSmsProviderParameters): SmsProvider {
  const { url, token, fetch = globalThis.fetch, timeoutMs = 10_000 } = parameters;
  return {
    name: "http",
    async send({ to, body, reference }) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${token}`,
            "idempotency-key": reference,
          },
          body: JSON.stringify({ to, body, reference }),
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new SmsSendError({ notificationId: reference, cause: error });
      }
      // The body is not needed; read it so the connection can be reused.
      await response.arrayBuffer().catch(() => {});
      if (!response.ok) throw new SmsSendError({ notificationId: reference, status: response.status });
    },
  };
}
