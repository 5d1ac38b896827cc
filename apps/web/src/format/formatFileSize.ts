/**
 * A size in bytes for people, in the page's language: "820 kB", "1,2 MB".
 *
 * @example
 * formatFileSize(1_234_567, "es") // "1,2 MB"
 */
export function formatFileSize(bytes: number, language: string): string {
  const large = bytes >= 1_000_000;
  return new Intl.NumberFormat(language, {
    style: "unit",
    unit: large ? "megabyte" : "kilobyte",
    maximumFractionDigits: large ? 1 : 0,
  }).format(large ? bytes / 1_000_000 : Math.max(1, Math.round(bytes / 1000)));
}
