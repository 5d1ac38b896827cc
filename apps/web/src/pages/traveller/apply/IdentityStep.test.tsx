import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import i18next from "i18next";
import { useState } from "react";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addMonths, todayUtc } from "../../../format/calendarDate.ts";
import { namespaces } from "../../../i18n/languages.ts";
import { resources } from "../../../i18n/resources.ts";
import { IdentityStep } from "./IdentityStep.tsx";
import { emptyIdentity, type IdentityValues } from "./validateIdentity.ts";

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources,
    lng: "en",
    ns: [...namespaces],
    defaultNS: "common",
    interpolation: { escapeValue: false },
  });
});
afterEach(cleanup);

function Harness({ initial, onNext }: { initial: IdentityValues; onNext: () => void }) {
  const [values, setValues] = useState(initial);
  return (
    <I18nextProvider i18n={i18n}>
      <IdentityStep values={values} onChange={setValues} onNext={onNext} />
    </I18nextProvider>
  );
}

describe("IdentityStep", () => {
  it("shows every error on Continue, linked to its field, and focuses the first", () => {
    const onNext = vi.fn();
    render(<Harness initial={emptyIdentity} onNext={onNext} />);
    fireEvent.click(screen.getByTestId("identity-next"));
    expect(onNext).not.toHaveBeenCalled();
    const givenNames = screen.getByTestId("field-given_names");
    expect(document.activeElement).toBe(givenNames);
    expect(givenNames.getAttribute("aria-invalid")).toBe("true");
    const described = givenNames.getAttribute("aria-describedby")!.split(" ");
    expect(described).toContain("identity-given_names-error");
    expect(document.getElementById("identity-given_names-error")?.textContent).toBe("This is required.");
    expect(screen.getByLabelText("Passport number")).toBe(screen.getByTestId("field-passport_number"));
  });

  it("shows a field's error once it is left, not before", () => {
    render(<Harness initial={emptyIdentity} onNext={vi.fn()} />);
    const number = screen.getByTestId("field-passport_number");
    fireEvent.change(number, { target: { value: "A-1" } });
    expect(number.getAttribute("aria-invalid")).toBeNull();
    fireEvent.blur(number);
    expect(number.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById("identity-passport_number-error")?.textContent).toContain("5 to 20 letters");
  });

  it("warns about a passport expiring within six months but lets the traveller continue", () => {
    const onNext = vi.fn();
    const soon = addMonths(todayUtc(), 3);
    render(
      <Harness
        initial={{
          given_names: "Ana",
          surname: "García",
          date_of_birth: "1990-04-12",
          sex: "F",
          nationality: "ESP",
          passport_number: "PAA123456",
          passport_expiry_date: soon,
          passport_issuing_country: "ESP",
        }}
        onNext={onNext}
      />,
    );
    expect(document.getElementById("identity-passport_expiry_date-warning")?.textContent).toContain("six months");
    fireEvent.click(screen.getByTestId("identity-next"));
    expect(onNext).toHaveBeenCalledOnce();
  });
});
