import type { i18n } from "i18next";

/** A Latin letter or a digit. */
const latinOrDigit = /[A-Za-z0-9]/;

/**
 * Sets a value apart with a space where it meets Chinese text with a Latin letter or a digit, the
 * way Chinese typography spaces mixed scripts: "使用 MetaMask 登录", but "使用浏览器钱包登录".
 *
 * @example
 * spaceForChinese("ETIAS 旅行授权") // " ETIAS 旅行授权"
 */
export function spaceForChinese(value: string): string {
  const start = latinOrDigit.test(value.charAt(0)) ? " " : "";
  const end = latinOrDigit.test(value.charAt(value.length - 1)) ? " " : "";
  return `${start}${value}${end}`;
}

/**
 * Adds the `cjk` format: Chinese messages write `使用{{wallet, cjk}}登录`, with no spaces of their
 * own, and a name gets them only when it begins or ends in Latin script.
 *
 * @example
 * addChineseSpacing(instance); instance.t("session.signInWith", { wallet: "MetaMask" }) // "使用 MetaMask 登录"
 */
export function addChineseSpacing(instance: i18n): void {
  instance.services.formatter?.add("cjk", (value) => (typeof value === "string" ? spaceForChinese(value) : value));
}
