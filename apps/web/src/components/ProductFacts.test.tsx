import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { openVisa, renderInLanguage } from "../pages/traveller/travellerTestKit.tsx";
import { ProductFacts } from "./ProductFacts.tsx";

afterEach(cleanup);

describe("ProductFacts", () => {
  it("states the service level as a commitment, and that only the deadline brings the fee back", async () => {
    const quick = { ...openVisa, serviceLevelHours: 2 };
    await renderInLanguage(<ProductFacts product={quick} />, { language: "en" });
    expect((await screen.findByTestId(`service-level-${quick.id}`)).textContent).toBe(
      "Decision within 2 hours of payment (published service level)The fee is refunded only if there is no decision within 4 days.",
    );
    cleanup();
    await renderInLanguage(<ProductFacts product={quick} />, { language: "zh" });
    expect((await screen.findByTestId(`service-level-${quick.id}`)).textContent).toBe(
      "付款后2 小时内作出决定（公布的服务承诺）仅当4 天内未作出决定时，费用才会退还。",
    );
  });

  it("says no more than the deadline when the service level is the deadline", async () => {
    await renderInLanguage(<ProductFacts product={openVisa} />, { language: "es" });
    expect((await screen.findByTestId(`service-level-${openVisa.id}`)).textContent).toBe(
      "Decisión en un plazo de 4 días desde el pago (nivel de servicio publicado)",
    );
  });
});
