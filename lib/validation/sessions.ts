import { z } from 'zod';
import { text } from './fields';
import { INSTRUMENT_KEYS } from '@/lib/instruments';

/** Recording a therapy session: when it was (local date and time from the form), and whether it happened. */
export const recordSessionSchema = z.object({
  occurredAt: text()
    .min(1, 'Enter the date and time of the session.')
    .refine((v) => !Number.isNaN(Date.parse(v)), 'Enter a valid date and time.')
    // Approximate here (the browser's zone); lib/data checks exactly in the clinic's zone.
    .refine((v) => Date.parse(v) <= Date.now() + 38 * 3_600_000, 'A session cannot be recorded more than a day ahead.')
    .refine((v) => Date.parse(v) >= Date.parse('2000-01-01'), 'Enter a date after the year 2000.'),
  attendance: z.enum(['attended', 'no_show', 'cancelled'], { message: 'Choose whether the session took place.' }),
  note: text().trim().max(500, 'Keep the note under 500 characters.').default(''),
});
export type RecordSessionInput = z.input<typeof recordSessionSchema>;
export type RecordSession = z.output<typeof recordSessionSchema>;

export const assignMeasureSchema = z.object({
  instrumentKey: z.enum(INSTRUMENT_KEYS, { message: 'Choose a questionnaire.' }),
});
export type AssignMeasure = z.output<typeof assignMeasureSchema>;

export const dischargeSchema = z.object({
  reason: text().trim().min(3, 'Give a short reason for the discharge.').max(300, 'Keep the reason under 300 characters.'),
});
export type Discharge = z.output<typeof dischargeSchema>;

export const acknowledgeAlertSchema = z.object({
  note: text().trim().min(3, 'Write a short note on what you did (at least 3 characters).').max(1000, 'Keep the note under 1000 characters.'),
});
export type AcknowledgeAlert = z.output<typeof acknowledgeAlertSchema>;
