import 'server-only';
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor, Role } from '@/lib/authz/policy';
import type { AuditFilter, CreateStaff, ReassignClient, SupervisionInput } from '@/lib/validation/admin';
import { getDb, type Transaction } from '@/db/client';
import { auditEvents, caseloadHistory, clients, measureAssignments, supervision, users } from '@/db/schema';
import { toCsv } from '@/lib/csv';
import { mailConfigured } from '@/lib/mail';
import { parseClinicDateTime } from '@/lib/time';
import { auditRefusals, requirePermission, auditRead, writeAudit } from './audit';
import { clinicContext } from './clinic';
import { isUuid } from './clients';
import { InputError, NotFoundError } from './errors';
import { deliverPasswordLink, revokeOpenPasswordLinks, storePasswordLink, type PasswordLinkDelivery } from './password-links';

/*
 * Clinic administration: accounts, supervision and caseload assignments, and the audit log.
 * Admins see names and assignments, never answers, scores, notes or plans.
 */

async function userInClinic(tx: Transaction, actor: Actor, userId: string, roles?: Role[]) {
  if (!isUuid(userId)) throw new NotFoundError('account');
  const [row] = await tx
    .select({ id: users.id, role: users.role, name: users.name, email: users.email, disabledAt: users.disabledAt })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.clinicId, actor.clinicId), roles ? inArray(users.role, roles) : sql`true`))
    .limit(1)
    .for('update');
  if (!row) throw new NotFoundError('account');
  return row;
}

/**
 * Creates a staff account with no password: the person chooses their own through a one-time
 * set-password link (mailed to them, or shown once to the admin when there is no mail).
 */
export async function createStaffAccount(actor: Actor, input: CreateStaff): Promise<{ id: string } & PasswordLinkDelivery> {
  await requirePermission(actor, 'user:manage', { action: 'admin.account.create' });
  const { target, stored } = await getDb().transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (taken) throw new InputError('An account with this email already exists.', 'email');
    const [created] = await tx
      .insert(users)
      .values({ clinicId: actor.clinicId, name: input.name, email: input.email, role: input.role, passwordHash: null })
      // A simultaneous create of the same email loses here rather than with a server error.
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, clinicId: users.clinicId, email: users.email, role: users.role });
    if (!created) throw new InputError('An account with this email already exists.', 'email');
    await writeAudit(tx, actor, {
      action: 'admin.account.create',
      outcome: 'success',
      targetType: 'user',
      targetId: created.id,
      details: { role: input.role },
    });
    return { target: created, stored: await storePasswordLink(tx, actor, created, 'setup') };
  });
  return { id: target.id, ...(await deliverPasswordLink(actor, target, 'setup', stored)) };
}

/** Disabling bumps the session version, which signs the account out everywhere at once. */
export async function setAccountDisabled(actor: Actor, userId: string, disabled: boolean): Promise<void> {
  const attempt = { action: disabled ? 'admin.account.disable' : 'admin.account.enable', targetType: 'user', targetId: userId };
  await requirePermission(actor, 'user:manage', attempt);
  if (userId === actor.userId) throw new InputError('You cannot disable your own account.');
  await auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const target = await userInClinic(tx, actor, userId);
      await tx
        .update(users)
        .set(
          disabled
            ? { disabledAt: sql`now()`, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` }
            : { disabledAt: null, updatedAt: sql`now()` },
        )
        .where(and(eq(users.id, target.id), eq(users.clinicId, actor.clinicId)));
      // An unused set-password link must not outlive the decision to shut the account.
      if (disabled) await revokeOpenPasswordLinks(tx, target.id);
      await writeAudit(tx, actor, {
        action: disabled ? 'admin.account.disable' : 'admin.account.enable',
        outcome: 'success',
        targetType: 'user',
        targetId: target.id,
      });
    }),
  );
}

export async function unlockAccount(actor: Actor, userId: string): Promise<void> {
  const attempt = { action: 'admin.account.unlock', targetType: 'user', targetId: userId };
  await requirePermission(actor, 'user:manage', attempt);
  await auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const target = await userInClinic(tx, actor, userId);
      await tx
        .update(users)
        .set({ lockedUntil: null, failedLoginCount: 0 })
        .where(and(eq(users.id, target.id), eq(users.clinicId, actor.clinicId)));
      await writeAudit(tx, actor, { action: 'admin.account.unlock', outcome: 'success', targetType: 'user', targetId: target.id });
    }),
  );
}

/**
 * Restores someone's access with a one-time set-password link; the admin never chooses or sees a
 * password. A client's link goes only to the client's own mailbox (an admin must not be able to sign
 * in as a client), so without mail it is refused. The account is unchanged until the link is used.
 */
export async function sendPasswordLink(actor: Actor, userId: string): Promise<PasswordLinkDelivery> {
  const attempt = { action: 'admin.account.password_link', targetType: 'user', targetId: userId };
  await requirePermission(actor, 'user:manage', attempt);
  if (userId === actor.userId) throw new InputError('To change your own password, use Change password.');
  const issued = await auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const target = await userInClinic(tx, actor, userId);
      if (target.disabledAt) throw new InputError('This account is disabled: enable it first.');
      if (target.role === 'client' && !mailConfigured()) {
        await writeAudit(tx, actor, {
          action: 'admin.account.password_link',
          outcome: 'failure',
          targetType: 'user',
          targetId: target.id,
          details: { purpose: 'reset', reason: 'mail_not_configured' },
        });
        return null;
      }
      const linkTarget = { id: target.id, clinicId: actor.clinicId, email: target.email, role: target.role };
      return { target: linkTarget, stored: await storePasswordLink(tx, actor, linkTarget, 'reset') };
    }),
  );
  if (!issued) {
    throw new InputError('A client’s reset link can only be emailed to the client, and mail is not set up on this server (SMTP_URL). Nothing was changed.');
  }
  return deliverPasswordLink(actor, issued.target, 'reset', issued.stored);
}

export async function setSupervision(actor: Actor, input: SupervisionInput, active: boolean): Promise<void> {
  const attempt = { action: active ? 'admin.supervision.start' : 'admin.supervision.end', targetType: 'user', targetId: input.therapistId };
  await requirePermission(actor, 'user:manage', attempt);
  await auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const supervisor = await userInClinic(tx, actor, input.supervisorId, ['supervisor']);
      const therapist = await userInClinic(tx, actor, input.therapistId, ['therapist']);
      if (active && (supervisor.disabledAt || therapist.disabledAt)) throw new InputError('Disabled accounts cannot be paired; enable them first.');
      const current = and(
        eq(supervision.clinicId, actor.clinicId),
        eq(supervision.supervisorId, supervisor.id),
        eq(supervision.therapistId, therapist.id),
        isNull(supervision.endedAt),
      );
      if (active) {
        const [existing] = await tx.select({ id: supervision.id }).from(supervision).where(current).limit(1);
        if (existing) throw new InputError(`${supervisor.name} already supervises ${therapist.name}.`);
        await tx.insert(supervision).values({ clinicId: actor.clinicId, supervisorId: supervisor.id, therapistId: therapist.id });
      } else {
        const ended = await tx
          .update(supervision)
          .set({ endedAt: sql`now()` })
          .where(current)
          .returning({ id: supervision.id });
        if (ended.length === 0) throw new InputError(`${supervisor.name} does not supervise ${therapist.name}.`);
      }
      await writeAudit(tx, actor, {
        action: active ? 'admin.supervision.start' : 'admin.supervision.end',
        outcome: 'success',
        targetType: 'user',
        targetId: therapist.id,
        details: { supervisor: supervisor.id },
      });
    }),
  );
}

/**
 * Moves a client to another therapist. The caseload history keeps who treated whom and when;
 * stored responses keep the therapist at the time; only open assignments follow the client.
 */
export async function reassignClient(actor: Actor, clientId: string, input: ReassignClient): Promise<void> {
  const attempt = { action: 'admin.client.reassign', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'user:manage', attempt);
  await auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      if (!isUuid(clientId)) throw new NotFoundError('client');
      const [client] = await tx
        .select({ id: clients.id, therapistId: clients.primaryTherapistId })
        .from(clients)
        .where(and(eq(clients.id, clientId), eq(clients.clinicId, actor.clinicId)))
        .limit(1)
        .for('update');
      if (!client) throw new NotFoundError('client');
      const therapist = await userInClinic(tx, actor, input.therapistId, ['therapist']);
      if (therapist.disabledAt) throw new InputError('That therapist’s account is disabled.', 'therapistId');
      if (client.therapistId === therapist.id) throw new InputError('The client is already with this therapist.', 'therapistId');
      await tx
        .update(clients)
        .set({ primaryTherapistId: therapist.id, updatedAt: sql`now()` })
        .where(eq(clients.id, client.id));
      await tx
        .update(caseloadHistory)
        .set({ endedAt: sql`now()` })
        .where(and(eq(caseloadHistory.clientId, client.id), eq(caseloadHistory.clinicId, actor.clinicId), isNull(caseloadHistory.endedAt)));
      await tx.insert(caseloadHistory).values({ clinicId: actor.clinicId, clientId: client.id, therapistId: therapist.id, reason: input.reason });
      await tx
        .update(measureAssignments)
        .set({ therapistId: therapist.id })
        .where(and(eq(measureAssignments.clientId, client.id), inArray(measureAssignments.status, ['pending', 'in_progress'])));
      await writeAudit(tx, actor, {
        action: 'admin.client.reassign',
        outcome: 'success',
        targetType: 'client',
        targetId: client.id,
        clientId: client.id,
        details: { from: client.therapistId, to: therapist.id },
      });
    }),
  );
}

export type AssignmentsOverview = {
  staff: { id: string; name: string; role: Role; disabled: boolean }[];
  supervision: { supervisorId: string; supervisorName: string; therapistId: string; therapistName: string; since: Date }[];
  clients: { id: string; name: string; status: 'active' | 'waitlist' | 'discharged'; therapistId: string | null; therapistName: string | null }[];
};

const supervisorUser = alias(users, 'supervisor_user');
const therapistUser = alias(users, 'therapist_user');

/** Who supervises whom and which client is with which therapist: names only. */
export async function getAssignmentsOverview(actor: Actor): Promise<AssignmentsOverview> {
  await requirePermission(actor, 'user:manage', { action: 'admin.assignments.read' });
  const db = getDb();
  const [staff, pairs, clientRows] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(and(eq(users.clinicId, actor.clinicId), ne(users.role, 'client')))
      .orderBy(asc(users.name)),
    db
      .select({
        supervisorId: supervision.supervisorId,
        supervisorName: supervisorUser.name,
        therapistId: supervision.therapistId,
        therapistName: therapistUser.name,
        since: supervision.startedAt,
      })
      .from(supervision)
      .innerJoin(supervisorUser, eq(supervisorUser.id, supervision.supervisorId))
      .innerJoin(therapistUser, eq(therapistUser.id, supervision.therapistId))
      .where(and(eq(supervision.clinicId, actor.clinicId), isNull(supervision.endedAt)))
      .orderBy(asc(supervisorUser.name), asc(therapistUser.name)),
    db
      .select({
        id: clients.id,
        firstName: clients.firstName,
        lastName: clients.lastName,
        status: clients.status,
        therapistId: clients.primaryTherapistId,
        therapistName: therapistUser.name,
      })
      .from(clients)
      .leftJoin(therapistUser, eq(therapistUser.id, clients.primaryTherapistId))
      .where(eq(clients.clinicId, actor.clinicId))
      .orderBy(asc(clients.lastName), asc(clients.firstName)),
  ]);
  await auditRead(db, actor, { action: 'admin.assignments.read', outcome: 'success' });
  return {
    staff: staff.map((s) => ({ id: s.id, name: s.name, role: s.role, disabled: s.disabledAt !== null })),
    supervision: pairs,
    clients: clientRows.map((c) => ({
      id: c.id,
      name: `${c.firstName} ${c.lastName}`,
      status: c.status,
      therapistId: c.therapistId,
      therapistName: c.therapistName,
    })),
  };
}

export type AuditEvent = {
  id: string;
  occurredAt: Date;
  actorName: string | null;
  actorRole: Role | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  targetType: string | null;
  targetId: string | null;
  clientId: string | null;
  requestId: string | null;
  ip: string | null;
};

export const AUDIT_PAGE_SIZE = 50;
const auditActor = alias(users, 'audit_actor');

function auditConditions(actor: Actor, filter: AuditFilter, timeZone: string): SQL {
  // Dates are the clinic's calendar days.
  const dayStart = (date: string) => parseClinicDateTime(`${date}T00:00`, timeZone);
  const nextDay = (date: string) => parseClinicDateTime(`${new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T00:00`, timeZone);
  return and(
    eq(auditEvents.clinicId, actor.clinicId),
    filter.actorUserId ? eq(auditEvents.actorUserId, filter.actorUserId) : undefined,
    filter.clientId ? eq(auditEvents.clientId, filter.clientId) : undefined,
    filter.action ? sql`${auditEvents.action} like ${`${filter.action.replace(/[%_\\]/g, '\\$&')}%`}` : undefined,
    filter.from ? gte(auditEvents.occurredAt, dayStart(filter.from)) : undefined,
    filter.to ? lt(auditEvents.occurredAt, nextDay(filter.to)) : undefined,
  )!;
}

/** The clinic's audit log, newest first, filtered; one page at a time. */
export async function listAuditEvents(
  actor: Actor,
  filter: AuditFilter,
  pageSize = AUDIT_PAGE_SIZE,
  { audit = true } = {},
): Promise<{ rows: AuditEvent[]; hasMore: boolean }> {
  await requirePermission(actor, 'audit:read', { action: 'admin.audit.read' });
  const db = getDb();
  const { timeZone } = await clinicContext(db, actor.clinicId);
  const rows = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorName: auditActor.name,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      clientId: auditEvents.clientId,
      requestId: auditEvents.requestId,
      ip: auditEvents.ip,
    })
    .from(auditEvents)
    .leftJoin(auditActor, eq(auditActor.id, auditEvents.actorUserId))
    .where(auditConditions(actor, filter, timeZone))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(pageSize + 1)
    .offset((filter.page - 1) * pageSize);
  if (audit) await auditRead(db, actor, { action: 'admin.audit.read', outcome: 'success', details: { page: filter.page } });
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

const AUDIT_EXPORT_LIMIT = 10_000;

/** The filtered audit log as CSV (at most 10,000 rows, newest first; times clinic-local with offset); the export itself is audited. */
export async function exportAuditCsv(actor: Actor, filter: AuditFilter): Promise<string> {
  await requirePermission(actor, 'audit:read', { action: 'admin.audit.export' });
  const { rows } = await listAuditEvents(actor, { ...filter, page: 1 }, AUDIT_EXPORT_LIMIT, { audit: false });
  await writeAudit(getDb(), actor, {
    action: 'admin.audit.export',
    outcome: 'success',
    details: {
      rows: rows.length,
      actorFilter: filter.actorUserId ?? null,
      clientFilter: filter.clientId ?? null,
      actionFilter: filter.action ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
    },
  });
  const { timeZone } = await clinicContext(getDb(), actor.clinicId);
  return toCsv(
    rows,
    [
      { header: 'occurred_at', instant: (r) => r.occurredAt },
      { header: 'actor', value: (r) => r.actorName },
      { header: 'actor_role', value: (r) => r.actorRole },
      { header: 'action', value: (r) => r.action },
      { header: 'outcome', value: (r) => r.outcome },
      { header: 'target_type', value: (r) => r.targetType },
      { header: 'target_id', value: (r) => r.targetId },
      { header: 'client_id', value: (r) => r.clientId },
      { header: 'request_id', value: (r) => r.requestId },
      { header: 'ip', value: (r) => r.ip },
    ],
    { timeZone },
  );
}
