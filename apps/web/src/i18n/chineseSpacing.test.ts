import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { addChineseSpacing, spaceForChinese } from "./chineseSpacing.ts";
import { resources } from "./resources.ts";

describe("spaceForChinese", () => {
  it("spaces a value only on a side that is Latin or a digit", () => {
    expect(spaceForChinese("英国电子旅行许可（ETA）")).toBe("英国电子旅行许可（ETA）");
    expect(spaceForChinese("ETIAS 旅行授权")).toBe(" ETIAS 旅行授权");
    expect(spaceForChinese("3 天")).toBe(" 3 天");
    expect(spaceForChinese("MetaMask")).toBe(" MetaMask ");
  });

  it("writes a Chinese sentence around a catalogue name with no stray spaces", async () => {
    const instance = i18next.createInstance();
    await instance.init({ lng: "zh", resources, defaultNS: "traveller", interpolation: { escapeValue: false } });
    addChineseSpacing(instance);
    expect(instance.t("confirmation.thanks", { product: "旅游签证（METV），多次入境" })).toBe(
      "您的旅游签证（METV），多次入境申请已付款，正在提交给签证机关。",
    );
    expect(instance.t("confirmation.thanks", { product: "ETIAS 旅行授权" })).toBe(
      "您的 ETIAS 旅行授权申请已付款，正在提交给签证机关。",
    );
  });
});
