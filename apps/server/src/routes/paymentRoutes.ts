import { tokenSymbols } from "@entrada/core";
import { z } from "zod";
import { routeSecurity } from "../http/routeSecurity.ts";
import { addressSchema, bytes32Schema, idParamsSchema, signatureSchema } from "../schemas/primitives.ts";
import type { ApplicationQuoteService } from "../services/createApplicationQuoteService.ts";
import type { PaymentService } from "../services/createPaymentService.ts";
import { quoteViewSchema } from "../views/quoteView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const callSchema = z.object({ to: z.string(), data: z.string() });
const typedDataSchema = z.object({
  domain: z.object({
    name: z.string().optional(),
    version: z.string().optional(),
    chainId: z.number().optional(),
    verifyingContract: z.string().optional(),
  }),
  types: z.record(z.string(), z.array(z.object({ name: z.string(), type: z.string() }))),
  primaryType: z.string(),
  message: z.record(z.string(), z.string().nullable()),
});

const paymentInstructionsSchema = z.object({
  quote: quoteViewSchema,
  chainId: z.number(),
  escrow: z.string(),
  quoteSignature: z.object({ r: z.string(), yParityAndS: z.string() }),
  pay: z.object({ approve: callSchema, approveResetRequired: z.boolean(), pay: callSchema }),
  permit: z
    .object({
      typedData: typedDataSchema,
      permitDeadline: z.string(),
      to: z.string(),
      functionName: z.literal("payWithPermit"),
    })
    .nullable(),
  authorization: z.object({ typedData: typedDataSchema, submitTo: z.string() }).nullable(),
});

/**
 * Quoting and paying: `POST /applications/:id/quote`, `GET /applications/:id/payment` (the ways to
 * pay the open quote) and `POST /applications/:id/payment/authorization` (a gasless EIP-3009 payment,
 * relayed by Entrada).
 *
 * @example
 * await app.register(paymentRoutes, { quotes, payments })
 */
export const paymentRoutes: ApiPlugin<{ quotes: ApplicationQuoteService; payments: PaymentService }> = async (
  app,
  { quotes, payments },
) => {
  app.post(
    "/applications/:id/quote",
    {
      config: { idempotent: true },
      schema: {
        tags: ["payments"],
        operationId: "quoteApplication",
        summary: "Lock a signed price in a stablecoin; the application then awaits payment",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_NOT_FOUND",
          "ENTRADA_FORBIDDEN",
          "ENTRADA_ILLEGAL_TRANSITION",
          "ENTRADA_CONCURRENT_UPDATE",
          "ENTRADA_PAYER_REQUIRED",
          "ENTRADA_CHAIN_NOT_SERVED",
          "ENTRADA_QUOTE_NOTHING_TO_PAY",
          "ENTRADA_RATE_STALE",
          "ENTRADA_RATE_UNAVAILABLE",
        ],
        params: idParamsSchema,
        body: z
          .object({
            token: z.enum(tokenSymbols as ["USDC", "USDT"]),
            payer: addressSchema.optional(),
            // Where the traveller's stablecoin is; default: the first chain served (CHAIN_ID).
            chainId: z.number().int().positive().optional(),
          })
          .strict(),
        response: { 201: quoteViewSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await quotes.quote(request.user, request.params.id, request.body)),
  );

  app.get(
    "/applications/:id/payment",
    {
      schema: {
        tags: ["payments"],
        operationId: "getPaymentInstructions",
        summary: "How to pay the open quote: calldata for pay, the permit, or the gasless authorization",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_NOT_FOUND",
          "ENTRADA_FORBIDDEN",
          "ENTRADA_ILLEGAL_TRANSITION",
          "ENTRADA_NO_OPEN_QUOTE",
          "ENTRADA_QUOTE_EXPIRED",
        ],
        params: idParamsSchema,
        response: { 200: paymentInstructionsSchema },
      },
    },
    async (request) => payments.instructions(request.user, request.params.id),
  );

  app.post(
    "/applications/:id/payment/authorization",
    {
      config: { idempotent: true },
      schema: {
        tags: ["payments"],
        operationId: "submitPaymentAuthorization",
        summary: "Hand over the payer's EIP-3009 signature; the relayer submits payWithAuthorization",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_NOT_FOUND",
          "ENTRADA_FORBIDDEN",
          "ENTRADA_ILLEGAL_TRANSITION",
          "ENTRADA_NO_OPEN_QUOTE",
          "ENTRADA_QUOTE_EXPIRED",
          "ENTRADA_PAYMENT_METHOD_UNSUPPORTED",
          "ENTRADA_AUTHORIZATION_INVALID",
          "ENTRADA_INSUFFICIENT_BALANCE",
          "ENTRADA_RELAYER_KEY_CONFLICT",
          "ENTRADA_RELAYED_CALL_REVERTED",
          "ENTRADA_RELAYER_FAILED",
        ],
        params: idParamsSchema,
        body: z.union([
          z.object({ signature: signatureSchema }).strict(),
          z.object({ v: z.number().int().min(0).max(28), r: bytes32Schema, s: bytes32Schema }).strict(),
        ]),
        response: { 202: z.object({ txHash: z.string(), status: z.string(), quoteId: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await payments.submitAuthorization(request.user, request.params.id, request.body)),
  );
};
