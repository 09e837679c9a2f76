import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AREAS, PERMISSIONS, ROLES, can, canAccessClient, canEnterArea, clientScope, homePath, type Actor, type Permission, type Role } from './policy';

// The expected table, written out independently of ROLE_PERMISSIONS: a change to one must be
// matched in the other on purpose.
const EXPECTED: Record<Role, Permission[]> = {
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

const actor = (role: Role, overrides: Partial<Actor> = {}): Actor => ({ userId: `u-${role}`, clinicId: 'clinic-a', role, name: role, ...overrides });

describe('role → permission table', () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const expected = EXPECTED[role].includes(permission);
      it(`${role} ${expected ? 'may' : 'may not'} ${permission}`, () => {
        expect(can(role, permission)).toBe(expected);
      });
    }
  }
  it('every permission is held by some role', () => {
    for (const permission of PERMISSIONS)
      expect(
        ROLES.some((role) => can(role, permission)),
        permission,
      ).toBe(true);
  });
  it('admins never hold a clinical permission', () => {
    const clinical = PERMISSIONS.filter((p) => /^(client|measure|plan|alert|caseload|supervision|portal):/.test(p));
    expect(clinical.length).toBeGreaterThan(10);
    for (const p of clinical) expect(can('admin', p), p).toBe(false);
  });
  it("a goal agreement is its own write permission: the client's, never implied by reading the plan", () => {
    for (const role of ROLES) expect(can(role, 'plan:agree')).toBe(role === 'client');
    // A supervisor reads plans but may not agree to goals on a client's behalf.
    expect(can('supervisor', 'plan:read') && !can('supervisor', 'plan:agree')).toBe(true);
  });
  it("the client's own views are the client's only; staff views of the record are never the client's", () => {
    for (const role of ROLES) {
      expect(can(role, 'portal:read-own')).toBe(role === 'client');
      expect(can(role, 'measure:read-own')).toBe(role === 'client');
    }
    for (const p of ['client:read-details', 'measure:read', 'plan:read-history', 'alert:read', 'measure:respond-in-session'] as const)
      expect(can('client', p), p).toBe(false);
  });
  it('only the treating therapist sees alerts as they are raised; a supervisor sees escalated ones', () => {
    for (const role of ROLES) expect(can(role, 'alert:triage')).toBe(role === 'therapist');
  });
  it('only the client switches their own reminders; only admins read the clinic completion rates', () => {
    for (const role of ROLES) expect(can(role, 'portal:reminders-own')).toBe(role === 'client');
    for (const role of ROLES) expect(can(role, 'completion:read-clinic')).toBe(role === 'admin');
  });
  it('only admins see which urgent alerts wait for a person (the fallback when no supervisor can take one)', () => {
    for (const role of ROLES) expect(can(role, 'escalation:read')).toBe(role === 'admin');
  });
  it('only admins export the clinic for research, and that export is never a clinical (named) read', () => {
    for (const role of ROLES) expect(can(role, 'research:export')).toBe(role === 'admin');
    // The admin's export is de-identified; reading a named client's measures stays clinical.
    expect(can('admin', 'measure:read') || can('admin', 'client:read')).toBe(false);
  });
  it('only therapists write clinical records', () => {
    for (const role of ROLES) expect(can(role, 'client:write')).toBe(role === 'therapist');
    for (const role of ROLES) expect(can(role, 'plan:write')).toBe(role === 'therapist');
    for (const role of ROLES) expect(can(role, 'client:create')).toBe(role === 'therapist');
  });
});

describe('areas', () => {
  it('each role enters exactly its own area, which is its home', () => {
    for (const role of ROLES) {
      const own = AREAS.filter((area) => canEnterArea(role, area));
      expect(own).toHaveLength(1);
      expect(homePath(role)).toBe(`/${own[0]}`);
    }
  });
});

describe('client scope', () => {
  it('maps each role to its relationship, within its clinic', () => {
    expect(clientScope(actor('therapist'), 'client:read')).toEqual({ kind: 'own-caseload', clinicId: 'clinic-a', therapistId: 'u-therapist' });
    expect(clientScope(actor('supervisor'), 'client:read')).toEqual({ kind: 'supervisees', clinicId: 'clinic-a', supervisorId: 'u-supervisor' });
    expect(clientScope(actor('client'), 'client:read')).toEqual({ kind: 'self', clinicId: 'clinic-a', portalUserId: 'u-client' });
    expect(clientScope(actor('admin'), 'client:read')).toEqual({ kind: 'none' });
  });
  it('is none whenever the role lacks the permission', () => {
    for (const role of ROLES) {
      for (const permission of PERMISSIONS) {
        if (!can(role, permission)) expect(clientScope(actor(role), permission)).toEqual({ kind: 'none' });
      }
    }
  });
});

describe('canAccessClient', () => {
  const facts = fc.record({
    clinicId: fc.constantFrom('clinic-a', 'clinic-b'),
    primaryTherapistId: fc.constantFrom('u-therapist', 'u-other-therapist', null),
    portalUserId: fc.constantFrom('u-client', 'u-other-client', null),
    supervisedByActor: fc.boolean(),
  });

  it('never grants access across clinics or without the permission', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...PERMISSIONS), facts, (role, permission, client) => {
        const allowed = canAccessClient(actor(role), permission, client);
        if (client.clinicId !== 'clinic-a' || !can(role, permission)) expect(allowed).toBe(false);
      }),
    );
  });

  it('grants exactly the relationship: own caseload, supervisees, oneself', () => {
    fc.assert(
      fc.property(facts, (client) => {
        const sameClinic = client.clinicId === 'clinic-a';
        expect(canAccessClient(actor('therapist'), 'client:read', client)).toBe(sameClinic && client.primaryTherapistId === 'u-therapist');
        expect(canAccessClient(actor('supervisor'), 'client:read', client)).toBe(sameClinic && client.supervisedByActor && client.primaryTherapistId !== null);
        expect(canAccessClient(actor('client'), 'client:read', client)).toBe(sameClinic && client.portalUserId === 'u-client');
        expect(canAccessClient(actor('admin'), 'client:read', client)).toBe(false);
        // Supervisors read but never write.
        expect(canAccessClient(actor('supervisor'), 'client:write', client)).toBe(false);
      }),
    );
  });
});
