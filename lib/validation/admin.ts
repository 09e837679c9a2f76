import { z } from 'zod';
import { inOrder, isoDate, text } from './fields';
import { STAFF_ROLES } from '@/lib/authz/policy';
import { emailField } from './auth';

export const createStaffSchema = z.object({
  name: text().trim().min(2, 'Enter the person’s full name.').max(120, 'Keep the name under 120 characters.'),
  email: emailField,
  role: z.enum(STAFF_ROLES, { message: 'Choose a role.' }),
});
export type CreateStaff = z.output<typeof createStaffSchema>;

export const supervisionSchema = z.object({
  supervisorId: z.uuid({ message: 'Choose a supervisor.' }),
  therapistId: z.uuid({ message: 'Choose a therapist.' }),
});
export type SupervisionInput = z.output<typeof supervisionSchema>;

export const reassignClientSchema = z.object({
  therapistId: z.uuid({ message: 'Choose the new therapist.' }),
  reason: text().trim().min(3, 'Give a short reason.').max(300, 'Keep the reason under 300 characters.'),
});
export type ReassignClient = z.output<typeof reassignClientSchema>;

const optionalUuid = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(z.uuid().optional());
const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(isoDate().optional());

/** Audit log filters, read from the URL; a reversed date range is swapped. */
export const auditFilterSchema = z
  .object({
    actorUserId: optionalUuid,
    clientId: optionalUuid,
    action: text()
      .trim()
      .max(80)
      .optional()
      .transform((v) => (v ? v : undefined)),
    from: optionalDate,
    to: optionalDate,
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  // A reversed range is swapped, as on the supervisor page (the page says so).
  .transform(inOrder);
export type AuditFilter = z.output<typeof auditFilterSchema>;
