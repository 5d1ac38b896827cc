import i18next from "i18next";
import { describe, expect, test } from "vitest";
import { resources } from "../../i18n/resources.ts";
import { formatDuration, timeLeft } from "./timeLeft.ts";

async function officerT(lng: string) {
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng, fallbackLng: "en", ns: ["officer"], defaultNS: "officer" });
  return i18n.getFixedT(lng, "officer");
}

describe("timeLeft", () => {
  test("counts down to the due time, then how long ago it passed", () => {
    expect(timeLeft("2026-01-01T02:00:00Z", new Date("2026-01-01T00:48:00Z"))).toEqual({
      overdue: false,
      seconds: 4320,
    });
    expect(timeLeft("2026-01-01T02:00:00Z", Date.parse("2026-01-01T02:20:00Z"))).toEqual({
      overdue: true,
      seconds: 1200,
    });
  });
});

describe("formatDuration", () => {
  test("reads in minutes, hours and minutes, or days and hours, in each language", async () => {
    const en = await officerT("en");
    expect(
      [1200, 4320, 7200, 3 * 86_400 + 4 * 3600, 3 * 86_400, 10].map((s) => formatDuration(s, en)),
    ).toMatchInlineSnapshot(`
        [
          "20 min",
          "1 h 12 min",
          "2 h",
          "3 d 4 h",
          "3 d",
          "1 min",
        ]
      `);
    const zh = await officerT("zh");
    expect(formatDuration(4320, zh)).toBe("1 小时 12 分钟");
    const es = await officerT("es");
    expect(formatDuration(3 * 86_400 + 4 * 3600, es)).toBe("3 d 4 h");
  });
});
