import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WagmiProvider } from "wagmi";
import type { Me } from "../../../api/types.ts";
import { sessionKey } from "../../../api/useSession.ts";
import { createWagmiConfig } from "../../../wallet/createWagmiConfig.ts";
import { fakeApi, localConfig } from "../../officer/officerTestKit.tsx";
import { india, openVisa, renderInLanguage } from "../travellerTestKit.tsx";
import { type ApplyDraft, newDraft } from "./applyDraft.ts";
import { VisaStep } from "./VisaStep.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const traveller: Me = {
  id: "00000000-0000-4000-8000-000000000001",
  via: "session",
  roles: ["traveller"],
  authorityId: null,
  organisationId: null,
  walletAddress: "0x0000000000000000000000000000000000000009",
};

const product = { ...openVisa, requiredFields: ["email", "phone", "home_address", "occupation"] };

/** The step with its draft kept in state, as the apply page keeps it. */
function Step({ initial }: { initial: ApplyDraft }) {
  const [draft, setDraft] = useState(initial);
  return (
    <WagmiProvider config={createWagmiConfig(localConfig)}>
      <VisaStep
        product={product}
        authority={india}
        draft={draft}
        onAnswersChange={(answers) => setDraft((current) => ({ ...current, answers }))}
        onCreated={() => undefined}
        onNewCreateKey={() => undefined}
        onBack={() => undefined}
        onSubmitted={() => undefined}
      />
    </WagmiProvider>
  );
}

describe("VisaStep, a returning traveller", () => {
  it("finds e-mail (the verified one), phone and home address filled from the last application, and can change them", async () => {
    const calls = fakeApi((call) => {
      if (call.path === "/me/profile") return { email: "ana@example.org", pendingEmail: null, locale: "es" };
      if (call.path === "/applications?limit=1")
        return { items: [{ id: "11111111-1111-4111-8111-111111111111" }], nextCursor: null };
      if (call.path === "/applications/11111111-1111-4111-8111-111111111111")
        return {
          answers: {
            email: "old@example.org",
            phone: "+34 600 000 000",
            home_address: "Calle Mayor 1, Madrid",
            occupation: "Ingeniera",
          },
        };
      return undefined;
    });
    const { queryClient } = await renderInLanguage(<Step initial={newDraft(product.id, "key-1")} />, {
      language: "es",
    });
    queryClient.setQueryData(sessionKey, traveller);
    await screen.findByTestId("visa-prefilled");
    expect((screen.getByTestId("field-email") as HTMLInputElement).value).toBe("ana@example.org");
    expect((screen.getByTestId("field-phone") as HTMLInputElement).value).toBe("+34 600 000 000");
    expect((screen.getByTestId("field-home_address") as HTMLInputElement).value).toBe("Calle Mayor 1, Madrid");
    // Only contact details: the occupation may have changed and is asked again.
    expect((screen.getByTestId("field-occupation") as HTMLInputElement).value).toBe("");
    expect((await screen.findByTestId("email-verified")).textContent).toContain("ana@example.org está verificado");

    fireEvent.change(screen.getByTestId("field-phone"), { target: { value: "+34 611 111 111" } });
    fireEvent.change(screen.getByTestId("field-email"), { target: { value: "nueva@example.org" } });
    await waitFor(() => expect(screen.queryByTestId("email-verified")).toBeNull());
    expect((screen.getByTestId("field-phone") as HTMLInputElement).value).toBe("+34 611 111 111");
    expect((screen.getByTestId("email-send-code") as HTMLButtonElement).textContent).toBe("Enviar un código");
    expect(calls.filter((call) => call.path.startsWith("/applications")).length).toBe(2);
  });

  it("leaves a first application's answers empty, and what was typed untouched", async () => {
    fakeApi((call) => {
      if (call.path === "/me/profile") return { email: null, pendingEmail: null, locale: "en" };
      if (call.path === "/applications?limit=1") return { items: [], nextCursor: null };
      return undefined;
    });
    const draft = { ...newDraft(product.id, "key-2"), answers: { phone: "+44 7700 900000" } };
    const { queryClient } = await renderInLanguage(<Step initial={draft} />);
    queryClient.setQueryData(sessionKey, traveller);
    await screen.findByTestId("field-email");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId("visa-prefilled")).toBeNull();
    expect((screen.getByTestId("field-email") as HTMLInputElement).value).toBe("");
    expect((screen.getByTestId("field-phone") as HTMLInputElement).value).toBe("+44 7700 900000");
  });
});
