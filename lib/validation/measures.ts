import { z } from 'zod';
import { text } from './fields';
import { entrySourceSchema } from './entry-source-schema';

/*
 * Inputs of the questionnaire server actions. The answers themselves are checked item by item
 * against the instrument (answersSchema / draftAnswersSchema in lib/instruments) — in the browser
 * by the form, and again on the server by lib/data, which knows the assignment's instrument
 * version. Here only the shape: which form, and integer answers keyed by item id.
 */

export const MAX_ANSWER_KEYS = 64;

const assignmentId = z.uuid({ error: 'This form link is not valid. Open the form again from your list.' });

const answers = z
  .record(text().min(1).max(40), z.number({ error: 'Please choose one of the answers shown.' }).int({ error: 'Please choose one of the answers shown.' }), {
    error: 'The answers could not be read. Please try again.',
  })
  .refine((value) => Object.keys(value).length <= MAX_ANSWER_KEYS, { error: 'This form has too many answers.' });

/** Saving answers so far (every item optional): the portal and the therapist use the same input. */
export const draftInputSchema = z.object({ assignmentId, answers });
export type DraftInput = z.input<typeof draftInputSchema>;

/** Submitting a client's own form from the portal. */
export const submitInputSchema = z.object({ assignmentId, answers });
export type SubmitInput = z.input<typeof submitInputSchema>;

// Where a client's answers entered by their therapist came from: one schema, shared with the form
// (their own modules, so the browser does not load classic zod for them).
export { ENTRY_SOURCES, ENTRY_SOURCE_LABELS, type EntrySource } from './entry-source';
export { entrySourceSchema } from './entry-source-schema';

/**
 * A therapist submitting a form: entering a client's answers (respondent 'client') needs the
 * source; the therapist's own rating (respondent 'therapist') has none.
 */
export const therapistSubmitInputSchema = z.discriminatedUnion('respondent', [
  z.object({ assignmentId, answers, respondent: z.literal('client'), source: entrySourceSchema }),
  z.object({ assignmentId, answers, respondent: z.literal('therapist') }),
]);
export type TherapistSubmitInput = z.input<typeof therapistSubmitInputSchema>;
