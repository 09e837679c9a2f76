/*
 * Dates as a clinic reads them. Building an Intl.DateTimeFormat costs far more than using one (it
 * showed up as the top self-time entry when profiling the caseload page), so each locale, option
 * set and zone gets one formatter, built on first use and reused.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A shared formatter for these options. Zones are a small, fixed set per clinic, so this stays small. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date with no time of day (YYYY-MM-DD: a start, review or target date), as written. */
export function formatDay(value: string | null): string {
  if (value === null) return '—';
  return dateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

/** The day an instant falls on in the clinic's zone (a calendar date string is shown as written). */
export function formatDate(value: Date | string | null, timeZone: string): string {
  if (value === null) return '—';
  if (typeof value === 'string' && DAY_ONLY.test(value)) return formatDay(value);
  const date = typeof value === 'string' ? new Date(value) : value;
  return dateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
}

export function formatDateTime(value: Date | null, timeZone: string): string {
  if (value === null) return '—';
  return dateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(value);
}
