import type { Hex } from "viem";

/** A payment this browser sent for an application, kept so that a reload keeps following it. */
export type SentPayment = {
  txHash: Hex;
  quoteId: string;
  method: string;
  sentAt: string;
  /** The chain it was sent on (absent: the default chain). */
  chainId?: number;
};

const key = (applicationId: string) => `entrada.payment.${applicationId}`;

/** The payment sent for an application from this browser, if any (localStorage). */
export function loadSentPayment(applicationId: string, storage: Storage = localStorage): SentPayment | null {
  try {
    const value = JSON.parse(storage.getItem(key(applicationId)) ?? "null") as SentPayment | null;
    return value && /^0x[0-9a-fA-F]{64}$/.test(value.txHash) ? value : null;
  } catch {
    return null;
  }
}

/** Remembers a sent payment until the application is paid (or the payment fails). */
export function saveSentPayment(applicationId: string, payment: SentPayment, storage: Storage = localStorage): void {
  storage.setItem(key(applicationId), JSON.stringify(payment));
}

/** Forgets the sent payment of an application. */
export function clearSentPayment(applicationId: string, storage: Storage = localStorage): void {
  storage.removeItem(key(applicationId));
}
