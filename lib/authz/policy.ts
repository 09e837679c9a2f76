/**
 * Who may do what, as pure functions of the actor and the record (no I/O). lib/data asks these
 * before every read and write, and turns the scopes into WHERE clauses.
 */
export const ROLES = ['admin', 'supervisor', 'therapist', 'client'] as const;
export type Role = (typeof ROLES)[number];

export type Actor = {
  userId: string;
  clinicId: string;
  role: Role;
  name: string;
};

export const PERMISSIONS = [
  'account:manage-own',
  'caseload:read',
  'client:read',
  // The record's clinical fields (date of birth, discharge reason): staff, not the client's own view.
  'client:read-details',
  'client:write',
  // A new client goes on the creator's own caseload, so only a treating role may add one.
  'client:create',
  // A client's answers and scores as staff read them (the client sees their own trends instead).
  'measure:read',
  // The client's own symptom trends (and alliance results where the clinic allows it).
  'measure:read-own',
  'measure:respond',
  // Answering therapist-rated forms and entering a client's answers given in session or on paper;
  // without it only one's own client forms, through the portal.
  'measure:respond-in-session',
  'plan:read',
  // Every plan of a client (drafts, closed ones), its revisions and review dates; without it only the active plan.
  'plan:read-history',
  'plan:write',
  // The client agreeing (or not) with a goal of their active plan: a write, so never implied by plan:read.
  'plan:agree',
  'alert:read',
  // Every open alert of the clients in scope as it is raised; without it only escalated ones.
  'alert:triage',
  'alert:acknowledge',
  'supervision:read',
  // The client's own portal: home page and active plan.
  'portal:read-own',
  'user:read',
  'user:manage',
  'audit:read',
  'settings:manage',
  // The client switching their own form reminders on or off.
  'portal:reminders-own',
  // The clinic's form completion rates: counts only, no client and no answer.
  'completion:read-clinic',
  // Which urgent alerts no supervisor has (therapist, time, whether anyone was told): no clinical content.
  'escalation:read',
  // The clinic's responses and scores as de-identified FHIR NDJSON (keyed pseudonyms, months, no
  // names) for research and quality work: never a named client's record.
  'research:export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The role → permission table. Record-level scope narrows these further (see clientScope). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['account:manage-own', 'user:read', 'user:manage', 'audit:read', 'settings:manage', 'escalation:read', 'completion:read-clinic', 'research:export'],
  supervisor: ['account:manage-own', 'client:read', 'client:read-details', 'measure:read', 'plan:read', 'plan:read-history', 'alert:read', 'supervision:read'],
  therapist: [
    'account:manage-own',
    'caseload:read',
    'client:read',
    'client:read-details',
    'client:write',
    'client:create',
    'measure:read',
    'measure:respond',
    'measure:respond-in-session',
    'plan:read',
    'plan:read-history',
    'plan:write',
    'alert:read',
    'alert:triage',
    'alert:acknowledge',
  ],
  client: ['account:manage-own', 'client:read', 'measure:read-own', 'measure:respond', 'plan:read', 'plan:agree', 'portal:read-own', 'portal:reminders-own'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Each role's area of the app (route prefix) and home page. */
export const AREAS = ['therapist', 'portal', 'supervisor', 'admin'] as const;
export type Area = (typeof AREAS)[number];

export const AREA_OF_ROLE: Readonly<Record<Role, Area>> = {
  therapist: 'therapist',
  client: 'portal',
  supervisor: 'supervisor',
  admin: 'admin',
};

export function homePath(role: Role): string {
  return `/${AREA_OF_ROLE[role]}`;
}

export function canEnterArea(role: Role, area: Area): boolean {
  return AREA_OF_ROLE[role] === area;
}

/**
 * Which clients an actor may see, as a scope lib/data turns into SQL. Always within the actor's
 * clinic; never wider than the relationship (own caseload, supervisees' caseloads, oneself).
 */
export type ClientScope =
  | { kind: 'own-caseload'; clinicId: string; therapistId: string }
  | { kind: 'supervisees'; clinicId: string; supervisorId: string }
  | { kind: 'self'; clinicId: string; portalUserId: string }
  | { kind: 'none' };

export function clientScope(actor: Actor, permission: Permission): ClientScope {
  if (!can(actor.role, permission)) return { kind: 'none' };
  switch (actor.role) {
    case 'therapist':
      return { kind: 'own-caseload', clinicId: actor.clinicId, therapistId: actor.userId };
    case 'supervisor':
      return { kind: 'supervisees', clinicId: actor.clinicId, supervisorId: actor.userId };
    case 'client':
      return { kind: 'self', clinicId: actor.clinicId, portalUserId: actor.userId };
    case 'admin':
      return { kind: 'none' };
  }
}

/** The facts about one client record that decide access to it. */
export type ClientRecordFacts = {
  clinicId: string;
  primaryTherapistId: string | null;
  portalUserId: string | null;
  /** Whether the actor (a supervisor) currently supervises the client's therapist. */
  supervisedByActor: boolean;
};

/** Record-level check mirroring clientScope; used to explain and to test the SQL scopes. */
export function canAccessClient(actor: Actor, permission: Permission, client: ClientRecordFacts): boolean {
  const scope = clientScope(actor, permission);
  if (scope.kind === 'none' || client.clinicId !== actor.clinicId) return false;
  switch (scope.kind) {
    case 'own-caseload':
      return client.primaryTherapistId === scope.therapistId;
    case 'supervisees':
      return client.supervisedByActor && client.primaryTherapistId !== null;
    case 'self':
      return client.portalUserId === scope.portalUserId;
  }
}

/** Staff roles that an admin may create and manage. */
export const STAFF_ROLES = ['admin', 'supervisor', 'therapist'] as const satisfies readonly Role[];
