import { z } from 'zod';

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((v) => (v === '' ? null : v));

/** The contact details a therapist keeps current on the client record. */
export const clientContactSchema = z.object({
  preferredName: optionalText(80, 'Keep the preferred name under 80 characters.'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'That email address is too long.')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid email address, or leave it empty.')
    .transform((v) => (v === '' ? null : v)),
  phone: z
    .string()
    .trim()
    .max(40, 'That phone number is too long.')
    .refine((v) => v === '' || /^[+()0-9 .-]{5,}$/.test(v), 'Use digits, spaces and + ( ) - only.')
    .transform((v) => (v === '' ? null : v)),
});
export type ClientContactInput = z.input<typeof clientContactSchema>;
export type ClientContact = z.output<typeof clientContactSchema>;
