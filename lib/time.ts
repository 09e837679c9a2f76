import { TZDate } from '@date-fns/tz';
import { addDays, endOfDay } from 'date-fns';

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
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
