import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { can, type Actor } from '@/lib/authz/policy';
import type { ClientContact } from '@/lib/validation/clients';
import { getDb } from '@/db/client';
import { alerts, clients, therapySessions, treatmentPlans, users } from '@/db/schema';
import { refuseOutOfScope, requirePermission, auditRead, writeAudit } from './audit';
import { clientsInScope, outerClientId } from './scope';

export type CaseloadRow = {
  id: string;
  name: string;
  status: 'active' | 'waitlist' | 'discharged';
  attendedSessions: number;
  lastSessionAt: Date | null;
  openAlerts: number;
  urgentAlerts: number;
};

export function displayName(c: { firstName: string; lastName: string; preferredName: string | null }): string {
  return c.preferredName ? `${c.preferredName} ${c.lastName}` : `${c.firstName} ${c.lastName}`;
}

/** The therapist's own caseload, one row per client. */

export async function listCaseload(actor: Actor): Promise<CaseloadRow[]> {
  await requirePermission(actor, 'caseload:read', { action: 'caseload.read' });
  const db = getDb();
  const rows = await db
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      preferredName: clients.preferredName,
      status: clients.status,
      attendedSessions: sql<number>`(select count(*)::int from ${therapySessions} s where s.client_id = ${outerClientId} and s.attendance = 'attended')`,
      lastSessionAt:
        sql<Date | null>`(select max(s.occurred_at) from ${therapySessions} s where s.client_id = ${outerClientId} and s.attendance = 'attended')`.mapWith(
          (v: string | Date | null) => (v === null ? null : new Date(v)),
        ),
      openAlerts: sql<number>`(select count(*)::int from ${alerts} a where a.client_id = ${outerClientId} and a.status = 'open')`,
      urgentAlerts: sql<number>`(select count(*)::int from ${alerts} a where a.client_id = ${outerClientId} and a.status = 'open' and a.severity = 'urgent')`,
    })
    .from(clients)
    .where(clientsInScope(actor, 'caseload:read'))
    .orderBy(asc(clients.lastName), asc(clients.firstName));
  await auditRead(db, actor, { action: 'caseload.read', outcome: 'success', details: { rows: rows.length } });
  return rows.map((r) => ({
    id: r.id,
    name: displayName(r),
    status: r.status,
    attendedSessions: r.attendedSessions,
    lastSessionAt: r.lastSessionAt,
    openAlerts: r.openAlerts,
    urgentAlerts: r.urgentAlerts,
  }));
}

export type ClientProfile = {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  email: string | null;
  phone: string | null;
  status: 'active' | 'waitlist' | 'discharged';
  intakeDate: string | null;
  therapistName: string | null;
  hasPortalAccount: boolean;
  activePlanTitle: string | null;
  attendedSessions: number;
  dischargedAt: Date | null;
  dischargeReason: string | null;
  canEdit: boolean;
};

const therapist = alias(users, 'therapist');

/** One client's profile, if the actor may read it; otherwise NotFound (never reveal existence). */
export async function getClientProfile(actor: Actor, clientId: string): Promise<ClientProfile> {
  const attempt = { action: 'client.read', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:read', attempt, { notFound: 'client' });
  const db = getDb();
  const [row] = await db
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      preferredName: clients.preferredName,
      dateOfBirth: clients.dateOfBirth,
      email: clients.email,
      phone: clients.phone,
      status: clients.status,
      intakeDate: clients.intakeDate,
      dischargedAt: clients.dischargedAt,
      dischargeReason: clients.dischargeReason,
      therapistName: therapist.name,
      portalUserId: clients.portalUserId,
      activePlanTitle: sql<string | null>`(select p.title from ${treatmentPlans} p where p.client_id = ${outerClientId} and p.status = 'active' limit 1)`,
      attendedSessions: sql<number>`(select count(*)::int from ${therapySessions} s where s.client_id = ${outerClientId} and s.attendance = 'attended')`,
    })
    .from(clients)
    .leftJoin(therapist, eq(therapist.id, clients.primaryTherapistId))
    .where(and(eq(clients.id, clientId), clientsInScope(actor, 'client:read')))
    .limit(1);
  if (!row) return refuseOutOfScope(actor, attempt, 'client');
  await auditRead(db, actor, { action: 'client.read', outcome: 'success', targetType: 'client', targetId: row.id, clientId: row.id });
  return {
    id: row.id,
    name: displayName(row),
    firstName: row.firstName,
    lastName: row.lastName,
    preferredName: row.preferredName,
    dateOfBirth: can(actor.role, 'client:read-details') ? row.dateOfBirth : null,
    email: row.email,
    phone: row.phone,
    status: row.status,
    intakeDate: row.intakeDate,
    therapistName: row.therapistName,
    hasPortalAccount: row.portalUserId !== null,
    activePlanTitle: row.activePlanTitle,
    attendedSessions: row.attendedSessions,
    dischargedAt: row.dischargedAt,
    dischargeReason: can(actor.role, 'client:read-details') ? row.dischargeReason : null,
    canEdit: can(actor.role, 'client:write'),
  };
}

/** Updates a client's contact details (parsed by clientContactSchema); only the client's own therapist may. */
export async function updateClientContact(actor: Actor, clientId: string, values: ClientContact): Promise<void> {
  const attempt = { action: 'client.update_contact', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:write', attempt, { notFound: 'client' });
  const updated = await getDb().transaction(async (tx) => {
    const changed = await tx
      .update(clients)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(clients.id, clientId), clientsInScope(actor, 'client:write')))
      .returning({ id: clients.id });
    if (changed.length === 1) {
      await writeAudit(tx, actor, {
        action: 'client.update_contact',
        outcome: 'success',
        targetType: 'client',
        targetId: clientId,
        clientId,
        details: {
          fields: Object.keys(values)
            .filter((k) => values[k as keyof typeof values] !== undefined)
            .join(','),
        },
      });
    }
    return changed.length;
  });
  if (updated !== 1) await refuseOutOfScope(actor, attempt, 'client');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
