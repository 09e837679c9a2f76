import type { Role } from '@/lib/authz/policy';

/* Plain-language labels the admin pages share. */

export const ROLE_LABEL: Readonly<Record<Role, string>> = { admin: 'Admin', supervisor: 'Supervisor', therapist: 'Therapist', client: 'Client' };

export const ACCOUNT_STATE_LABEL = { active: 'Active', disabled: 'Disabled', locked: 'Locked' } as const;

export const CLIENT_STATUS_LABEL = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' } as const;

export const OUTCOME_LABEL = { success: 'Success', failure: 'Failure', denied: 'Denied' } as const;
