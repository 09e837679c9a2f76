import { stringify } from 'csv-stringify/sync';

/*
 * CSV for spreadsheets. A cell that starts with = + - @ (or a tab / carriage return) would run as a
 * formula in Excel or Sheets, so it is prefixed with an apostrophe (OWASP's CSV-injection advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeFormula(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  // A plain number (including a negative one) is data, not a formula.
  if (/^-?\d+(\.\d+)?$/.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly { header: string; value: (row: Row) => unknown }[]): string {
  return stringify([columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => escapeFormula(c.value(row))))], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}
