import { purposes } from "../../api/requiredFields.ts";
import type { Purpose } from "../../api/types.ts";
import type { CountryOption } from "../../format/countries.ts";

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

const calendarDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The trip a submitted eligibility form put in the page's address (`?nationality=USA&destination=GB&
 * purpose=tourist`: the server-written form, sent before the app had arrived or without script);
 * `undefined` when it names no nationality and destination in the form's codes.
 *
 * @example
 * tripFromSearch("?nationality=USA&destination=GB&purpose=business")
 * // { nationality: "USA", destination: "GB", purpose: "business", travelDate: "", birthDate: "" }
 */
export function tripFromSearch(search: string): TripQuery | undefined {
  const query = new URLSearchParams(search);
  const text = (field: keyof TripQuery) => query.get(field)?.trim() ?? "";
  const nationality = text("nationality");
  const destination = text("destination");
  if (!/^[A-Z]{3}$/.test(nationality) || !/^[A-Z]{2}$/.test(destination)) return undefined;
  const purpose = text("purpose");
  return {
    nationality,
    destination,
    purpose: (purposes as readonly string[]).includes(purpose) ? (purpose as Purpose) : "tourist",
    travelDate: calendarDate.test(text("travelDate")) ? text("travelDate") : "",
    birthDate: calendarDate.test(text("birthDate")) ? text("birthDate") : "",
  };
}

/** What the app took over from the server-written eligibility form. */
export type ServerFormHandover = {
  /** The control that had the focus (its id), to focus again; "" for none. */
  focusedId: string;
  /** What the visitor chose there, when they changed the form (it then wins over the address's query). */
  trip: TripQuery | undefined;
  /**
   * The form's country lists as the server wrote them (named and sorted in the page's language) and
   * their empty choice's text, which tells that language: the app lists the same without building them
   * again through Intl (on a phone, the longest step of its first render). Undefined without the form.
   */
  countries: ServerCountries | undefined;
};

/** The server-written form's country lists ({@link ServerFormHandover}). */
export type ServerCountries = {
  /** The empty choice's text ("Choose a country"), in the language the server wrote the form in. */
  placeholder: string;
  nationalities: CountryOption[];
  destinations: CountryOption[];
};

/** A server-written select's choices, but the empty one. */
function listedOptions(select: HTMLSelectElement | null): CountryOption[] {
  return [...(select?.options ?? [])]
    .filter((option) => option.value !== "")
    .map((option) => ({ code: option.value, name: option.text }));
}

let handover: ServerFormHandover | undefined;

/**
 * Takes over the server-written eligibility form (the home page's `#root` as the server sent it), at
 * the app's first render of the form, just before React replaces it: what the visitor already chose
 * there, and where the focus was. Its controls are disabled from then on, so that nothing chosen in
 * the moment before the replacement is lost. The first call decides; later calls return the same.
 *
 * @example
 * const [handover] = useState(() => takeOverServerForm());
 */
export function takeOverServerForm(doc: Document = document): ServerFormHandover {
  if (handover) return handover;
  const form = doc.querySelector<HTMLFormElement>("form[data-server-form]");
  handover = { focusedId: "", trip: undefined, countries: undefined };
  if (!form) return handover;
  const nationality = form.querySelector<HTMLSelectElement>('select[name="nationality"]');
  handover.countries = {
    placeholder: nationality?.options[0]?.value === "" ? nationality.options[0].text : "",
    nationalities: listedOptions(nationality),
    destinations: listedOptions(form.querySelector<HTMLSelectElement>('select[name="destination"]')),
  };
  const active = doc.activeElement;
  if (active instanceof HTMLElement && form.contains(active) && active.id) handover.focusedId = active.id;
  const controls = [...form.elements];
  const changed = controls.some((element) => {
    if (element instanceof HTMLSelectElement) {
      const initial = [...element.options].find((option) => option.defaultSelected) ?? element.options[0];
      return element.value !== (initial?.value ?? "");
    }
    return element instanceof HTMLInputElement && element.value !== element.defaultValue;
  });
  if (changed) {
    const data = new FormData(form);
    const value = (field: keyof TripQuery) => {
      const entry = data.get(field);
      return typeof entry === "string" ? entry : "";
    };
    const purpose = value("purpose");
    handover.trip = {
      nationality: value("nationality"),
      destination: value("destination"),
      purpose: (purposes as readonly string[]).includes(purpose) ? (purpose as Purpose) : "tourist",
      travelDate: value("travelDate"),
      birthDate: value("birthDate"),
    };
  }
  for (const element of controls) {
    if (
      element instanceof HTMLSelectElement ||
      element instanceof HTMLInputElement ||
      element instanceof HTMLButtonElement
    )
      element.disabled = true;
  }
  return handover;
}
