import type { ApplicationState } from "./applicationStates.ts";

/**
 * Who acts on an application. `system` is Entrada's own machinery: the indexer (which reports what
 * the escrow did on chain), the quote service, scheduled jobs. Only it may record money moving,
 * because only the chain decides that money moved.
 */
export type ActorRole = "traveller" | "organisation" | "officer" | "system";

/**
 * All actor roles.
 *
 * @example
 * actorRoles // ["traveller", "organisation", "officer", "system"]
 */
export const actorRoles: readonly ActorRole[] = ["traveller", "organisation", "officer", "system"];

/** One event of the application state machine. */
export type ApplicationTransition = {
  /** States the event may happen in. */
  readonly from: readonly ApplicationState[];
  /** The state after it. */
  readonly to: ApplicationState;
  /** Roles that may cause it. */
  readonly actors: readonly ActorRole[];
  /** Whether the actor must say why (shown to the applicant, kept in the audit log). */
  readonly reasonRequired: boolean;
  readonly description: string;
};

/**
 * The application state machine as data: each named event with the states it leaves, the state it
 * enters, who may cause it and whether a reason is required. The API authorizes from it, the DB can
 * check its rows against it, the web app shows only the actions it allows.
 *
 * The path: draft → submitted → payment_pending → paid → under_review ⇄ needs_info → approved →
 * issued, with rejected → refunded, (paid | under_review | needs_info | approved) → expired →
 * refunded, (draft | submitted) → cancelled, and payment_pending → submitted when a quote lapses.
 *
 * `chain_reset` is the way back when the chain that held the money is gone (a development chain
 * started afresh): from every state in which a payment was in flight or held in escrow but not yet
 * settled, back to `submitted`, so the record never claims money the chain does not hold. Settled
 * states (`issued`, `refunded`) and states with nothing on chain are left alone.
 *
 * Two edges go beyond DESIGN.md because the chain can force them and the record must follow it:
 * - `confirm_payment` from `submitted`: a payment mined just before its quote expired can be
 *   confirmed (after the confirmation depth) after the lapse job already moved the application back.
 * - `expire` from `approved`: if the release did not happen by the decision deadline, anyone may
 *   `claimExpired` and the payer gets the money back; the application must be able to follow.
 *
 * @example
 * applicationTransitions.reject
 * // { from: ["under_review", "needs_info"], to: "rejected", actors: ["officer"], reasonRequired: true, … }
 */
export const applicationTransitions = {
  submit: {
    from: ["draft"],
    to: "submitted",
    actors: ["traveller", "organisation"],
    reasonRequired: false,
    description: "The applicant completes the form and submits it.",
  },
  cancel: {
    from: ["draft", "submitted"],
    to: "cancelled",
    actors: ["traveller", "organisation"],
    reasonRequired: false,
    description: "The applicant withdraws before paying; nothing is escrowed, so nothing is refunded.",
  },
  start_payment: {
    from: ["submitted"],
    to: "payment_pending",
    actors: ["traveller", "organisation", "system"],
    reasonRequired: false,
    description: "A quote is locked for the application and the payer may pay it.",
  },
  lapse_quote: {
    from: ["payment_pending"],
    to: "submitted",
    actors: ["system"],
    reasonRequired: false,
    description: "The quote expired unpaid; a new quote is needed. Run after the expiry is final on chain.",
  },
  confirm_payment: {
    from: ["payment_pending", "submitted"],
    to: "paid",
    actors: ["system"],
    reasonRequired: false,
    description: "The indexer saw the escrow's payment event at the chain's confirmation depth.",
  },
  start_review: {
    from: ["paid"],
    to: "under_review",
    actors: ["officer"],
    reasonRequired: false,
    description: "An officer of the authority opens the application.",
  },
  request_info: {
    from: ["under_review"],
    to: "needs_info",
    actors: ["officer"],
    reasonRequired: true,
    description: "The officer asks the applicant for more information or documents.",
  },
  provide_info: {
    from: ["needs_info"],
    to: "under_review",
    actors: ["traveller", "organisation"],
    reasonRequired: false,
    description: "The applicant answers; the application goes back to the officer.",
  },
  approve: {
    from: ["under_review"],
    to: "approved",
    actors: ["officer"],
    reasonRequired: false,
    description: "The officer approves; the e-visa is issued and the escrow released to the authority.",
  },
  issue: {
    from: ["approved"],
    to: "issued",
    actors: ["system"],
    reasonRequired: false,
    description: "The e-visa was issued and the escrow released (seen on chain).",
  },
  reject: {
    from: ["under_review", "needs_info"],
    to: "rejected",
    actors: ["officer"],
    reasonRequired: true,
    description: "The officer refuses the application; the payer is refunded in full.",
  },
  expire: {
    from: ["paid", "under_review", "needs_info", "approved"],
    to: "expired",
    actors: ["system"],
    reasonRequired: false,
    description: "The decision deadline passed without a release; the payer may claim the escrow back.",
  },
  confirm_refund: {
    from: ["rejected", "expired"],
    to: "refunded",
    actors: ["system"],
    reasonRequired: false,
    description: "The indexer saw the refund or the expired claim on chain.",
  },
  chain_reset: {
    from: ["payment_pending", "paid", "under_review", "needs_info", "approved", "rejected", "expired"],
    to: "submitted",
    actors: ["system"],
    reasonRequired: true,
    description:
      "The chain that held the payment was reset (a development chain started afresh): its quote is void, and the applicant pays again.",
  },
} as const satisfies Record<string, ApplicationTransition>;

/** An event name of {@link applicationTransitions}. */
export type ApplicationEvent = keyof typeof applicationTransitions;

/**
 * All event names, in table order.
 *
 * @example
 * applicationEvents.includes("approve") // true
 */
export const applicationEvents = Object.keys(applicationTransitions) as readonly ApplicationEvent[];
