import type { Product } from "@entrada/core";
import { answerColumn, importColumns, requiredImportAnswers } from "./importColumns.ts";

/**
 * The CSV template a product's team import starts from: a header row of the fixed columns, then one
 * `answer.<field>` column per answer the product requires, and no traveller. It starts with a UTF-8
 * byte order mark and ends lines with CRLF (RFC 4180), so that Excel opens it as UTF-8 (Chinese
 * names survive) and "CSV UTF-8" saves it back the same way.
 *
 * @example
 * importTemplate(catalogue.product("gb-eta"))
 * // "\uFEFFsurname,given_names,…,mrz_line2,answer.home_address,answer.occupation,answer.criminal_record\r\n"
 */
export function importTemplate(product: Product): string {
  const header = [...importColumns, ...requiredImportAnswers(product).map(answerColumn)];
  return `\uFEFF${header.join(",")}\r\n`;
}
