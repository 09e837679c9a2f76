import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { canAccessClient, PERMISSIONS, type Actor } from '@/lib/authz/policy';
import { clientContactSchema, type ClientContact } from '@/lib/validation/clients';
import { loadActor } from '@/lib/data/actor';
import { signOutSession } from '@/lib/data/auth';
import { displayName, getClientProfile, isUuid, listCaseload, updateClientContact } from '@/lib/data/clients';
import { clientIp, requestContext } from '@/lib/data/context';
import { ForbiddenError, NotFoundError } from '@/lib/data/errors';
import { getPortalHome } from '@/lib/data/portal';
import { clientsInScope } from '@/lib/data/scope';
import { getSupervisedTherapist } from '@/lib/data/supervisor';
import { listClinicUsers } from '@/lib/data/users';
import { clients, supervision, users } from '@/db/schema';
import { buildWorld, insertUser, startSession, type FixtureClient, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsAddedBy, auditEventsOfActor, auditEventsOfWorld, readClientRow } from './queries';

/*
 * Every lib/data function, called directly as a server action would call it, for every role:
 * nobody reads or writes outside their clinic and relationship, refusals do not reveal whether a
 * record exists, and the audit trail records both without clinical values.
 */

type ActorKey = keyof World['actors'];
type ClientKey = keyof World['clients'];

const ACTOR_KEYS: ActorKey[] = [
  'adminA',
  'supervisorA',
  'therapistA1',
  'therapistA2',
  'clientC1',
  'clientC2',
  'adminB',
  'supervisorB',
  'therapistB1',
  'clientCB',
];
const CLIENT_KEYS: ClientKey[] = ['c1', 'c2', 'cB'];

/** Who may read which client (the expected outcome, written out by hand rather than derived). */
const READABLE_CLIENTS: Record<ActorKey, ClientKey[]> = {
  adminA: [],
  supervisorA: ['c1'],
  therapistA1: ['c1'],
  therapistA2: ['c2'],
  clientC1: ['c1'],
  clientC2: ['c2'],
  adminB: [],
  supervisorB: ['cB'],
  therapistB1: ['cB'],
  clientCB: ['cB'],
};
/** Only the client's own therapist may edit contact details. */
const WRITABLE_CLIENTS: Record<ActorKey, ClientKey[]> = {
  adminA: [],
  supervisorA: [],
  therapistA1: ['c1'],
  therapistA2: ['c2'],
  clientC1: [],
  clientC2: [],
  adminB: [],
  supervisorB: [],
  therapistB1: ['cB'],
  clientCB: [],
};

const INVALID_IDS = ['not-a-uuid', '', "1' or '1'='1", '00000000-0000-0000-0000-00000000000g'];
const UNKNOWN_UUID = '7d9f2c1e-4b3a-4c5d-8e6f-0a1b2c3d4e5f';

/** Data-access exports and where this tier covers them (a new export must be added here). */
const COVERED_EXPORTS: Record<string, string> = {
  loadActor: 'scoping (every role), auth.int (disabled, stale session)',
  verifyCredentials: 'auth.int',
  signOutSession: 'scoping, auth.int',
  signOutClaims: 'signout-endpoint.int',
  changeOwnPassword: 'auth.int',
  clinicRequiresMfa: 'mfa.int (clinic requirement)',
  getMfaStatus: 'mfa.int',
  startMfaEnrolment: 'mfa.int (secret encrypted, same until confirmed)',
  confirmMfaEnrolment: 'mfa.int (first code, recovery codes hashed)',
  resetAccountMfa: 'mfa.int (admin only, clinic scope, sessions ended, audited)',
  checkSecondFactor: 'mfa.int (through verifyCredentials: reuse, recovery codes, lockout, remembered device)',
  listCaseload: 'scoping',
  getClientProfile: 'scoping',
  updateClientContact: 'scoping',
  displayName: 'scoping (pure helper)',
  isUuid: 'scoping (pure helper)',
  getPortalHome: 'scoping',
  listClinicUsers: 'scoping',
  clientsInScope: 'scoping (SQL scope vs policy matrix)',
  pageRequest: 'measures.int (response and session paging, pages past the end)',
  readScopedPage: 'measures.int (response and session paging, out of scope → 404)',
  writeAudit: 'scoping (indirectly: every audit assertion)',
  auditRead: 'every read audit assertion (written at once outside a request); audit.test (one insert per request, after the response)',
  therapistCompletionCounts: 'completion.int (through getSupervisorComparison, which checks access)',
  therapistCompletionReport: 'completion.int (through getSupervisorComparison)',
  requestContext: 'scoping, auth.int (mocked)',
  clientIp: 'scoping',
  NotFoundError: 'error class',
  ForbiddenError: 'error class',
  InputError: 'error class',
  VersionConflictError: 'error class (settings.int, plans.int: a save over a newer version)',
  clinicContext: 'measures.int (clinic time zone and settings)',
  getResponseForm: 'measures.int (drafts, expired, foreign ids)',
  saveDraft: 'measures.int (resume, risk alert, refusals)',
  submitResponse: 'measures.int (transaction, exactly once, bad answers, foreign ids)',
  recordSession: 'measures.int (schedule, refusals)',
  assignMeasure: 'measures.int',
  dischargeClient: 'measures.int',
  listClientSessions: 'measures.int (paging, scoping)',
  measuresDueAfterSession: 'measures.int (pure schedule)',
  listClientResponses: 'measures.int (paged history: scoping by role, order, total, audit)',
  listClientScoreSeries: 'measures.int (chart series: intake kept, cap, scoping, audit)',
  listOpenAssignments: 'measures.int',
  getMyProgress: 'measures.int',
  listAlertInbox: 'measures.int (urgent first, supervisor escalations)',
  listClientAlerts: 'measures.int',
  acknowledgeAlert: 'measures.int',
  listMyNotifications: 'measures.int',
  markNotificationsRead: 'measures.int',
  runSweep: 'measures.int (expiry, missed measures, escalation, concurrency)',
  escalateOverdueUrgentAlerts: 'escalation.int (supervisor of the current therapist, else admins; retried; concurrency)',
  listUrgentAlertsAwaitingPerson: 'escalation.int (admin only, clinic scope, no clinical content, audit)',
  deliverPendingEmails: 'notify.int',
  createStaffAccount: 'admin.int, account-links.int (no password: a one-time set-password link)',
  setAccountDisabled: 'admin.int (signs out everywhere)',
  unlockAccount: 'admin.int',
  sendPasswordLink: 'account-links.int (client links only mailed, staff links once, refusals)',
  storePasswordLink: 'account-links.int (internal helper)',
  revokeOpenPasswordLinks: 'account-links.int (newer link, disabled account)',
  deliverPasswordLink: 'account-links.int (mailed or shown, audited)',
  getPasswordLinkStatus: 'account-links.int',
  setPasswordWithLink: 'account-links.int (single use, expiry, signs out everywhere)',
  newOneTimeToken: 'caseload.int, account-links.int (token helper)',
  hashOneTimeToken: 'caseload.int, account-links.int (token helper)',
  pseudonymFor: 'export-pseudonyms.int (pure HMAC)',
  exportPseudonyms: 'export-pseudonyms.int (key made on first use, per clinic)',
  getExportPseudonymInfo: 'export-pseudonyms.int (admin only, never the key)',
  rotateExportPseudonyms: 'export-pseudonyms.int (admin only, audited, unlinkable)',
  setSupervision: 'admin.int',
  reassignClient: 'admin.int (history kept)',
  getAssignmentsOverview: 'admin.int (no clinical content)',
  listAuditEvents: 'admin.int (filters, clinic scope)',
  exportAuditCsv: 'admin.int',
  listCaseloadPage: 'caseload.int (500 clients: latest values, sort, filter, paging)',
  createClient: 'caseload.int',
  inviteClientToPortal: 'caseload.int',
  getInvitationStatus: 'caseload.int, invitations.int (clinic and therapist for a usable link only)',
  getClientPortalAccess: 'invitations.int (account / invited / expired / none, scoped, audited, never the link)',
  revokeClientInvitation: 'invitations.int (own therapist only, link stops working, audited)',
  acceptInvitation: 'caseload.int (single use, expiry, concurrency)',
  getSupervisorComparison: 'supervisor.int (demo clinic, scope), completion.int (its completion table agrees with the pure counts, current supervisees only)',
  getSupervisedTherapist: 'supervisor.int',
  listSupervisedTherapistClients: 'supervisor.int',
  listTherapistAlerts: 'supervisor.int',
  addSupervisionNote: 'supervisor.int',
  listSupervisionNotes: 'supervisor.int',
  exportSupervisorCsv: 'supervisor.int',
  exportTherapistAlertsCsv: 'supervisor.int (de-identified)',
  createAssignments: 'measures.int, plans.int, refusals.int (internal helper; re-checks policy and clinic)',
  lockWritableClient: 'measures.int, refusals.int (the scoped, locked client row every therapist write starts from)',
  createPlan: 'plans.int',
  savePlan: 'plans.int (versions, conflicts)',
  setPlanStatus: 'plans.int (one active plan)',
  getPlan: 'plans.int (every role)',
  listClientPlans: 'plans.int',
  getCurrentPlanGlance: 'plan-glance.int (therapist, supervisor, outsiders, audit)',
  listPlanRevisions: 'plans.int',
  getPlanRevision: 'plans.int',
  getMyActivePlan: 'plans.int (never a draft)',
  recordGoalAgreement: 'plans.int (carry-over, disagreement alert)',
  reviewPlan: 'plans.int',
  listPlanReviewDates: 'plans.int',
  PlanConflictError: 'error class',
  ClosedFormError: 'error class (measures.int: a closed form still passes on a risk answer)',
  countUnreadNotifications: 'measures.int',
  getClinicOutcomeRules: 'caseload.int (settings for charts)',
  getClinicLowAllianceThreshold: 'plan-glance.int (settings for charts)',
  auditRefusals: 'plans.int, measures.int (refusals are audited outside the rolled-back transaction)',
  requirePermission: 'refusals.int (every role refusal of every export: one denied row, one shape)',
  refuseOutOfScope: 'refusals.int (out-of-scope refusals)',
  attributeUnknownAccountSignIn: 'refusals.int (unknown-account sign-in failures in the admin audit view)',
  getClinicSettingsForAdmin: 'settings.int',
  updateClinicSettings: 'settings.int (versioned, conflicts)',
  proposeLocalThresholds: 'settings.int',
  adoptProposedThresholds: 'settings.int',
  getClinicTimeZone: 'measures.int (formatting only)',
  benchEnabled: 'benchmark ceilings only (no clinical data)',
  benchPing: 'benchmark ceilings only (no clinical data)',
  databaseReachable: 'query-errors.int (health check: true, then false when the database is gone)',
  lockClientAlerts: 'supervision-rollup.int, alert-safety.int (per-client lock: submit and acknowledgement in one order)',
  exportClientFhirBundle: 'fhir.int (therapist and supervisor scope, R4 schema, round trip, audit)',
  isResearchExportType: 'fhir.int (route parameter check)',
  getResearchExportOverview: 'fhir.int (admin only, counts, audited)',
  streamResearchExport: 'fhir.int (clinic scope, keyed pseudonyms, months, paging)',
  sendDueReminders: 'reminders.int (real SMTP, two sweeps at once, retry, opt-out, stops when done)',
  reminderEmail: 'reminders.int (no health data, no form name)',
  getMyReminderSettings: 'reminders.int',
  setMyReminderOptOut: 'reminders.int (audited)',
  listClientReminders: 'reminders.int (therapist and supervisor, 404 otherwise)',
  getClinicCompletion: 'completion.int (agrees with the pure counts, trend, audited)',
};

function contact(input: { preferredName: string; email: string; phone: string }): ClientContact {
  return clientContactSchema.parse(input);
}

describe('lib/data exports', () => {
  it('are all covered by the integration tier', async () => {
    const dir = join(process.cwd(), 'lib/data');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const functionExports: string[] = [];
    for (const file of files) {
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') functionExports.push(`${file}:${name}`);
    }
    const uncovered = functionExports.filter((entry) => !(entry.split(':')[1]! in COVERED_EXPORTS));
    expect(uncovered, 'exported lib/data functions without integration coverage').toEqual([]);
  });

  it('displayName prefers the preferred name; isUuid accepts only canonical UUIDs', () => {
    expect(displayName({ firstName: 'Cora', lastName: 'L', preferredName: null })).toBe('Cora L');
    expect(displayName({ firstName: 'Cora', lastName: 'L', preferredName: 'Coco' })).toBe('Coco L');
    expect(isUuid(UNKNOWN_UUID)).toBe(true);
    expect(isUuid(UNKNOWN_UUID.toUpperCase())).toBe(true);
    for (const id of INVALID_IDS) expect(isUuid(id)).toBe(false);
  });

  it('requestContext outside a request has no request id and no address', async () => {
    await expect(requestContext()).resolves.toEqual({ requestId: null, ip: null });
  });

  it("clientIp trusts no header unless Rapport's server wrote the peer address (see client-address.int)", () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '6.6.6.6, 10.0.0.7', 'x-real-ip': '10.0.0.8', 'x-rapport-peer-address': '10.0.0.9' }))).toBeNull();
    expect(clientIp(new Headers())).toBeNull();
  });
});

describeEachEngine('lib/data scoping', (ctx) => {
  let world: World;
  const actor = (key: ActorKey): Actor => world.actors[key];
  const client = (key: ClientKey): FixtureClient => world.clients[key];
  const idsOf = (keys: ClientKey[]): string[] => keys.map((k) => client(k).id).sort();

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  describe('clientsInScope (the SQL scope) agrees with the policy for every role and permission', () => {
    const supervises = (supervisor: Actor, therapistId: string): boolean =>
      (supervisor.userId === world.users.supervisorA.userId && therapistId === world.users.therapistA1.userId) ||
      (supervisor.userId === world.users.supervisorB.userId && therapistId === world.users.therapistB1.userId);

    it.each(ACTOR_KEYS)('%s', async (key) => {
      const who = actor(key);
      const worldClientIds = CLIENT_KEYS.map((k) => client(k).id);
      for (const permission of PERMISSIONS) {
        const rows = await ctx.db
          .select({ id: clients.id })
          .from(clients)
          .where(and(inArray(clients.id, worldClientIds), clientsInScope(who, permission)));
        const expected = CLIENT_KEYS.filter((k) =>
          canAccessClient(who, permission, {
            clinicId: client(k).clinicId,
            primaryTherapistId: client(k).therapistId,
            portalUserId: client(k).portalUserId,
            supervisedByActor: supervises(who, client(k).therapistId),
          }),
        );
        expect({ permission, ids: rows.map((r) => r.id).sort() }).toEqual({ permission, ids: idsOf(expected) });
      }
      const readable = await ctx.db
        .select({ id: clients.id })
        .from(clients)
        .where(and(inArray(clients.id, worldClientIds), clientsInScope(who, 'client:read')));
      expect(readable.map((r) => r.id).sort()).toEqual(idsOf(READABLE_CLIENTS[key]));
    });
  });

  describe('listCaseload', () => {
    it.each([
      ['therapistA1', ['c1']],
      ['therapistA2', ['c2']],
      ['therapistB1', ['cB']],
    ] as const)('%s sees exactly their own clients', async (key, expected) => {
      const rows = await listCaseload(actor(key));
      expect(rows.map((r) => r.id).sort()).toEqual(idsOf([...expected]));
    });

    // BUG (lib/data/clients.ts:40-45): the correlated subqueries interpolate ${clients.id}, which
    // drizzle renders unqualified ("id") in a single-table select, so inside the subquery it binds
    // to the subquery's own alias (s.id / a.id): `s.client_id = "id"` never matches and every
    // count is 0 and lastSessionAt null. getClientProfile is unaffected (its join qualifies columns).
    it('returns exactly the caseload row fields', async () => {
      const [row] = await listCaseload(actor('therapistA1'));
      expect(Object.keys(row ?? {}).sort()).toEqual(['attendedSessions', 'id', 'lastSessionAt', 'name', 'openAlerts', 'status', 'urgentAlerts']);
      expect(row).toMatchObject({ id: client('c1').id, name: `Cora ${client('c1').lastName}`, status: 'active' });
    });

    it('counts attended sessions (not no-shows) and the last attended session', async () => {
      const [row] = await listCaseload(actor('therapistA1'));
      expect(row).toMatchObject({ attendedSessions: 2, lastSessionAt: expect.any(Date) });
    });

    it('counts open alerts only (an acknowledged urgent alert is not open)', async () => {
      const [row] = await listCaseload(actor('therapistA1'));
      expect(row).toMatchObject({ openAlerts: 1, urgentAlerts: 0 });
    });

    it('counts open urgent alerts', async () => {
      const [row] = await listCaseload(actor('therapistA2'));
      expect(row).toMatchObject({ id: client('c2').id, attendedSessions: 1, openAlerts: 1, urgentAlerts: 1 });
    });

    it('writes a caseload.read success event with the row count only', async () => {
      const events = await auditEventsAddedBy(ctx.db, actor('therapistA1').userId, () => listCaseload(actor('therapistA1')));
      expect(events).toMatchObject([{ action: 'caseload.read', outcome: 'success', clinicId: world.clinicA, actorRole: 'therapist', details: { rows: 1 } }]);
    });

    it.each(['adminA', 'supervisorA', 'clientC1'] as const)('refuses %s with ForbiddenError and a denied audit event', async (key) => {
      const events = await auditEventsAddedBy(ctx.db, actor(key).userId, () => listCaseload(actor(key)), ForbiddenError);
      expect(events).toMatchObject([{ action: 'caseload.read', outcome: 'denied', actorUserId: actor(key).userId }]);
    });
  });

  describe('getClientProfile', () => {
    const pairs = ACTOR_KEYS.flatMap((a) => CLIENT_KEYS.map((c) => [a, c] as const));

    it.each(pairs)('%s reading %s: allowed only within clinic and relationship', async (actorKey, clientKey) => {
      const call = getClientProfile(actor(actorKey), client(clientKey).id);
      if (READABLE_CLIENTS[actorKey].includes(clientKey)) {
        await expect(call).resolves.toMatchObject({ id: client(clientKey).id, lastName: client(clientKey).lastName });
      } else {
        await expect(call).rejects.toBeInstanceOf(NotFoundError);
      }
    });

    it('gives the therapist the full profile, editable', async () => {
      const profile = await getClientProfile(actor('therapistA1'), client('c1').id);
      expect(profile).toMatchObject({
        name: `Cora ${client('c1').lastName}`,
        dateOfBirth: client('c1').dateOfBirth,
        therapistName: world.users.therapistA1.name,
        hasPortalAccount: true,
        activePlanTitle: world.planC1.title,
        attendedSessions: 2,
        canEdit: true,
      });
    });

    it('gives the supervisor a read-only profile', async () => {
      const profile = await getClientProfile(actor('supervisorA'), client('c1').id);
      expect(profile.canEdit).toBe(false);
    });

    it('gives the client their own profile without staff-only fields, read-only', async () => {
      const profile = await getClientProfile(actor('clientC1'), client('c1').id);
      expect(profile).toMatchObject({ id: client('c1').id, dateOfBirth: null, canEdit: false });
    });

    it('answers an unknown id exactly like an out-of-scope one (never reveals existence)', async () => {
      const outOfScope = await getClientProfile(actor('therapistA1'), client('c2').id).catch((e: unknown) => e);
      const unknown = await getClientProfile(actor('therapistA1'), UNKNOWN_UUID).catch((e: unknown) => e);
      expect(outOfScope).toBeInstanceOf(NotFoundError);
      expect(unknown).toBeInstanceOf(NotFoundError);
      expect((outOfScope as Error).message).toBe((unknown as Error).message);
    });

    it.each(INVALID_IDS)('treats the malformed id %j as not found', async (id) => {
      await expect(getClientProfile(actor('therapistA1'), id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('audits a successful read as client.read success with the client id', async () => {
      const events = await auditEventsAddedBy(ctx.db, actor('therapistA1').userId, () => getClientProfile(actor('therapistA1'), client('c1').id));
      expect(events).toMatchObject([{ action: 'client.read', outcome: 'success', targetType: 'client', targetId: client('c1').id, clientId: client('c1').id }]);
    });

    it('audits a refused read as client.read denied, naming the requested id but not linking it as a client', async () => {
      const events = await auditEventsAddedBy(
        ctx.db,
        actor('therapistA1').userId,
        () => getClientProfile(actor('therapistA1'), client('c2').id),
        NotFoundError,
      );
      expect(events).toMatchObject([{ action: 'client.read', outcome: 'denied', targetId: client('c2').id, clientId: null }]);
    });

    it('audits a malformed id as denied with no target id', async () => {
      const events = await auditEventsAddedBy(ctx.db, actor('therapistA1').userId, () => getClientProfile(actor('therapistA1'), 'not-a-uuid'), NotFoundError);
      expect(events).toMatchObject([{ action: 'client.read', outcome: 'denied', targetId: null }]);
    });

    it('refuses the admin every client of their own clinic (no clinical content for admins)', async () => {
      for (const key of ['c1', 'c2'] as const) {
        await expect(getClientProfile(actor('adminA'), client(key).id)).rejects.toSatisfy((e) => e instanceof NotFoundError || e instanceof ForbiddenError);
      }
    });
  });

  describe('updateClientContact (called directly, as a forged server action would)', () => {
    const forged = contact({ preferredName: 'Hijacked', email: 'attacker@evil.test', phone: '+1 555 0100' });

    it.each(ACTOR_KEYS.filter((k) => !WRITABLE_CLIENTS[k].includes('c1')))('%s cannot change C1 and nothing changes', async (key) => {
      const before = await readClientRow(ctx.db, client('c1').id);
      await expect(updateClientContact(actor(key), client('c1').id, forged)).rejects.toBeInstanceOf(NotFoundError);
      expect(await readClientRow(ctx.db, client('c1').id)).toEqual(before);
    });

    it.each([
      ['therapistA1', 'c2'],
      ['therapistA1', 'cB'],
      ['therapistB1', 'c1'],
      ['therapistA2', 'c1'],
    ] as const)("%s cannot change %s (another therapist's / clinic's client) and nothing changes", async (actorKey, clientKey) => {
      const before = await readClientRow(ctx.db, client(clientKey).id);
      await expect(updateClientContact(actor(actorKey), client(clientKey).id, forged)).rejects.toBeInstanceOf(NotFoundError);
      expect(await readClientRow(ctx.db, client(clientKey).id)).toEqual(before);
    });

    it('audits the refused write as denied, with no values', async () => {
      const events = await auditEventsAddedBy(
        ctx.db,
        actor('therapistB1').userId,
        () => updateClientContact(actor('therapistB1'), client('c1').id, forged),
        NotFoundError,
      );
      expect(events).toEqual([
        expect.objectContaining({ action: 'client.update_contact', outcome: 'denied', targetId: client('c1').id, details: { reason: 'out_of_scope' } }),
      ]);
    });

    it.each(INVALID_IDS)('treats the malformed id %j as not found', async (id) => {
      await expect(updateClientContact(actor('therapistA1'), id, forged)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("lets the client's own therapist change the contact details, audited without the values", async () => {
      const values = contact({ preferredName: 'Corrie', email: `Corrie.${world.token}@Home.test`, phone: '+44 20 7946 0999' });
      world.clinicalMarkers.push('Corrie', `corrie.${world.token}@home.test`, '+44 20 7946 0999');
      const events = await auditEventsAddedBy(ctx.db, actor('therapistA1').userId, () => updateClientContact(actor('therapistA1'), client('c1').id, values));
      const after = await readClientRow(ctx.db, client('c1').id);
      expect(after).toMatchObject({ preferredName: 'Corrie', email: `corrie.${world.token}@home.test`, phone: '+44 20 7946 0999' });
      // Only the contact fields changed.
      expect(after).toMatchObject({ primaryTherapistId: client('c1').therapistId, portalUserId: client('c1').portalUserId, clinicId: world.clinicA });
      expect(events).toMatchObject([{ action: 'client.update_contact', outcome: 'success', targetId: client('c1').id, clientId: client('c1').id }]);
    });
  });

  describe('getPortalHome', () => {
    it("shows client C1 only their own pending client forms and their plan's title", async () => {
      const home = await getPortalHome(actor('clientC1'));
      expect(home.therapistName).toBe(world.users.therapistA1.name);
      expect(home.activePlanTitle).toBe(world.planC1.title);
      expect(home.pendingForms.map((f) => f.id)).toEqual([world.pendingClientForms.c1]);
      expect(home.pendingForms[0]).toMatchObject({ title: expect.stringContaining('Working Alliance Inventory'), started: false });
    });

    it('never lists expired or therapist-rated forms', async () => {
      const ids = (await getPortalHome(actor('clientC1'))).pendingForms.map((f) => f.id);
      expect(ids).not.toContain(world.hiddenC1Forms.expired);
      expect(ids).not.toContain(world.hiddenC1Forms.therapistRated);
    });

    it.each([
      ['clientC2', 'c2'],
      ['clientCB', 'cB'],
    ] as const)('shows %s only their own forms', async (key, clientKey) => {
      const home = await getPortalHome(actor(key));
      expect(home.pendingForms.map((f) => f.id)).toEqual([world.pendingClientForms[clientKey]]);
      expect(home.clientName).toContain(client(clientKey).lastName);
      expect(home.activePlanTitle).toBeNull();
    });

    it('writes a portal.home.read success event for the client', async () => {
      const events = await auditEventsAddedBy(ctx.db, actor('clientC1').userId, () => getPortalHome(actor('clientC1')));
      expect(events).toMatchObject([{ action: 'portal.home.read', outcome: 'success', clientId: client('c1').id }]);
    });

    it.each(['adminA', 'supervisorA', 'therapistA1', 'therapistB1'] as const)('refuses %s', async (key) => {
      await expect(getPortalHome(actor(key))).rejects.toSatisfy((e) => e instanceof ForbiddenError || e instanceof NotFoundError);
    });

    it('finds nothing for a client account that is not linked to a client record', async () => {
      const orphan = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'client', name: 'Orphan Portal User' });
      await expect(getPortalHome(orphan)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('writes a denied audit event when a non-client calls it', async () => {
      await expect(getPortalHome(actor('therapistA1'))).rejects.toBeInstanceOf(ForbiddenError);
      const events = await auditEventsOfActor(ctx.db, actor('therapistA1').userId);
      expect(events.some((e) => e.action === 'portal.home.read' && e.outcome === 'denied')).toBe(true);
    });
  });

  describe('getSupervisedTherapist', () => {
    it('opens only a therapist the supervisor currently supervises (not ended supervisions, not other clinics)', async () => {
      await expect(getSupervisedTherapist(actor('supervisorA'), world.users.therapistA1.userId)).resolves.toEqual({
        id: world.users.therapistA1.userId,
        name: world.users.therapistA1.name,
      });
      await expect(getSupervisedTherapist(actor('supervisorA'), world.users.therapistA2.userId)).rejects.toBeInstanceOf(NotFoundError);
      await expect(getSupervisedTherapist(actor('supervisorA'), world.users.therapistB1.userId)).rejects.toBeInstanceOf(NotFoundError);
      await expect(getSupervisedTherapist(actor('supervisorB'), world.users.therapistB1.userId)).resolves.toMatchObject({ id: world.users.therapistB1.userId });
    });

    it.each(['adminA', 'therapistA1', 'clientC1'] as const)('refuses %s with ForbiddenError and a denied audit event', async (key) => {
      const events = await auditEventsAddedBy(
        ctx.db,
        actor(key).userId,
        () => getSupervisedTherapist(actor(key), world.users.therapistA1.userId),
        ForbiddenError,
      );
      expect(events).toMatchObject([{ action: 'supervision.therapist.read', outcome: 'denied' }]);
    });
  });

  describe('listClinicUsers', () => {
    it("lists exactly the admin's clinic accounts", async () => {
      const listed = await listClinicUsers(actor('adminA'));
      const clinicA = await ctx.db.select({ id: users.id }).from(users).where(eq(users.clinicId, world.clinicA));
      expect(listed.map((u) => u.id).sort()).toEqual(clinicA.map((u) => u.id).sort());
      expect(listed.map((u) => u.id)).not.toContain(world.users.therapistB1.userId);
    });

    it('returns DTOs without any hash, secret or counter', async () => {
      const listed = await listClinicUsers(actor('adminA'));
      expect(listed.length).toBeGreaterThan(0);
      for (const dto of listed) {
        expect(Object.keys(dto).sort()).toEqual(['email', 'id', 'lastSignInAt', 'mfaEnabled', 'name', 'role', 'state']);
        expect(Object.keys(dto).filter((k) => /hash|password|secret|totp|session|failed/i.test(k))).toEqual([]);
      }
      expect(JSON.stringify(listed)).not.toMatch(/\$argon2/);
    });

    it.each(['supervisorA', 'therapistA1', 'clientC1'] as const)('refuses %s with ForbiddenError and a denied audit event', async (key) => {
      const events = await auditEventsAddedBy(ctx.db, actor(key).userId, () => listClinicUsers(actor(key)), ForbiddenError);
      expect(events).toMatchObject([{ action: 'users.read', outcome: 'denied' }]);
    });
  });

  describe('loadActor', () => {
    it.each(ACTOR_KEYS)('loads %s from good session claims', async (key) => {
      const who = actor(key);
      const sessionId = await startSession(ctx.db, who);
      await expect(loadActor({ userId: who.userId, clinicId: who.clinicId, sessionVersion: 1, sessionId })).resolves.toEqual({
        ...who,
        mustChangePassword: false,
        mustEnrolMfa: false,
        sessionId,
      });
    });

    it('refuses claims that pair a user with another clinic', async () => {
      const who = actor('therapistA1');
      const sessionId = await startSession(ctx.db, who);
      await expect(loadActor({ userId: who.userId, clinicId: world.clinicB, sessionVersion: 1, sessionId })).resolves.toBeNull();
    });

    it('refuses claims for an unknown user', async () => {
      await expect(loadActor({ userId: UNKNOWN_UUID, clinicId: world.clinicA, sessionVersion: 1, sessionId: UNKNOWN_UUID })).resolves.toBeNull();
    });
  });

  describe('signOutSession', () => {
    it('writes an auth.sign_out event for the actor', async () => {
      const sessionId = await startSession(ctx.db, actor('therapistA2'));
      const events = await auditEventsAddedBy(ctx.db, actor('therapistA2').userId, () => signOutSession({ ...actor('therapistA2'), sessionId }));
      expect(events).toMatchObject([{ action: 'auth.sign_out', outcome: 'success', targetId: actor('therapistA2').userId }]);
    });
  });

  describe('defence in depth: inconsistent rows do not widen any scope', () => {
    let other: World;
    let strayClientId: string;

    beforeAll(async () => {
      other = await buildWorld(ctx.db);
      // A supervision row (recorded in clinic A) pointing at clinic B's therapist,
      await ctx.db
        .insert(supervision)
        .values({ clinicId: other.clinicA, supervisorId: other.users.supervisorA.userId, therapistId: other.users.therapistB1.userId });
      // and a clinic-B client whose primary therapist is clinic A's therapist.
      const [stray] = await ctx.db
        .insert(clients)
        .values({ clinicId: other.clinicB, firstName: 'Stray', lastName: `Record-${other.token}`, primaryTherapistId: other.users.therapistA1.userId })
        .returning({ id: clients.id });
      strayClientId = stray!.id;
    });

    it("supervisor A still cannot read clinic B's client or list clinic B's therapist", async () => {
      await expect(getClientProfile(other.actors.supervisorA, other.clients.cB.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(getSupervisedTherapist(other.actors.supervisorA, other.users.therapistA1.userId)).resolves.toMatchObject({
        id: other.users.therapistA1.userId,
      });
      await expect(getSupervisedTherapist(other.actors.supervisorA, other.users.therapistB1.userId)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('therapist A1 cannot see a client of another clinic even when named as its therapist', async () => {
      expect((await listCaseload(other.actors.therapistA1)).map((r) => r.id)).toEqual([other.clients.c1.id]);
      await expect(getClientProfile(other.actors.therapistA1, strayClientId)).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateClientContact(other.actors.therapistA1, strayClientId, contact({ preferredName: 'x', email: '', phone: '' }))).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it("the two worlds do not see each other's clients", async () => {
      await expect(getClientProfile(other.actors.therapistA1, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(getClientProfile(world.actors.therapistA1, other.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('audit trail', () => {
    it('never contains clinical values (names, contact details, notes, plans, alert details)', async () => {
      const allUserIds = Object.values(world.users).map((u) => u.userId);
      const events = await auditEventsOfWorld(ctx.db, [world.clinicA, world.clinicB], allUserIds);
      expect(events.length).toBeGreaterThan(20);
      const serialized = JSON.stringify(events).toLowerCase();
      const leaked = world.clinicalMarkers.filter((marker) => serialized.includes(marker.toLowerCase()));
      expect(leaked).toEqual([]);
      for (const event of events) {
        for (const value of Object.values((event.details ?? {}) as Record<string, unknown>))
          expect(['string', 'number', 'boolean'].includes(typeof value) || value === null).toBe(true);
      }
    });

    it('records who and which clinic for every event in the world', async () => {
      const allUserIds = Object.values(world.users).map((u) => u.userId);
      const events = await auditEventsOfWorld(ctx.db, [world.clinicA, world.clinicB], allUserIds);
      for (const event of events) {
        expect(event.actorUserId).not.toBeNull();
        expect([world.clinicA, world.clinicB]).toContain(event.clinicId);
        expect(event.occurredAt).toBeInstanceOf(Date);
      }
    });
  });
});
