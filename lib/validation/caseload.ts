import { z } from 'zod';
import { text } from './fields';

export const CASELOAD_SORTS = ['name', 'status', 'sessions', 'lastSession', 'alliance', 'phq9', 'gad7', 'alerts', 'reviewDue', 'forms'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];
export const CASELOAD_PAGE_SIZES = [10, 25, 50, 100] as const;

const flag = z
  .enum(['1', 'true', '0', 'false', ''])
  .optional()
  .catch(undefined)
  .transform((v) => v === '1' || v === 'true');

/** The caseload table's state, read from (and written to) the URL so views can be bookmarked. */
export const caseloadQuerySchema = z.object({
  q: text()
    .trim()
    .max(80)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  // 'current' = active and waitlist: everyone the therapist is working with or about to.
  status: z.enum(['current', 'active', 'waitlist', 'discharged', 'all']).catch('current').default('current'),
  alerts: flag,
  reviewDue: flag,
  sort: z.enum(CASELOAD_SORTS).catch('name').default('name'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (CASELOAD_PAGE_SIZES as readonly number[]).includes(n))
    .catch(25)
    .default(25),
});
export type CaseloadQuery = z.output<typeof caseloadQuerySchema>;

export const newClientSchema = z.object({
  firstName: text().trim().min(1, 'Enter the first name.').max(80, 'Keep it under 80 characters.'),
  lastName: text().trim().min(1, 'Enter the last name.').max(80, 'Keep it under 80 characters.'),
  preferredName: text()
    .trim()
    .max(80)
    .transform((v) => v || null),
  dateOfBirth: text()
    .trim()
    .transform((v) => v || null)
    .pipe(z.iso.date({ message: 'Use a date like 1990-04-17.' }).nullable())
    .refine((v) => v === null || (v >= '1900-01-01' && Date.parse(v) <= Date.now()), 'Enter a date of birth in the past.'),
  email: text()
    .trim()
    .toLowerCase()
    .max(254)
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid email address, or leave it empty.')
    .transform((v) => v || null),
  status: z.enum(['active', 'waitlist'], { message: 'Choose a status.' }),
});
export type NewClientInput = z.input<typeof newClientSchema>;
export type NewClient = z.output<typeof newClientSchema>;
