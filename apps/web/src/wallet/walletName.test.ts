import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { addChineseSpacing } from "../i18n/chineseSpacing.ts";
import { resources } from "../i18n/resources.ts";
import { signInConnectors, walletName } from "./walletName.ts";

const builtIn = { id: "entrada-builtin", name: "Entrada wallet", type: "entrada-builtin" };
const injected = { id: "injected", name: "Injected", type: "injected" };
const metaMask = { id: "io.metamask", name: "MetaMask", type: "injected" };

async function translator(lng: string) {
  const instance = i18next.createInstance();
  await instance.init({ lng, resources, defaultNS: "common", interpolation: { escapeValue: false } });
  addChineseSpacing(instance);
  return instance.t;
}

describe("walletName", () => {
  it("calls the generic injected wallet the browser wallet, in the page's language", async () => {
    const zh = await translator("zh");
    expect(zh("session.signInWith", { wallet: walletName(injected, zh) })).toBe("使用浏览器钱包登录");
    const es = await translator("es");
    expect(es("session.signInWith", { wallet: walletName(injected, es) })).toBe("Entrar con Monedero del navegador");
    const en = await translator("en");
    expect(en("session.signInWith", { wallet: walletName(injected, en) })).toBe("Sign in with Browser wallet");
  });

  it("names a wallet that announced itself (EIP-6963) by its own name, spaced in Chinese", async () => {
    const zh = await translator("zh");
    expect(zh("session.signInWith", { wallet: walletName(metaMask, zh) })).toBe("使用 MetaMask 登录");
    expect(zh("identity:signIn.with", { wallet: walletName(metaMask, zh) })).toBe("使用 MetaMask 登录");
    expect(walletName(builtIn, zh)).toBe("内置钱包");
  });

  it("drops the generic injected button when the wallet announced itself", () => {
    expect(signInConnectors([builtIn, injected, metaMask])).toEqual([builtIn, metaMask]);
    expect(signInConnectors([builtIn, injected])).toEqual([builtIn, injected]);
  });
});
