import { z } from 'zod';
import { isoDate as calendarDate, text as plainText } from './fields';

const text = (min: number, max: number, what: string) =>
  plainText()
    .trim()
    .min(min, min <= 1 ? `Enter ${what}.` : `Write at least ${min} characters for ${what}.`)
    .max(max, `Keep ${what} under ${max} characters.`);
const optionalText = (max: number, what: string) =>
  plainText()
    .trim()
    .max(max, `Keep ${what} under ${max} characters.`)
    .transform((v) => v || null);
const isoDate = (what: string) => calendarDate(`Enter ${what} as a date.`);
const optionalDate = (what: string) =>
  z
    .string()
    .transform((v) => v || null)
    .pipe(isoDate(what).nullable());
const optionalId = z
  .string()
  .optional()
  .transform((v) => v || undefined)
  .pipe(z.uuid().optional());

export const GOAL_STATUSES = ['not_started', 'in_progress', 'achieved', 'revised', 'dropped'] as const;
export const GOAL_STATUS_LABEL: Record<(typeof GOAL_STATUSES)[number], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  achieved: 'Achieved',
  revised: 'Revised',
  dropped: 'Dropped',
};

const objectiveSchema = z.object({
  id: optionalId,
  description: text(3, 500, 'the objective'),
  target: optionalText(200, 'the target'),
  status: z.enum(GOAL_STATUSES),
  progress: z.coerce.number().int('Progress is a whole percentage.').min(0, 'Progress is 0–100 %.').max(100, 'Progress is 0–100 %.'),
});

const interventionSchema = z.object({
  id: optionalId,
  modality: text(2, 200, 'the intervention'),
  frequency: optionalText(100, 'the frequency'),
  provider: optionalText(100, 'who provides it'),
});

const goalSchema = z.object({
  /** Stable across versions: agreement carries over while the wording stays the same. */
  id: optionalId,
  clientWords: text(3, 500, 'the goal, in the client’s words'),
  targetDate: optionalDate('the target date'),
  status: z.enum(GOAL_STATUSES),
  objectives: z.array(objectiveSchema).max(10, 'At most 10 objectives per goal.'),
  interventions: z.array(interventionSchema).max(10, 'At most 10 interventions per goal.'),
});

const problemSchema = z.object({
  description: text(3, 1000, 'the problem'),
  goals: z.array(goalSchema).min(1, 'Each problem needs at least one goal.').max(10, 'At most 10 goals per problem.'),
});

/** The content of a treatment plan, as the editor submits it (one schema for form and server). */
export const planContentSchema = z
  .object({
    title: text(3, 200, 'a title'),
    presentingProblem: text(3, 4000, 'the presenting problem'),
    diagnosis: optionalText(300, 'the diagnosis'),
    icd10Code: plainText()
      .trim()
      .toUpperCase()
      .refine((v) => v === '' || /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/.test(v), 'Enter an ICD-10 code like F32.1, or leave it empty.')
      .transform((v) => v || null),
    startDate: isoDate('the start date'),
    nextReviewDate: isoDate('the next review date'),
    problems: z.array(problemSchema).min(1, 'Add at least one problem.').max(20, 'At most 20 problems.'),
  })
  .refine((p) => p.nextReviewDate >= p.startDate, { path: ['nextReviewDate'], message: 'The review date cannot be before the start date.' });
export type PlanContentInput = z.input<typeof planContentSchema>;
export type PlanContent = z.output<typeof planContentSchema>;

export const goalAgreementSchema = z
  .object({
    agrees: z.boolean({ message: 'Choose “I agree” or “I’d change this”.' }),
    comment: plainText()
      .trim()
      .max(1000, 'Keep your comment under 1000 characters.')
      .transform((v) => v || null),
  })
  .refine((v) => v.agrees || (v.comment !== null && v.comment.length >= 3), {
    path: ['comment'],
    message: 'Tell your therapist what you would change (a few words are enough).',
  });
export type GoalAgreementInput = z.input<typeof goalAgreementSchema>;
export type GoalAgreement = z.output<typeof goalAgreementSchema>;

export const planReviewSchema = z.object({
  nextReviewDate: isoDate('the next review date'),
  goals: z.array(z.object({ goalId: z.uuid(), status: z.enum(GOAL_STATUSES), progressNote: optionalText(1000, 'the progress note') })).min(1),
});
export type PlanReview = z.output<typeof planReviewSchema>;
