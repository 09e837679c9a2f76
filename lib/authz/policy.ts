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
  'client:write',
  'measure:read',
  'measure:respond',
  'plan:read',
  'plan:write',
  'alert:read',
  'alert:acknowledge',
  'supervision:read',
  'user:read',
  'user:manage',
  'audit:read',
  'settings:manage',
  // Which urgent alerts no supervisor has (therapist, time, whether anyone was told): no clinical content.
  'escalation:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The role → permission table. Record-level scope narrows these further (see clientScope). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['account:manage-own', 'user:read', 'user:manage', 'audit:read', 'settings:manage', 'escalation:read'],
  supervisor: [
    'account:manage-own',
    'client:read',
    'measure:read',
    'plan:read',
    'alert:read',
    'supervision:read',
  ],
  therapist: [
    'account:manage-own',
    'caseload:read',
    'client:read',
    'client:write',
    'measure:read',
    'measure:respond',
    'plan:read',
    'plan:write',
    'alert:read',
    'alert:acknowledge',
  ],
  client: ['account:manage-own', 'client:read', 'measure:read', 'measure:respond', 'plan:read'],
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
