import { jaroWinkler } from "./jaroWinkler.ts";
import type { NormalizedName } from "./normalizeName.ts";

/**
 * How alike two names are, from 0 to 1, whatever the order of their parts: each part of the name
 * with fewer parts is paired with the most similar unused part of the other (Jaro-Winkler), and the
 * pair scores are averaged weighted by length. Each part only one side has costs 3 % (a patronymic
 * or middle name missing from a passport), and agreeing on a single part is never more than 0.85
 * (a shared surname is not a match). Particles standing alone (`AL`, `BIN`, `VAN`, `DE`…) are left
 * out, and short parts are also tried joined to their neighbour (`AL QUMRANI` and `ALQUMRANI`,
 * `MO XUAN` and `MOXUAN`). When either name came from an abjad (`mhmd`), parts are also compared
 * by their consonants.
 *
 * @example
 * nameSimilarity(normalizeName("Miroslav Zlatogorsky"), normalizeName("ZLATOGORSKY, Miroslav")) // 1
 * nameSimilarity(normalizeName("محمد يوسف القمراني"), normalizeName("AL-QUMRANI, Muhammad Yusuf")) // ≈ 0.95
 * nameSimilarity(normalizeName("Miroslav Novak"), normalizeName("ZLATOGORSKY, Miroslav")) // ≈ 0.7
 */
export function nameSimilarity(a: NormalizedName, b: NormalizedName): number {
  const abjad = a.abjad || b.abjad;
  let best = 0;
  for (const left of readings(a.tokens)) {
    for (const right of readings(b.tokens)) {
      best = Math.max(best, pairedScore(left, right, abjad));
      if (best === 1) return 1;
    }
  }
  return best;
}

const particles = new Set([
  "AL",
  "EL",
  "BIN",
  "BEN",
  "IBN",
  "ABU",
  "BINT",
  "VAN",
  "VON",
  "DER",
  "DEN",
  "DE",
  "DA",
  "DI",
  "DOS",
  "DAS",
  "DEL",
  "LA",
  "LE",
]);

/** The parts without lone particles, and with each short part joined to its neighbour. */
function readings(tokens: readonly string[]): (readonly string[])[] {
  const withoutParticles = (parts: readonly string[]) => {
    const kept = parts.filter((part) => !particles.has(part));
    return kept.length > 0 ? kept : parts;
  };
  const result: (readonly string[])[] = [withoutParticles(tokens)];
  for (let index = 0; index + 1 < tokens.length; index++) {
    const [left, right] = [tokens[index]!, tokens[index + 1]!];
    if (left.length > 3 && right.length > 3) continue;
    result.push(withoutParticles([...tokens.slice(0, index), left + right, ...tokens.slice(index + 2)]));
  }
  return result;
}

function pairedScore(a: readonly string[], b: readonly string[], abjad: boolean): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const pairs: { i: number; j: number; score: number }[] = [];
  for (let i = 0; i < short.length; i++) {
    for (let j = 0; j < long.length; j++) pairs.push({ i, j, score: partSimilarity(short[i]!, long[j]!, abjad) });
  }
  pairs.sort((x, y) => y.score - x.score);
  const usedShort = new Set<number>();
  const usedLong = new Set<number>();
  let weighted = 0;
  let weights = 0;
  for (const { i, j, score } of pairs) {
    if (usedShort.has(i) || usedLong.has(j)) continue;
    usedShort.add(i);
    usedLong.add(j);
    const weight = Math.max(short[i]!.length, long[j]!.length);
    weighted += score * weight;
    weights += weight;
  }
  const unpaired = long.length - short.length;
  const cap = short.length === 1 && unpaired > 0 ? 0.85 : Math.max(0.85, 1 - 0.03 * unpaired);
  return (weighted / weights) * cap;
}

function partSimilarity(a: string, b: string, abjad: boolean): number {
  const direct = jaroWinkler(a, b);
  if (!abjad) return direct;
  const [ca, cb] = [consonants(a), consonants(b)];
  if (ca.length < 2 || cb.length < 2) return direct;
  // Consonants lose information (MHMD is also MAHMOUD's skeleton): a small discount keeps a full match ahead.
  return Math.max(direct, jaroWinkler(ca, cb) * 0.95);
}

/** The consonant skeleton: vowels and the semivowels Arabic also writes as long vowels dropped, doubles merged. */
function consonants(part: string): string {
  return part.replace(/[AEIOUYW]/g, "").replace(/(.)\1+/g, "$1");
}
