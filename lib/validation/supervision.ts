import { z } from 'zod';
import { isoDate as calendarDate, inOrder, text } from './fields';

const isoDate = calendarDate();

/** The supervisor table's date range from the URL; defaults to the last 90 days. */
export const dateRangeSchema = z
  .object({
    from: isoDate.optional().catch(undefined),
    to: isoDate.optional().catch(undefined),
  })
  .transform(({ from, to }) => {
    const end = to ?? new Date().toISOString().slice(0, 10);
    const start = from ?? new Date(Date.parse(`${end}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
    return inOrder({ from: start, to: end });
  });
export type DateRange = z.output<typeof dateRangeSchema>;

export const supervisionNoteSchema = z.object({
  note: text().trim().min(3, 'Write a note of at least 3 characters.').max(2000, 'Keep the note under 2000 characters.'),
});
export type SupervisionNote = z.output<typeof supervisionNoteSchema>;
