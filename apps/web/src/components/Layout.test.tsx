import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WagmiProvider } from "wagmi";
import { fakeApi, localConfig } from "../pages/officer/officerTestKit.tsx";
import { renderInLanguage } from "../pages/traveller/travellerTestKit.tsx";
import { createWagmiConfig } from "../wallet/createWagmiConfig.ts";
import { Layout } from "./Layout.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The frame around every page, in Chinese, nobody signed in. */
async function showLayout() {
  fakeApi((call) => (call.path === "/auth/session" ? { user: null } : undefined));
  return renderInLanguage(
    <WagmiProvider config={createWagmiConfig(localConfig)}>
      <Layout />
    </WagmiProvider>,
    { language: "zh", path: "/", route: "/*" },
  );
}

describe("Layout's menu on a phone", () => {
  it("opens and closes from its button, says which it will do, and Escape closes it with the focus back on the button", async () => {
    const { container } = await showLayout();
    const header = container.querySelector(".site-header") as HTMLElement;
    const toggle = screen.getByTestId("menu-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(header.dataset.menu).toBe("closed");
    expect(toggle.textContent).toBe("菜单");
    expect(document.getElementById(toggle.getAttribute("aria-controls") ?? "")?.querySelector("nav")).not.toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(header.dataset.menu).toBe("open");
    expect(toggle.textContent).toBe("关闭菜单");

    const link = screen.getByRole("link", { name: "我的申请" });
    link.focus();
    act(() => {
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(toggle);
  });

  it("closes when a page is chosen from it", async () => {
    await showLayout();
    const toggle = screen.getByTestId("menu-toggle");
    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole("link", { name: "我的申请" }));
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
  });
});

describe("Layout's footer", () => {
  it("leads border and airline staff to the e-visa check, in the page's language", async () => {
    await showLayout();
    const link = screen.getByRole("link", { name: "边检或航空公司工作人员？核验电子签证" });
    expect(link.getAttribute("href")).toBe("/verify");
  });

  it("names every local chain served, in the page's language", async () => {
    fakeApi((call) => (call.path === "/auth/session" ? { user: null } : undefined));
    const first = { ...localConfig.chain, escrow: localConfig.escrow, tokens: localConfig.tokens, faucet: true };
    const second = { ...first, id: 1337, name: "Entrada local chain 1337", rpcUrl: "http://127.0.0.1:8546" };
    const config = { ...localConfig, chains: [first, second] };
    const { container } = await renderInLanguage(
      <WagmiProvider config={createWagmiConfig(config)}>
        <Layout />
      </WagmiProvider>,
      { language: "es", path: "/", route: "/*", config },
    );
    expect(container.querySelector(".site-footer")?.textContent).toContain(
      "Desarrollo: cadenas locales 31337 y 1337. Aquí nada es dinero real.",
    );
  });
});
