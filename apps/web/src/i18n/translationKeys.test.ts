import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { catalogueLanguages, requiredDocuments, seedAuthorities, seedProducts } from "@entrada/core";
import { describe, expect, it } from "vitest";
import { dynamicKeyFamilies } from "./dynamicKeys.ts";
import { languages, namespaces } from "./languages.ts";
import { resources } from "./resources.ts";

// Fails when any language lacks a key the code uses, or holds one nothing uses, or when the
// languages disagree on a message's {{placeholders}}.

const srcDir = join(import.meta.dirname, "..");
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === "string") out.set(path, child);
    else for (const [k, v] of flatten(child, path)) out.set(k, v);
  }
  return out;
}

/** `ns:key` → message, plural forms folded into their base key. */
function definedKeys(language: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const bundle = resources[language as keyof typeof resources] as Record<string, unknown>;
  for (const ns of namespaces) {
    for (const [key, message] of flatten(bundle[ns] ?? {})) {
      const base = `${ns}:${key.replace(pluralSuffix, "")}`;
      out.set(base, [...(out.get(base) ?? []), message]);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "locales" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

type Usage = { file: string; key: string; dynamicPrefix?: string };

function usedKeys(): { usages: Usage[]; problems: string[] } {
  const usages: Usage[] = [];
  const problems: string[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    const name = relative(srcDir, file);
    const hooks = [...text.matchAll(/useTranslation\(\s*(?:"([a-z]+)")?/g)].map((m) => m[1] ?? "common");
    const distinct = new Set(hooks);
    const defaultNs = hooks[0] ?? "common";
    const calls = [
      ...text.matchAll(/\bt\(\s*(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g),
      ...text.matchAll(/i18nKey=(["'])([^"']+)\1/g),
    ];
    for (const match of calls) {
      const literal = match[2]!;
      const explicit = literal.match(/^([a-z]+):(.*)$/s);
      if (!explicit && distinct.size > 1) {
        problems.push(`${name}: "${literal}" needs its namespace (this file uses ${[...distinct].join(", ")})`);
      }
      const ns = explicit ? explicit[1]! : defaultNs;
      const key = explicit ? explicit[2]! : literal;
      const dynamic = match[1] === "`" ? key.indexOf("${") : -1;
      if (dynamic >= 0) usages.push({ file: name, key: `${ns}:`, dynamicPrefix: key.slice(0, dynamic) });
      else usages.push({ file: name, key: `${ns}:${key}` });
    }
  }
  return { usages, problems };
}

describe("translations", () => {
  const { usages, problems } = usedKeys();
  const used = new Set<string>();
  for (const usage of usages) {
    if (usage.dynamicPrefix === undefined) {
      used.add(usage.key);
      continue;
    }
    const ns = usage.key.slice(0, -1);
    const family = dynamicKeyFamilies.find(
      (f) => f.prefix === usage.dynamicPrefix && f.keys.every((key) => key.startsWith(`${ns}:`)),
    );
    if (!family) problems.push(`${usage.file}: dynamic key "${ns}:${usage.dynamicPrefix}…" is not in dynamicKeys.ts`);
    else for (const key of family.keys) used.add(key);
  }

  it("finds the keys the code uses", () => {
    expect(problems).toEqual([]);
    expect(used.size).toBeGreaterThan(20);
  });

  for (const { code } of languages) {
    it(`${code} has every key the code uses, and no other`, () => {
      const defined = definedKeys(code);
      expect({ missing: [...used].filter((key) => !defined.has(key)).sort() }).toEqual({ missing: [] });
      expect({ unused: [...defined.keys()].filter((key) => !used.has(key)).sort() }).toEqual({ unused: [] });
    });
  }

  it("uses the same {{placeholders}} in every language", () => {
    const placeholders = (messages: string[] = []) =>
      [...new Set(messages.flatMap((m) => [...m.matchAll(/\{\{\s*([\w.]+)/g)].map((x) => x[1])))].sort();
    const english = definedKeys("en");
    const mismatches: string[] = [];
    for (const { code } of languages) {
      for (const [key, messages] of definedKeys(code)) {
        const want = placeholders(english.get(key));
        const got = placeholders(messages);
        if (want.join() !== got.join()) mismatches.push(`${code} ${key}: ${got.join()} ≠ en ${want.join()}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

/**
 * Latin-script words a Chinese catalogue name may keep: the authorities' own abbreviations and visa
 * codes, which travellers see on the official portals and their documents.
 */
const latinInChinese = new Set(["ETA", "eTA", "ESTA", "ETIAS", "METV", "DTV", "TR", "TS", "B", "USDC", "USDT"]);

/** The Latin-script words of a text that are not on the allow-list. */
function foreignWords(text: string): string[] {
  return [...text.matchAll(/[A-Za-z][A-Za-z'-]*/g)].map((m) => m[0]).filter((word) => !latinInChinese.has(word));
}

describe("catalogue names", () => {
  const entries = [
    ...seedAuthorities.map((authority) => ({ at: `authority ${authority.id}`, names: authority.names })),
    ...seedProducts.map((product) => ({ at: `product ${product.id}`, names: product.names })),
  ];

  it("names every authority and product in every language, the Chinese with no English words", () => {
    const problems: string[] = [];
    for (const { at, names } of entries) {
      for (const code of catalogueLanguages) if (!names[code]?.trim()) problems.push(`${at}: no ${code} name`);
      const words = foreignWords(names.zh);
      if (words.length > 0) problems.push(`${at}: zh "${names.zh}" has ${words.join(", ")}`);
      if (names.es === names.en) problems.push(`${at}: es is the English name`);
    }
    expect(problems).toEqual([]);
    expect(entries.length).toBe(seedAuthorities.length + seedProducts.length);
  });

  it("names every document kind in every language, for the traveller and the officer", () => {
    const problems: string[] = [];
    for (const { code } of languages) {
      const defined = definedKeys(code);
      for (const ns of ["traveller", "officer"]) {
        for (const kind of requiredDocuments) {
          const [name] = defined.get(`${ns}:document.${kind}`) ?? [];
          if (!name) problems.push(`${code} ${ns}: no name for document ${kind}`);
          else if (code === "zh" && foreignWords(name).length > 0) problems.push(`zh ${ns}: "${name}" is not Chinese`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("allows no Latin word in a Chinese name but the listed abbreviations", () => {
    expect(foreignWords("英国电子旅行许可（ETA）")).toEqual([]);
    expect(foreignWords("您的Tourist visa (METV)申请")).toEqual(["Tourist", "visa"]);
  });
});
