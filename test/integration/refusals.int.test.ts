import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLE_PERMISSIONS, type Actor, type Permission, type Role } from '@/lib/authz/policy';
import {
  createStaffAccount,
  exportAuditCsv,
  getAssignmentsOverview,
  listAuditEvents,
  reassignClient,
  sendPasswordLink,
  setAccountDisabled,
  setSupervision,
  unlockAccount,
} from '@/lib/data/admin';
import { acknowledgeAlert, listAlertInbox, listClientAlerts } from '@/lib/data/alerts';
import { verifyCredentials } from '@/lib/data/auth';
import { createClient, listCaseloadPage } from '@/lib/data/caseload';
import { getClientProfile, listCaseload, updateClientContact } from '@/lib/data/clients';
import { ForbiddenError, NotFoundError } from '@/lib/data/errors';
import { listUrgentAlertsAwaitingPerson } from '@/lib/data/escalation';
import { exportClientFhirBundle, getResearchExportOverview, streamResearchExport } from '@/lib/data/fhir';
import { getClientPortalAccess, inviteClientToPortal, revokeClientInvitation } from '@/lib/data/invitations';
import { resetAccountMfa } from '@/lib/data/mfa';
import { getExportPseudonymInfo, rotateExportPseudonyms } from '@/lib/data/pseudonyms';
import { getResponseForm, saveDraft, submitResponse } from '@/lib/data/measures';
import {
  createPlan,
  getCurrentPlanGlance,
  getMyActivePlan,
  getPlan,
  getPlanRevision,
  listClientPlans,
  listPlanReviewDates,
  listPlanRevisions,
  recordGoalAgreement,
  reviewPlan,
  savePlan,
  setPlanStatus,
} from '@/lib/data/plans';
import { getPortalHome } from '@/lib/data/portal';
import { getMyProgress, listClientResponses, listClientScoreSeries, listOpenAssignments } from '@/lib/data/responses';
import { assignMeasure, createAssignments } from '@/lib/data/assignments';
import { dischargeClient } from '@/lib/data/discharge';
import { listClientSessions, recordSession } from '@/lib/data/sessions';
import { adoptProposedThresholds, getClinicSettingsForAdmin, proposeLocalThresholds, updateClinicSettings } from '@/lib/data/settings';
import { getClinicCompletion } from '@/lib/data/completion';
import { getMyReminderSettings, listClientReminders, setMyReminderOptOut } from '@/lib/data/reminders';
import {
  addSupervisionNote,
  exportSupervisorCsv,
  exportTherapistAlertsCsv,
  getSupervisedTherapist,
  getSupervisorComparison,
  listSupervisedTherapistClients,
  listSupervisionNotes,
  listTherapistAlerts,
} from '@/lib/data/supervisor';
import { listClinicUsers } from '@/lib/data/users';
import { auditFilterSchema } from '@/lib/validation/admin';
import { caseloadQuerySchema } from '@/lib/validation/caseload';
import { clientContactSchema } from '@/lib/validation/clients';
import { planContentSchema } from '@/lib/validation/plans';
import type { ClinicSettingsFormValues } from '@/lib/validation/settings';
import { dateRangeSchema } from '@/lib/validation/supervision';
import { auditEvents, measureAssignments, planGoalAcknowledgements, planGoals, planProblems } from '@/db/schema';
import { buildWorld, FIXTURE_PASSWORD, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsAddedBy, auditEventsWhere } from './queries';

/*
 * Every refusal is audited, once, in one shape: the call's own action name, outcome 'denied', the
 * target when the call named one, and why — the permission the role lacks, or that the record is
 * not in the actor's scope. Each refusable lib/data export is called by every role that may not
 * use it, and out of scope by a role that may.
 */

const request = vi.hoisted(() => ({ ip: null as string | null, requestId: null as string | null }));
vi.mock('@/lib/data/context', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/data/context')>();
  return { ...actual, requestContext: async () => ({ requestId: request.requestId, ip: request.ip }) };
});
afterEach(() => {
  request.ip = null;
  request.requestId = null;
});

type ActorKey = keyof World['actors'];
type ErrorClass = typeof ForbiddenError | typeof NotFoundError;
type Target = { type: string; id: string | null };

/** One refused call: who is refused, as what (403 or 404), and the denied row it must leave. */
type Refusal = {
  fn: string;
  call: (actor: Actor) => Promise<unknown>;
  /** Role refusals: each actor with the error it gets and the permission its role lacks. */
  refused: Partial<Record<ActorKey, [ErrorClass, Permission]>>;
  action: string;
  target?: Target;
};

/** Refusals of a record outside the actor's clinic or relationship (always 404, never revealing it). */
type ScopeRefusal = { fn: string; actor: ActorKey; call: (actor: Actor) => Promise<unknown>; action: string; target: Target };

const UNKNOWN_UUID = '7d9f2c1e-4b3a-4c5d-8e6f-0a1b2c3d4e5f';
const filter = () => auditFilterSchema.parse({});
const range = dateRangeSchema.parse({});
const planContent = () =>
  planContentSchema.parse({
    title: 'Refused plan',
    presentingProblem: 'Low mood since a job loss.',
    diagnosis: '',
    icd10Code: '',
    startDate: '2026-11-01',
    nextReviewDate: '2026-12-15',
    problems: [
      {
        description: 'Withdrawal from friends',
        goals: [{ clientWords: 'See my friends every week', targetDate: '', status: 'in_progress', objectives: [], interventions: [] }],
      },
    ],
  });
const contact = () => clientContactSchema.parse({ preferredName: 'X', email: '', phone: '' });
const settingsInput = {} as ClinicSettingsFormValues; // refused before it is read

const F = ForbiddenError;
const N = NotFoundError;
/** The same refusal for each of several actors. */
const each = (keys: ActorKey[], error: ErrorClass, permission: Permission) =>
  Object.fromEntries(keys.map((k) => [k, [error, permission]])) as Refusal['refused'];

/**
 * Exports that never refuse an actor by role or scope (no actor, the actor's own rows only, a
 * permission every role holds, or internal helpers). A new export goes either here or in the tables.
 */
const NOT_REFUSABLE = [
  'loadActor',
  'verifyCredentials',
  'signOutSession',
  'signOutClaims', // the session's own claims
  'changeOwnPassword', // account:manage-own is held by every role
  'listMyNotifications',
  'markNotificationsRead',
  'countUnreadNotifications', // the actor's own rows only
  'getInvitationStatus',
  'acceptInvitation',
  'newOneTimeToken',
  'hashOneTimeToken', // no actor: a token
  'getPasswordLinkStatus',
  'setPasswordWithLink', // no actor: a token
  'storePasswordLink',
  'revokeOpenPasswordLinks',
  'deliverPasswordLink', // internal to admin functions that check user:manage
  'getMfaStatus',
  'startMfaEnrolment',
  'confirmMfaEnrolment', // the actor's own account (account:manage-own, every role)
  'clinicRequiresMfa',
  'checkSecondFactor', // sign-in internals (no actor yet)
  'pseudonymFor',
  'exportPseudonyms', // internal to the supervisor exports (supervision:read)
  'runSweep',
  'escalateOverdueUrgentAlerts',
  'deliverPendingEmails', // system jobs
  'sendDueReminders',
  'reminderEmail', // system job (the sweep's reminders) and its mail text
  'getClinicTimeZone',
  'getClinicOutcomeRules',
  'getClinicLowAllianceThreshold',
  'clinicContext', // the actor's clinic settings, no clinical data
  'benchEnabled',
  'benchPing',
  'databaseReachable', // no clinical data
  'isResearchExportType', // a pure check of a route parameter
  'displayName',
  'isUuid',
  'clientsInScope',
  'lockWritableClient',
  'pageRequest',
  'readScopedPage',
  'measuresDueAfterSession',
  'therapistCompletionCounts',
  'therapistCompletionReport', // internal to getSupervisorComparison, which checks supervision:read
  'createAssignments', // internal to session, assignment and plan-review writes; re-checks policy and clinic (tested below)
  'writeAudit',
  'auditRead', // records a read that was allowed
  'auditRefusals',
  'requirePermission',
  'refuseOutOfScope',
  'attributeUnknownAccountSignIn',
  'requestContext',
  'clientIp',
  'lockClientAlerts', // a transaction's per-client lock, taken inside functions that checked access
  'NotFoundError',
  'ForbiddenError',
  'InputError',
  'VersionConflictError',
  'PlanConflictError',
  'ClosedFormError',
];

describeEachEngine('every refusal is audited once, in one shape', (ctx) => {
  let world: World;
  const actor = (key: ActorKey): Actor => world.actors[key];
  const nonAdmins: ActorKey[] = ['supervisorA', 'therapistA1', 'clientC1'];
  const nonSupervisors: ActorKey[] = ['adminA', 'therapistA1', 'clientC1'];
  const nonTherapists: ActorKey[] = ['adminA', 'supervisorA', 'clientC1'];
  const nonClients: ActorKey[] = ['adminA', 'supervisorA', 'therapistA1'];

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  function roleRefusals(): Refusal[] {
    const c1 = world.clients.c1.id;
    const c2 = world.clients.c2.id;
    const a2 = world.users.therapistA2.userId;
    const t1 = world.users.therapistA1.userId;
    const plan = world.planC1.id;
    const form = world.pendingClientForms.c1;
    const user = (id: string): Target => ({ type: 'user', id });
    const client = (id: string): Target => ({ type: 'client', id });
    const planTarget: Target = { type: 'plan', id: plan };
    const settings: Target = { type: 'clinic_settings', id: null };
    return [
      // Clinic administration: admins only.
      {
        fn: 'createStaffAccount',
        call: (a) => createStaffAccount(a, { name: 'Xavier Young', email: `x.${world.token}@t.test`, role: 'admin' }),
        refused: each(nonAdmins, F, 'user:manage'),
        action: 'admin.account.create',
      },
      {
        fn: 'setAccountDisabled',
        call: (a) => setAccountDisabled(a, a2, true),
        refused: each(nonAdmins, F, 'user:manage'),
        action: 'admin.account.disable',
        target: user(a2),
      },
      { fn: 'unlockAccount', call: (a) => unlockAccount(a, a2), refused: each(nonAdmins, F, 'user:manage'), action: 'admin.account.unlock', target: user(a2) },
      {
        fn: 'sendPasswordLink',
        call: (a) => sendPasswordLink(a, a2),
        refused: each(nonAdmins, F, 'user:manage'),
        action: 'admin.account.password_link',
        target: user(a2),
      },
      {
        fn: 'resetAccountMfa',
        call: (a) => resetAccountMfa(a, a2),
        refused: each(nonAdmins, F, 'user:manage'),
        action: 'admin.account.reset_mfa',
        target: user(a2),
      },
      {
        fn: 'getExportPseudonymInfo',
        call: (a) => getExportPseudonymInfo(a),
        refused: each(nonAdmins, F, 'settings:manage'),
        action: 'settings.read',
        target: settings,
      },
      {
        fn: 'rotateExportPseudonyms',
        call: (a) => rotateExportPseudonyms(a),
        refused: each(nonAdmins, F, 'settings:manage'),
        action: 'admin.settings.rotate_export_pseudonyms',
      },
      {
        fn: 'setSupervision',
        call: (a) => setSupervision(a, { supervisorId: world.users.supervisorA.userId, therapistId: a2 }, true),
        refused: each(nonAdmins, F, 'user:manage'),
        action: 'admin.supervision.start',
        target: user(a2),
      },
      {
        fn: 'reassignClient',
        call: (a) => reassignClient(a, c2, { therapistId: t1, reason: 'nope' }),
        refused: each(nonAdmins, F, 'user:manage'),
        action: 'admin.client.reassign',
        target: client(c2),
      },
      { fn: 'getAssignmentsOverview', call: (a) => getAssignmentsOverview(a), refused: each(nonAdmins, F, 'user:manage'), action: 'admin.assignments.read' },
      { fn: 'listAuditEvents', call: (a) => listAuditEvents(a, filter()), refused: each(nonAdmins, F, 'audit:read'), action: 'admin.audit.read' },
      { fn: 'exportAuditCsv', call: (a) => exportAuditCsv(a, filter()), refused: each(nonAdmins, F, 'audit:read'), action: 'admin.audit.export' },
      { fn: 'listClinicUsers', call: (a) => listClinicUsers(a), refused: each(nonAdmins, F, 'user:read'), action: 'users.read' },
      {
        fn: 'listUrgentAlertsAwaitingPerson',
        call: (a) => listUrgentAlertsAwaitingPerson(a),
        refused: each(nonAdmins, F, 'escalation:read'),
        action: 'admin.urgent_alerts.read',
      },
      {
        fn: 'getClinicSettingsForAdmin',
        call: (a) => getClinicSettingsForAdmin(a),
        refused: each(nonAdmins, F, 'settings:manage'),
        action: 'settings.read',
        target: settings,
      },
      {
        fn: 'updateClinicSettings',
        call: (a) => updateClinicSettings(a, settingsInput, 0),
        refused: each(nonAdmins, F, 'settings:manage'),
        action: 'settings.update',
        target: settings,
      },
      {
        fn: 'proposeLocalThresholds',
        call: (a) => proposeLocalThresholds(a),
        refused: each(nonAdmins, F, 'settings:manage'),
        action: 'settings.norms.propose',
        target: settings,
      },
      {
        fn: 'adoptProposedThresholds',
        call: (a) => adoptProposedThresholds(a, 0),
        refused: each(nonAdmins, F, 'settings:manage'),
        action: 'settings.norms.adopt',
        target: settings,
      },
      {
        fn: 'getClinicCompletion',
        call: (a) => getClinicCompletion(a, range),
        refused: each(nonAdmins, F, 'completion:read-clinic'),
        action: 'admin.completion.read',
      },
      {
        fn: 'getResearchExportOverview',
        call: (a) => getResearchExportOverview(a),
        refused: each(nonAdmins, F, 'research:export'),
        action: 'research.overview.read',
      },
      {
        fn: 'streamResearchExport',
        call: (a) => streamResearchExport(a, 'QuestionnaireResponse'),
        refused: each(nonAdmins, F, 'research:export'),
        action: 'research.export.fhir',
      },

      // Supervision: supervisors only.
      {
        fn: 'getSupervisorComparison',
        call: (a) => getSupervisorComparison(a, range),
        refused: each(nonSupervisors, F, 'supervision:read'),
        action: 'supervision.comparison.read',
      },
      {
        fn: 'getSupervisedTherapist',
        call: (a) => getSupervisedTherapist(a, t1),
        refused: each(nonSupervisors, F, 'supervision:read'),
        action: 'supervision.therapist.read',
        target: user(t1),
      },
      {
        fn: 'listSupervisedTherapistClients',
        call: (a) => listSupervisedTherapistClients(a, t1),
        refused: each(nonSupervisors, F, 'supervision:read'),
        action: 'supervision.therapist.clients.read',
        target: user(t1),
      },
      {
        fn: 'listTherapistAlerts',
        call: (a) => listTherapistAlerts(a, t1),
        refused: each(nonSupervisors, F, 'supervision:read'),
        action: 'supervision.therapist.alerts.read',
        target: user(t1),
      },
      {
        fn: 'addSupervisionNote',
        call: (a) => addSupervisionNote(a, t1, { note: 'not allowed' }),
        refused: each(nonSupervisors, F, 'supervision:read'),
        action: 'supervision.note.create',
        target: user(t1),
      },
      {
        fn: 'listSupervisionNotes',
        call: (a) => listSupervisionNotes(a, t1),
        refused: each(nonSupervisors, F, 'supervision:read'),
        action: 'supervision.notes.read',
        target: user(t1),
      },
      {
        fn: 'exportSupervisorCsv',
        call: (a) => exportSupervisorCsv(a, range),
        refused: each(nonSupervisors, F, 'supervision:read'),
        action: 'supervision.export.comparison',
      },
      {
        fn: 'exportTherapistAlertsCsv',
        call: (a) => exportTherapistAlertsCsv(a, t1),
        refused: each(nonSupervisors, F, 'supervision:read'),
        action: 'supervision.export.alerts',
        target: user(t1),
      },

      // The therapist's caseload and writes.
      { fn: 'listCaseload', call: (a) => listCaseload(a), refused: each(nonTherapists, F, 'caseload:read'), action: 'caseload.read' },
      {
        fn: 'listCaseloadPage',
        call: (a) => listCaseloadPage(a, caseloadQuerySchema.parse({})),
        refused: each(nonTherapists, F, 'caseload:read'),
        action: 'caseload.read',
      },
      {
        fn: 'createClient',
        call: (a) => createClient(a, { firstName: 'X', lastName: 'Y', preferredName: null, dateOfBirth: null, email: null, status: 'active' }),
        refused: each(nonTherapists, F, 'client:create'),
        action: 'client.create',
      },
      {
        fn: 'updateClientContact',
        call: (a) => updateClientContact(a, c1, contact()),
        refused: each(nonTherapists, N, 'client:write'),
        action: 'client.update_contact',
        target: client(c1),
      },
      {
        fn: 'recordSession',
        call: (a) => recordSession(a, c1, { occurredAt: '2026-01-05T10:00', attendance: 'attended', note: '' }),
        refused: each(nonTherapists, F, 'client:write'),
        action: 'session.record',
        target: client(c1),
      },
      {
        fn: 'assignMeasure',
        call: (a) => assignMeasure(a, c1, { instrumentKey: 'phq-9' }),
        refused: each(nonTherapists, F, 'client:write'),
        action: 'measure.assign',
        target: client(c1),
      },
      {
        fn: 'dischargeClient',
        call: (a) => dischargeClient(a, c1, { reason: 'not allowed' }),
        refused: each(nonTherapists, F, 'client:write'),
        action: 'client.discharge',
        target: client(c1),
      },
      {
        fn: 'inviteClientToPortal',
        call: (a) => inviteClientToPortal(a, c1),
        refused: each(nonTherapists, N, 'client:write'),
        action: 'invitation.create',
        target: client(c1),
      },
      {
        fn: 'revokeClientInvitation',
        call: (a) => revokeClientInvitation(a, c1),
        refused: each(nonTherapists, N, 'client:write'),
        action: 'invitation.revoke',
        target: client(c1),
      },
      {
        fn: 'getClientPortalAccess',
        call: (a) => getClientPortalAccess(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'client:read-details'),
        action: 'invitation.read',
        target: client(c1),
      },
      {
        fn: 'createPlan',
        call: (a) => createPlan(a, c1, planContent()),
        refused: each(nonTherapists, N, 'plan:write'),
        action: 'plan.create',
        target: client(c1),
      },
      {
        fn: 'savePlan',
        call: (a) => savePlan(a, plan, planContent(), 1),
        refused: each(nonTherapists, N, 'plan:write'),
        action: 'plan.save',
        target: planTarget,
      },
      {
        fn: 'setPlanStatus',
        call: (a) => setPlanStatus(a, plan, 'completed', 1),
        refused: each(nonTherapists, N, 'plan:write'),
        action: 'plan.status',
        target: planTarget,
      },
      {
        fn: 'reviewPlan',
        call: (a) => reviewPlan(a, plan, { nextReviewDate: '2027-01-01', goals: [] }, 1),
        refused: each(nonTherapists, N, 'plan:write'),
        action: 'plan.review',
        target: planTarget,
      },
      {
        fn: 'acknowledgeAlert',
        call: (a) => acknowledgeAlert(a, world.alertC1, { note: 'not allowed' }),
        refused: each(nonTherapists, N, 'alert:acknowledge'),
        action: 'alert.acknowledge',
        target: { type: 'alert', id: world.alertC1 },
      },

      // Clinical reads: never admins; some are staff views a client does not get.
      { fn: 'getClientProfile', call: (a) => getClientProfile(a, c1), refused: each(['adminA'], N, 'client:read'), action: 'client.read', target: client(c1) },
      {
        fn: 'listClientSessions',
        call: (a) => listClientSessions(a, c1),
        refused: each(['adminA'], N, 'client:read'),
        action: 'sessions.read',
        target: client(c1),
      },
      {
        fn: 'listClientResponses',
        call: (a) => listClientResponses(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'measure:read'),
        action: 'measures.read',
        target: client(c1),
      },
      {
        fn: 'listClientScoreSeries',
        call: (a) => listClientScoreSeries(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'measure:read'),
        action: 'measures.scores.read',
        target: client(c1),
      },
      {
        fn: 'listOpenAssignments',
        call: (a) => listOpenAssignments(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'measure:read'),
        action: 'measures.open.read',
        target: client(c1),
      },
      {
        fn: 'listClientReminders',
        call: (a) => listClientReminders(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'measure:read'),
        action: 'reminders.client.read',
        target: client(c1),
      },
      {
        fn: 'exportClientFhirBundle',
        call: (a) => exportClientFhirBundle(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'measure:read'),
        action: 'fhir.export.client',
        target: client(c1),
      },
      {
        fn: 'listClientAlerts',
        call: (a) => listClientAlerts(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'alert:read'),
        action: 'alerts.client.read',
        target: client(c1),
      },
      { fn: 'listAlertInbox', call: (a) => listAlertInbox(a), refused: each(['adminA', 'clientC1'], F, 'alert:read'), action: 'alerts.inbox.read' },
      { fn: 'getPlan', call: (a) => getPlan(a, plan), refused: each(['adminA'], N, 'plan:read'), action: 'plan.read', target: planTarget },
      {
        fn: 'listClientPlans',
        call: (a) => listClientPlans(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'plan:read-history'),
        action: 'plan.list',
        target: client(c1),
      },
      {
        fn: 'getCurrentPlanGlance',
        call: (a) => getCurrentPlanGlance(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'plan:read-history'),
        action: 'plan.read',
        target: client(c1),
      },
      // Client C1 may read this (their active) plan, so its history is a 403, not a 404.
      {
        fn: 'listPlanRevisions',
        call: (a) => listPlanRevisions(a, plan),
        refused: { adminA: [N, 'plan:read'], clientC1: [F, 'plan:read-history'] },
        action: 'plan.revisions.read',
        target: planTarget,
      },
      {
        fn: 'getPlanRevision',
        call: (a) => getPlanRevision(a, plan, 1),
        refused: { adminA: [N, 'plan:read'], clientC1: [F, 'plan:read-history'] },
        action: 'plan.revision.read',
        target: planTarget,
      },
      {
        fn: 'listPlanReviewDates',
        call: (a) => listPlanReviewDates(a, c1),
        refused: each(['adminA', 'clientC1'], N, 'plan:read-history'),
        action: 'plan.review_dates.read',
        target: client(c1),
      },
      {
        fn: 'getResponseForm',
        call: (a) => getResponseForm(a, form),
        refused: each(['adminA', 'supervisorA'], N, 'measure:respond'),
        action: 'measure.form.read',
        target: { type: 'assignment', id: form },
      },
      {
        fn: 'saveDraft',
        call: (a) => saveDraft(a, form, {}),
        refused: each(['adminA', 'supervisorA'], N, 'measure:respond'),
        action: 'measure.draft.save',
        target: { type: 'assignment', id: form },
      },
      {
        fn: 'submitResponse',
        call: (a) => submitResponse(a, form, {}),
        refused: each(['adminA', 'supervisorA'], N, 'measure:respond'),
        action: 'measure.submit',
        target: { type: 'assignment', id: form },
      },

      // The client's own portal.
      { fn: 'getPortalHome', call: (a) => getPortalHome(a), refused: each(nonClients, F, 'portal:read-own'), action: 'portal.home.read' },
      { fn: 'getMyActivePlan', call: (a) => getMyActivePlan(a), refused: each(nonClients, F, 'portal:read-own'), action: 'portal.plan.read' },
      { fn: 'getMyProgress', call: (a) => getMyProgress(a), refused: each(nonClients, F, 'measure:read-own'), action: 'portal.progress.read' },
      {
        fn: 'getMyReminderSettings',
        call: (a) => getMyReminderSettings(a),
        refused: each(nonClients, F, 'portal:reminders-own'),
        action: 'portal.reminders.read',
      },
      {
        fn: 'setMyReminderOptOut',
        call: (a) => setMyReminderOptOut(a, true),
        refused: each(nonClients, F, 'portal:reminders-own'),
        action: 'portal.reminders.update',
      },
      {
        fn: 'recordGoalAgreement',
        call: (a) => recordGoalAgreement(a, UNKNOWN_UUID, { agrees: true, comment: null }),
        refused: each(nonClients, N, 'plan:agree'),
        action: 'plan.goal.agreement',
        target: { type: 'goal', id: UNKNOWN_UUID },
      },
    ];
  }

  function scopeRefusals(): ScopeRefusal[] {
    const c1 = world.clients.c1.id;
    const plan = world.planC1.id;
    const form = world.pendingClientForms.c1;
    const a2 = world.users.therapistA2.userId;
    const client: Target = { type: 'client', id: c1 };
    const planTarget: Target = { type: 'plan', id: plan };
    const formTarget: Target = { type: 'assignment', id: form };
    const ended: Target = { type: 'user', id: a2 }; // supervisor A's supervision of A2 has ended
    const otherClinicUser: Target = { type: 'user', id: a2 };
    return [
      // Another clinic's admin acting on this clinic's accounts and clients: 404, recorded.
      { fn: 'setAccountDisabled', actor: 'adminB', call: (a) => setAccountDisabled(a, a2, true), action: 'admin.account.disable', target: otherClinicUser },
      { fn: 'unlockAccount', actor: 'adminB', call: (a) => unlockAccount(a, a2), action: 'admin.account.unlock', target: otherClinicUser },
      { fn: 'sendPasswordLink', actor: 'adminB', call: (a) => sendPasswordLink(a, a2), action: 'admin.account.password_link', target: otherClinicUser },
      {
        fn: 'setSupervision',
        actor: 'adminB',
        call: (a) => setSupervision(a, { supervisorId: world.users.supervisorA.userId, therapistId: a2 }, true),
        action: 'admin.supervision.start',
        target: otherClinicUser,
      },
      {
        fn: 'reassignClient',
        actor: 'adminB',
        call: (a) => reassignClient(a, c1, { therapistId: a2, reason: 'not ours' }),
        action: 'admin.client.reassign',
        target: client,
      },
      { fn: 'getClientProfile', actor: 'therapistA2', call: (a) => getClientProfile(a, c1), action: 'client.read', target: client },
      {
        fn: 'getClientProfile',
        actor: 'therapistA1',
        call: (a) => getClientProfile(a, 'not-a-uuid'),
        action: 'client.read',
        target: { type: 'client', id: null },
      },
      { fn: 'updateClientContact', actor: 'therapistB1', call: (a) => updateClientContact(a, c1, contact()), action: 'client.update_contact', target: client },
      { fn: 'listClientSessions', actor: 'therapistA2', call: (a) => listClientSessions(a, c1), action: 'sessions.read', target: client },
      { fn: 'listClientReminders', actor: 'therapistA2', call: (a) => listClientReminders(a, c1), action: 'reminders.client.read', target: client },
      { fn: 'listClientResponses', actor: 'therapistA2', call: (a) => listClientResponses(a, c1), action: 'measures.read', target: client },
      { fn: 'listClientScoreSeries', actor: 'supervisorB', call: (a) => listClientScoreSeries(a, c1), action: 'measures.scores.read', target: client },
      { fn: 'exportClientFhirBundle', actor: 'therapistA2', call: (a) => exportClientFhirBundle(a, c1), action: 'fhir.export.client', target: client },
      { fn: 'exportClientFhirBundle', actor: 'supervisorB', call: (a) => exportClientFhirBundle(a, c1), action: 'fhir.export.client', target: client },
      {
        fn: 'exportClientFhirBundle',
        actor: 'supervisorA',
        call: (a) => exportClientFhirBundle(a, world.clients.c2.id),
        action: 'fhir.export.client',
        target: { type: 'client', id: world.clients.c2.id },
      },
      {
        fn: 'recordSession',
        actor: 'therapistA2',
        call: (a) => recordSession(a, c1, { occurredAt: '2026-01-05T10:00', attendance: 'attended', note: '' }),
        action: 'session.record',
        target: client,
      },
      { fn: 'assignMeasure', actor: 'therapistB1', call: (a) => assignMeasure(a, c1, { instrumentKey: 'phq-9' }), action: 'measure.assign', target: client },
      { fn: 'dischargeClient', actor: 'therapistA2', call: (a) => dischargeClient(a, c1, { reason: 'not mine' }), action: 'client.discharge', target: client },
      { fn: 'inviteClientToPortal', actor: 'therapistA2', call: (a) => inviteClientToPortal(a, c1), action: 'invitation.create', target: client },
      { fn: 'revokeClientInvitation', actor: 'therapistA2', call: (a) => revokeClientInvitation(a, c1), action: 'invitation.revoke', target: client },
      { fn: 'getClientPortalAccess', actor: 'therapistA2', call: (a) => getClientPortalAccess(a, c1), action: 'invitation.read', target: client },
      { fn: 'createPlan', actor: 'therapistA2', call: (a) => createPlan(a, c1, planContent()), action: 'plan.create', target: client },
      { fn: 'getPlan', actor: 'therapistA2', call: (a) => getPlan(a, plan), action: 'plan.read', target: planTarget },
      { fn: 'getPlan', actor: 'clientC2', call: (a) => getPlan(a, plan), action: 'plan.read', target: planTarget },
      { fn: 'getPlan', actor: 'supervisorB', call: (a) => getPlan(a, plan), action: 'plan.read', target: planTarget },
      // The plan exists and supervisor A supervises its therapist, but not under another therapist's URL.
      { fn: 'getPlan', actor: 'supervisorA', call: (a) => getPlan(a, plan, { clientId: c1, therapistId: a2 }), action: 'plan.read', target: planTarget },
      { fn: 'getCurrentPlanGlance', actor: 'therapistA2', call: (a) => getCurrentPlanGlance(a, c1), action: 'plan.read', target: client },
      { fn: 'getCurrentPlanGlance', actor: 'supervisorB', call: (a) => getCurrentPlanGlance(a, c1), action: 'plan.read', target: client },
      { fn: 'savePlan', actor: 'therapistA2', call: (a) => savePlan(a, plan, planContent(), 1), action: 'plan.save', target: planTarget },
      { fn: 'listPlanRevisions', actor: 'therapistA2', call: (a) => listPlanRevisions(a, plan), action: 'plan.revisions.read', target: planTarget },
      { fn: 'getPlanRevision', actor: 'clientC2', call: (a) => getPlanRevision(a, plan, 1), action: 'plan.revision.read', target: planTarget },
      {
        fn: 'recordGoalAgreement',
        actor: 'clientC2',
        call: (a) => recordGoalAgreement(a, UNKNOWN_UUID, { agrees: true, comment: null }),
        action: 'plan.goal.agreement',
        target: { type: 'goal', id: UNKNOWN_UUID },
      },
      {
        fn: 'acknowledgeAlert',
        actor: 'therapistA2',
        call: (a) => acknowledgeAlert(a, world.alertC1, { note: 'not mine' }),
        action: 'alert.acknowledge',
        target: { type: 'alert', id: world.alertC1 },
      },
      { fn: 'getResponseForm', actor: 'clientC2', call: (a) => getResponseForm(a, form), action: 'measure.form.read', target: formTarget },
      { fn: 'saveDraft', actor: 'therapistA2', call: (a) => saveDraft(a, form, {}), action: 'measure.draft.save', target: formTarget },
      { fn: 'submitResponse', actor: 'clientCB', call: (a) => submitResponse(a, form, {}), action: 'measure.submit', target: formTarget },
      { fn: 'getSupervisedTherapist', actor: 'supervisorA', call: (a) => getSupervisedTherapist(a, a2), action: 'supervision.therapist.read', target: ended },
      {
        fn: 'listSupervisedTherapistClients',
        actor: 'supervisorA',
        call: (a) => listSupervisedTherapistClients(a, a2),
        action: 'supervision.therapist.clients.read',
        target: ended,
      },
      {
        fn: 'listTherapistAlerts',
        actor: 'supervisorB',
        call: (a) => listTherapistAlerts(a, world.users.therapistA1.userId),
        action: 'supervision.therapist.alerts.read',
        target: { type: 'user', id: world.users.therapistA1.userId },
      },
      {
        fn: 'addSupervisionNote',
        actor: 'supervisorA',
        call: (a) => addSupervisionNote(a, a2, { note: 'not mine' }),
        action: 'supervision.note.create',
        target: ended,
      },
      { fn: 'listSupervisionNotes', actor: 'supervisorA', call: (a) => listSupervisionNotes(a, a2), action: 'supervision.notes.read', target: ended },
      {
        fn: 'exportTherapistAlertsCsv',
        actor: 'supervisorA',
        call: (a) => exportTherapistAlertsCsv(a, a2),
        action: 'supervision.export.alerts',
        target: ended,
      },
    ];
  }

  /** The one denied row a refusal leaves, as the tests expect it (details exactly: nothing else in them). */
  const deniedRow = (who: Actor, action: string, target: Target | undefined, details: Record<string, string>) => ({
    clinicId: who.clinicId,
    actorUserId: who.userId,
    actorRole: who.role,
    action,
    outcome: 'denied',
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    clientId: null,
    details,
  });

  it('covers every lib/data export that can refuse', async () => {
    const dir = join(process.cwd(), 'lib/data');
    const exported: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') exported.push(name);
    }
    const listed = new Set([...roleRefusals().map((r) => r.fn), ...NOT_REFUSABLE]);
    expect(exported.filter((name) => !listed.has(name)).sort(), 'exports neither refused below nor listed as not refusable').toEqual([]);
  });

  it('a role refusal writes exactly one denied row naming the permission the role lacks', async () => {
    const problems: string[] = [];
    for (const refusal of roleRefusals()) {
      for (const [key, [error, permission]] of Object.entries(refusal.refused) as [ActorKey, [ErrorClass, Permission]][]) {
        const who = actor(key);
        try {
          const events = await auditEventsAddedBy(ctx.db, who.userId, () => refusal.call(who), error);
          expect(events).toEqual([expect.objectContaining(deniedRow(who, refusal.action, refusal.target, { reason: 'missing_permission', permission }))]);
        } catch (failure) {
          problems.push(`${refusal.fn} as ${key}: ${failure instanceof Error ? failure.message.split('\n').slice(0, 12).join('\n') : String(failure)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('an out-of-scope refusal is a 404 with exactly one denied row', async () => {
    const problems: string[] = [];
    for (const refusal of scopeRefusals()) {
      const who = actor(refusal.actor);
      try {
        const events = await auditEventsAddedBy(ctx.db, who.userId, () => refusal.call(who), NotFoundError);
        expect(events).toEqual([expect.objectContaining(deniedRow(who, refusal.action, refusal.target, { reason: 'out_of_scope' }))]);
      } catch (failure) {
        problems.push(`${refusal.fn} as ${refusal.actor}: ${failure instanceof Error ? failure.message.split('\n').slice(0, 12).join('\n') : String(failure)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  describe('createAssignments, internal to writes that found the client first, re-checks the policy and the clinic', () => {
    const assignmentsOf = async (clientId: string) =>
      (await ctx.db.select({ id: measureAssignments.id }).from(measureAssignments).where(eq(measureAssignments.clientId, clientId))).length;
    const attempt = (who: Actor, clinicId: string) =>
      ctx.db.transaction((tx) =>
        createAssignments(tx, who, {
          clinicId,
          clientId: world.clients.c1.id,
          therapistId: world.users.therapistA1.userId,
          sessionId: null,
          dueAt: new Date(),
          measures: [{ instrumentKey: 'phq-9', respondent: 'client' }],
        }),
      );

    it.each(['adminA', 'supervisorA', 'clientC1'] as const)('refuses %s (no write permission) and creates nothing', async (key) => {
      const before = await assignmentsOf(world.clients.c1.id);
      await expect(attempt(actor(key), world.clinicA)).rejects.toBeInstanceOf(ForbiddenError);
      expect(await assignmentsOf(world.clients.c1.id)).toBe(before);
    });

    it("refuses a therapist of another clinic writing into this clinic's client", async () => {
      const before = await assignmentsOf(world.clients.c1.id);
      await expect(attempt(actor('therapistB1'), world.clinicA)).rejects.toBeInstanceOf(NotFoundError);
      expect(await assignmentsOf(world.clients.c1.id)).toBe(before);
    });
  });

  describe('a goal agreement is a write with its own permission, not a plan read', () => {
    let goalId: string;

    beforeAll(async () => {
      const [problem] = await ctx.db
        .insert(planProblems)
        .values({ clinicId: world.clinicA, planId: world.planC1.id, position: 1, description: 'Sleep' })
        .returning({ id: planProblems.id });
      const [goal] = await ctx.db
        .insert(planGoals)
        .values({
          clinicId: world.clinicA,
          planId: world.planC1.id,
          problemId: problem!.id,
          position: 1,
          clientWords: 'Sleep through the night',
          status: 'in_progress',
        })
        .returning({ id: planGoals.id });
      goalId = goal!.id;
    });

    const agreementsOf = () =>
      ctx.db.select({ id: planGoalAcknowledgements.id }).from(planGoalAcknowledgements).where(eq(planGoalAcknowledgements.goalId, goalId));

    it('a client holding plan:read but not plan:agree cannot agree to a goal of their own active plan', async () => {
      const permissions = ROLE_PERMISSIONS as Record<Role, readonly Permission[]>;
      const granted = permissions.client;
      permissions.client = granted.filter((p) => p !== ('plan:agree' as Permission));
      try {
        expect(permissions.client).toContain('plan:read');
        const who = actor('clientC1');
        await expect(getPlan(who, world.planC1.id)).resolves.toMatchObject({ id: world.planC1.id });
        const events = await auditEventsAddedBy(
          ctx.db,
          who.userId,
          () => recordGoalAgreement(who, goalId, { agrees: false, comment: 'Not this' }),
          NotFoundError,
        );
        expect(events).toEqual([
          expect.objectContaining(
            deniedRow(who, 'plan.goal.agreement', { type: 'goal', id: goalId }, { reason: 'missing_permission', permission: 'plan:agree' }),
          ),
        ]);
        expect(await agreementsOf()).toEqual([]);
      } finally {
        permissions.client = granted;
      }
    });

    it('with plan:agree (as the table grants it) the same agreement is recorded', async () => {
      await recordGoalAgreement(actor('clientC1'), goalId, { agrees: true, comment: null });
      expect(await agreementsOf()).toHaveLength(1);
    });
  });
});

describeEachEngine('sign-in failures for unknown accounts in the admin audit view', (ctx) => {
  let world: World;
  const unknownEmail = () => `nobody.${world.token}.${Math.random().toString(36).slice(2)}@nowhere.test`;
  const tryUnknown = async (ip: string) => {
    request.ip = ip;
    await expect(verifyCredentials({ email: unknownEmail(), password: 'Guess-one-two-3' })).resolves.toEqual({ ok: false, reason: 'invalid' });
    request.ip = null;
  };
  /** What an admin's audit view (and its CSV) shows of sign-ins to unknown accounts, by address. */
  const unknownAccountRowsSeenBy = async (admin: Actor) => {
    const { rows } = await listAuditEvents(admin, auditFilterSchema.parse({ action: 'auth.sign_in' }), 500);
    return rows.filter((r) => r.action === 'auth.sign_in.unknown_account');
  };
  // Addresses from a documentation range, distinct per world so runs do not see each other.
  const address = (n: number) => `198.51.${parseInt(world.token.slice(0, 2), 16)}.${n}`;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  it("shows a clinic's admin the unknown-email failures from an address used for that clinic's accounts, and no other clinic's", async () => {
    const shared = address(10);
    const elsewhere = address(11);
    const clinicB = address(12);
    request.ip = shared;
    await expect(verifyCredentials({ email: world.users.therapistA1.email, password: FIXTURE_PASSWORD })).resolves.toMatchObject({ ok: true });
    await tryUnknown(shared);
    await tryUnknown(elsewhere);
    request.ip = clinicB;
    await verifyCredentials({ email: world.users.therapistB1.email, password: 'wrong-password-here' });
    await tryUnknown(clinicB);

    const seenByA = await unknownAccountRowsSeenBy(world.actors.adminA);
    expect(seenByA).toEqual([expect.objectContaining({ ip: shared, outcome: 'failure', actorName: null, actorRole: null, targetId: null, clientId: null })]);
    expect((await unknownAccountRowsSeenBy(world.actors.adminB)).map((r) => r.ip)).toEqual([clinicB]);
    const csv = await exportAuditCsv(world.actors.adminA, auditFilterSchema.parse({ action: 'auth.sign_in' }));
    expect(csv).toContain(shared);
    expect(csv).not.toContain(elsewhere);
    expect(csv).not.toContain(clinicB);

    // The attempt itself is stored once, without a clinic (the per-address throttle counts it once),
    // and nowhere with the email that was tried.
    const stored = await auditEventsWhere(ctx.db, eq(auditEvents.ip, shared));
    expect(stored.filter((e) => e.action === 'auth.sign_in' && e.outcome === 'failure')).toEqual([
      expect.objectContaining({ clinicId: null, actorUserId: null, details: { reason: 'unknown_email' } }),
    ]);
    expect(stored.filter((e) => e.action === 'auth.sign_in.unknown_account')).toEqual([
      expect.objectContaining({ clinicId: world.clinicA, actorUserId: null, details: { reason: 'unknown_email' } }),
    ]);
    expect(JSON.stringify(stored)).not.toContain('nowhere.test');
  });

  it('attributes an address only from its use for the clinic within the week before', async () => {
    const stale = address(20);
    await ctx.db.insert(auditEvents).values({
      clinicId: world.clinicA,
      actorUserId: world.users.therapistA2.userId,
      actorRole: 'therapist',
      action: 'auth.sign_in',
      outcome: 'success',
      targetType: 'user',
      targetId: world.users.therapistA2.userId,
      ip: stale,
      occurredAt: new Date(Date.now() - 8 * 86_400_000),
    });
    await tryUnknown(stale);
    expect((await unknownAccountRowsSeenBy(world.actors.adminA)).map((r) => r.ip)).not.toContain(stale);
  });

  it('leaves the filters working: a filter by person never shows them', async () => {
    const { rows } = await listAuditEvents(world.actors.adminA, auditFilterSchema.parse({ actorUserId: world.users.therapistA1.userId }), 500);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actorName === world.users.therapistA1.name)).toBe(true);
  });
});
