import { z } from 'zod';
import { text } from './fields';

const optionalText = (max: number, message: string) =>
  text()
    .trim()
    .max(max, message)
    .transform((v) => (v === '' ? null : v));

const name = (what: string) => text().trim().min(1, `Enter the ${what}.`).max(80, `Keep the ${what} under 80 characters.`);

/**
 * The profile and contact details a therapist keeps current on the client record. Names and date
 * of birth may be left out of a request (then they stay as they are); an empty date clears it.
 */
export const clientContactSchema = z.object({
  firstName: name('first name').optional(),
  lastName: name('last name').optional(),
  dateOfBirth: text()
    .trim()
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null))
    .pipe(z.iso.date({ message: 'Use a date like 1990-04-17.' }).nullable().optional())
    .refine((v) => !v || (v >= '1900-01-01' && Date.parse(v) <= Date.now()), 'Enter a date of birth in the past.'),
  preferredName: optionalText(80, 'Keep the preferred name under 80 characters.'),
  email: text()
    .trim()
    .toLowerCase()
    .max(254, 'That email address is too long.')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid email address, or leave it empty.')
    .transform((v) => (v === '' ? null : v)),
  phone: text()
    .trim()
    .max(40, 'That phone number is too long.')
    .refine((v) => v === '' || /^[+()0-9 .-]{5,}$/.test(v), 'Use digits, spaces and + ( ) - only.')
    .transform((v) => (v === '' ? null : v)),
});
export type ClientContactInput = z.input<typeof clientContactSchema>;
export type ClientContact = z.output<typeof clientContactSchema>;
