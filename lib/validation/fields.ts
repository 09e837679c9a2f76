import { z } from 'zod';

/*
 * Building blocks shared by every input schema, for what the database cannot store: PostgreSQL
 * refuses a NUL character in text, and dates far from the present (year 0000, 9999) break the
 * date arithmetic. Both must be a message beside the field, never a failed write.
 */

export const NUL_MESSAGE = 'This text contains an invisible control character (NUL) that cannot be saved. Remove it and try again.';

/** Any text a person types (or a URL carries): a string without NUL. Chain trim/min/max as usual. */
export const text = () => z.string().refine((v) => !v.includes('\u0000'), NUL_MESSAGE);

export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2999-12-31';

/** A calendar date (YYYY-MM-DD) between 1900 and 2999: far enough for any plan, near enough for date arithmetic. */
export const isoDate = (message = 'Use a date like 2026-11-27.') =>
  z.iso
    .date({ message })
    .refine((v) => v >= EARLIEST_DATE && v <= LATEST_DATE, `Enter a date between ${EARLIEST_DATE.slice(0, 4)} and ${LATEST_DATE.slice(0, 4)}.`);

/** Said when a from–to pair was read in the other order (see inOrder). */
export const SWAPPED_DATES_NOTICE = '“From” was after “To”, so the two dates were swapped.';

/** A from–to pair (YYYY-MM-DD) in order: a reversed range is what people mean swapped, not an empty result. */
export function inOrder<T extends { from?: string; to?: string }>(range: T): T {
  return range.from !== undefined && range.to !== undefined && range.from > range.to ? { ...range, from: range.to, to: range.from } : range;
}

/** Whether `used` is `asked` swapped by inOrder (for saying so beside the results). */
export function wasSwapped(asked: { from?: unknown; to?: unknown }, used: { from?: string; to?: string }): boolean {
  return used.from !== undefined && used.from !== used.to && asked.from === used.to && asked.to === used.from;
}
