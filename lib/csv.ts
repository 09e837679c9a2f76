import { stringify } from 'csv-stringify/sync';
import { clinicLocalIso } from './time';

/*
 * CSV for spreadsheets. A cell that starts with = + - @ (or a tab / carriage return) would run as a
 * formula in Excel or Sheets, so it is prefixed with an apostrophe (OWASP's CSV-injection advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** What a plain column may hold. Not a Date: instants go in `instant` columns (clinic-local, see toCsv). */
export type CsvCell = string | number | boolean | null | undefined;

export function escapeFormula(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // Types keep Dates out; this guards a cast or an `any` from writing a bare UTC time after all.
  if ((value as unknown) instanceof Date) throw new TypeError('A date in a CSV cell belongs in an instant column (clinic-local time with offset).');
  const text = String(value);
  // A plain number (including a negative one) is data, not a formula.
  if (/^-?\d+(\.\d+)?$/.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvColumn<Row> =
  | { header: string; value: (row: Row) => CsvCell }
  /** A point in time: written as clinic-local time with its UTC offset; the header names the zone. */
  | { header: string; instant: (row: Row) => Date | null };

/**
 * Rows as CSV with a header row. The clinic's time zone is required, so no export can forget it:
 * every instant column is written as "2026-03-04T09:15:00+01:00" (what the screen shows, with the
 * offset that makes it exact) and its header says the zone, e.g. "occurred_at (Europe/London)".
 */
export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[], { timeZone }: { timeZone: string }): string {
  const header = columns.map((c) => ('instant' in c ? `${c.header} (${timeZone})` : c.header));
  const cell = (column: CsvColumn<Row>, row: Row): string => {
    if ('instant' in column) {
      const at = column.instant(row);
      return at ? clinicLocalIso(at, timeZone) : '';
    }
    return escapeFormula(column.value(row));
  };
  return stringify([header, ...rows.map((row) => columns.map((c) => cell(c, row)))], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}
