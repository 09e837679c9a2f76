import { TZDate } from '@date-fns/tz';
import { addDays, endOfDay, format } from 'date-fns';
import { dateTimeFormat } from './format';

/**
 * Clinic-local calendar arithmetic, returned as UTC instants. "Expires after 7 days" means the end
 * of the 7th calendar day in the clinic's time zone, whatever the server's zone or DST does.
 */
export function endOfLocalDayAfter(from: Date, days: number, timeZone: string): Date {
  const local = new TZDate(from.getTime(), timeZone);
  return new Date(endOfDay(addDays(local, days)).getTime());
}

/** The clinic-local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * A form's date-time. With an offset or Z it is an instant already; a zone-less value from a
 * datetime-local input ("2026-11-27T10:00") is wall-clock time in the clinic's zone.
 */
export function parseClinicDateTime(value: string, timeZone: string): Date {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return new Date(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return new Date(Number.NaN);
  const [, y, mo, d, h, mi, sec] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, Number.isNaN(sec) ? 0 : sec, timeZone).getTime());
}

/**
 * An instant as clinic-local wall-clock time with its UTC offset, to the second:
 * "2026-03-04T09:15:00+01:00". What the screen shows, and still one exact instant for a machine
 * (ISO 8601 / RFC 3339). The offset is always numeric ("+00:00", never "Z"), so a reader sees the
 * clinic's zone at work even in a London winter.
 */
export function clinicLocalIso(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm:ssxxx");
}

/** The clinic-local calendar month (YYYY-MM) of an instant. */
export function localMonth(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM');
}

/** A range of clinic days (from and to inclusive, YYYY-MM-DD) as instants [start, end), in the clinic's zone. */
export function clinicDayRange(range: { from: string; to: string }, timeZone: string): { start: Date; end: Date } {
  const nextDay = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: parseClinicDateTime(`${range.from}T00:00`, timeZone), end: parseClinicDateTime(`${nextDay}T00:00`, timeZone) };
}
