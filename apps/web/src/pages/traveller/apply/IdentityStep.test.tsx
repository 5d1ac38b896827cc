import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import i18next from "i18next";
import { useState } from "react";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WagmiProvider } from "wagmi";
import { ClientConfigContext } from "../../../api/ClientConfigContext.tsx";
import type { Me } from "../../../api/types.ts";
import { sessionKey } from "../../../api/useSession.ts";
import { addMonths, todayUtc } from "../../../format/calendarDate.ts";
import { namespaces } from "../../../i18n/languages.ts";
import { resources } from "../../../i18n/resources.ts";
import type { SharedIdentity } from "../../../identity/identityTypes.ts";
import { createWagmiConfig } from "../../../wallet/createWagmiConfig.ts";
import { fakeApi, localConfig } from "../../officer/officerTestKit.tsx";
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
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const anna: IdentityValues = {
  given_names: "ANNA MARIA",
  surname: "ERIKSSON",
  date_of_birth: "1990-04-12",
  sex: "F",
  nationality: "USA",
  passport_number: "L898902C3",
  passport_expiry_date: "2032-01-01",
  passport_issuing_country: "USA",
};

const traveller: Me = {
  id: "00000000-0000-4000-8000-000000000001",
  via: "session",
  roles: ["traveller"],
  authorityId: null,
  organisationId: null,
  walletAddress: "0x0000000000000000000000000000000000000009",
};

type HarnessProps = {
  initial: IdentityValues;
  onNext: () => void;
  me?: Me | null;
  presentation?: SharedIdentity | null;
  onPresented?: (presentation: SharedIdentity | null) => void;
};

function Step({ initial, onNext, presentation = null, onPresented }: Omit<HarnessProps, "me">) {
  const [values, setValues] = useState(initial);
  return (
    <IdentityStep
      productId="gb-eta"
      authorityName="UK Home Office"
      values={values}
      onChange={setValues}
      onNext={onNext}
      presentation={presentation}
      {...(onPresented ? { onPresented } : {})}
    />
  );
}

/** The step in the app's providers, with `me` signed in (or nobody) and no browser storage (happy-dom). */
function renderStep({ me = null, ...props }: HarnessProps) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(sessionKey, me);
  return render(
    <I18nextProvider i18n={i18n}>
      <ClientConfigContext.Provider value={localConfig}>
        <WagmiProvider config={createWagmiConfig(localConfig)}>
          <QueryClientProvider client={queryClient}>
            <Step {...props} />
          </QueryClientProvider>
        </WagmiProvider>
      </ClientConfigContext.Provider>
    </I18nextProvider>,
  );
}

describe("IdentityStep, typed details", () => {
  it("shows every error on Continue, linked to its field, and focuses the first", () => {
    const onNext = vi.fn();
    renderStep({ initial: emptyIdentity, onNext });
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
    renderStep({ initial: emptyIdentity, onNext: vi.fn() });
    const number = screen.getByTestId("field-passport_number");
    fireEvent.change(number, { target: { value: "A-1" } });
    expect(number.getAttribute("aria-invalid")).toBeNull();
    fireEvent.blur(number);
    expect(number.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById("identity-passport_number-error")?.textContent).toContain("5 to 20 letters");
  });

  it("warns about a passport expiring within six months but lets the traveller continue", () => {
    const onNext = vi.fn();
    renderStep({ initial: { ...anna, passport_expiry_date: addMonths(todayUtc(), 3) }, onNext });
    expect(document.getElementById("identity-passport_expiry_date-warning")?.textContent).toContain("six months");
    fireEvent.click(screen.getByTestId("identity-next"));
    expect(onNext).toHaveBeenCalledOnce();
  });

  it("offers a signed-out traveller to sign in to verify once, beside the typed details", () => {
    renderStep({ initial: emptyIdentity, onNext: vi.fn() });
    expect(screen.getByTestId("identity-step").dataset.mode).toBe("signedOut");
    expect(screen.getByTestId("identity-sign-in-entrada-builtin").textContent).toBe("Sign in with the built-in wallet");
  });
});

describe("IdentityStep, signed in", () => {
  it("keeps the typed path when this browser cannot keep a credential", async () => {
    fakeApi(({ path }) =>
      path === "/identity/verifications/current" ? { verification: null, credential: null } : undefined,
    );
    renderStep({ initial: emptyIdentity, onNext: vi.fn(), me: traveller });
    await waitFor(() => expect(screen.getByTestId("identity-step").dataset.mode).toBe("typed"));
    expect(screen.getByText(/cannot keep your verified identity/)).toBeTruthy();
    expect(screen.getByTestId("field-surname")).toBeTruthy();
  });

  it("tells a traveller whose check is under review, and lets them go on with typed details", async () => {
    fakeApi(({ path }) =>
      path === "/identity/verifications/current"
        ? {
            verification: {
              id: "v1",
              status: "flagged",
              reasons: [],
              checkedAt: "2026-05-01T00:00:00Z",
              reviewedAt: null,
              documents: [],
              createdAt: "2026-05-01T00:00:00Z",
            },
            credential: null,
          }
        : undefined,
    );
    const onNext = vi.fn();
    renderStep({ initial: anna, onNext, me: traveller });
    const status = await screen.findByTestId("identity-status");
    expect(status.dataset.status).toBe("flagged");
    expect(status.getAttribute("role")).toBe("status");
    expect(status.textContent).toContain("under manual review");
    fireEvent.click(screen.getByTestId("identity-next"));
    expect(onNext).toHaveBeenCalledOnce();
  });
});

describe("IdentityStep, with a presented identity", () => {
  const presentation: SharedIdentity = {
    id: "p1",
    claims: ["given_name", "family_name", "birthdate", "nationalities", "document_number"],
    productId: "gb-eta",
    authorityId: "gb-eta",
    presentedAt: "2026-05-01T10:00:00Z",
  };

  it("shows the details read-only with what was shared with whom, and continues without re-checking them", () => {
    const onNext = vi.fn();
    const onPresented = vi.fn();
    renderStep({ initial: anna, onNext, presentation, onPresented });
    expect(screen.getByTestId("identity-step").dataset.mode).toBe("review");
    const shared = screen.getByTestId("identity-shared");
    expect(shared.textContent).toContain("Shared with UK Home Office");
    expect(screen.getByTestId("identity-shared-claims").textContent).toBe(
      "Given namesSurnameDate of birthNationalityPassport number",
    );
    expect((screen.getByTestId("field-passport_number") as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByTestId("field-nationality") as HTMLSelectElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId("identity-next"));
    expect(onNext).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByTestId("identity-discard"));
    expect(onPresented).toHaveBeenCalledWith(null);
  });
});
