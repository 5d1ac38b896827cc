import { purposes } from "../../api/requiredFields.ts";
import type { Purpose } from "../../api/types.ts";

/** The trip the traveller described in the eligibility check; it prefills the application. */
export type TripQuery = {
  nationality: string;
  destination: string;
  purpose: Purpose;
  travelDate: string;
  birthDate: string;
};

const key = "entrada.trip";

/** An empty trip (tourist by default). */
export const emptyTrip: TripQuery = {
  nationality: "",
  destination: "",
  purpose: "tourist",
  travelDate: "",
  birthDate: "",
};

/** The last trip checked in this browser. */
export function loadTrip(storage: Storage = localStorage): TripQuery {
  try {
    const value = JSON.parse(storage.getItem(key) ?? "null") as Partial<TripQuery> | null;
    if (!value) return emptyTrip;
    const text = (field: keyof TripQuery) => (typeof value[field] === "string" ? (value[field] as string) : "");
    return {
      nationality: text("nationality"),
      destination: text("destination"),
      purpose: (purposes as readonly string[]).includes(text("purpose")) ? (text("purpose") as Purpose) : "tourist",
      travelDate: text("travelDate"),
      birthDate: text("birthDate"),
    };
  } catch {
    return emptyTrip;
  }
}

/** Keeps the trip for the next visit and for the application form. */
export function saveTrip(trip: TripQuery, storage: Storage = localStorage): void {
  storage.setItem(key, JSON.stringify(trip));
}
