import 'server-only';
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '@/lib/authz/policy';
import { getDb, type Transaction } from '@/db/client';
import { alerts, clients, notifications, supervision, users } from '@/db/schema';
import { requirePermission, auditRead } from './audit';
import { clinicContext } from './clinic';

/*
 * Escalation of urgent alerts nobody acknowledged in time. It must reach a person: every active
 * supervisor of the client's CURRENT therapist, else every active admin of the clinic. An alert
 * counts as escalated (escalated_at, escalated_to) only in the transaction that wrote a
 * notification to a person; one that could reach nobody keeps escalated_to null, so the next sweep
 * tries again and the admin home lists it. escalated_to null is the test for "not escalated": it
 * also picks up alerts an earlier version marked escalated to nobody.
 */

/** Where an admin's escalation notification points: the admin home's section (no clinical content). */
export const ADMIN_URGENT_ALERTS_PATH = '/admin#urgent-alerts';

const HOUR = 3_600_000;

function supervisorRecordPath(therapistId: string, clientId: string): string {
  return `/supervisor/therapists/${therapistId}/clients/${clientId}#alerts`;
}

const urgentAndOpen = and(eq(alerts.severity, 'urgent'), eq(alerts.status, 'open'));

/** The sweep's escalation step; returns how many alerts it escalated (each counted by one sweep only). */
export async function escalateOverdueUrgentAlerts(now: Date): Promise<number> {
  const db = getDb();
  const clinicsWaiting = await db
    .selectDistinct({ clinicId: alerts.clinicId })
    .from(alerts)
    .where(and(urgentAndOpen, isNull(alerts.escalatedTo)));
  let escalated = 0;
  for (const { clinicId } of clinicsWaiting) {
    const { settings } = await clinicContext(db, clinicId);
    const cutoff = new Date(now.getTime() - settings.risk.escalateAfterHours * HOUR);
    escalated += await db.transaction((tx) => escalateClinic(tx, clinicId, cutoff, now));
  }
  return escalated;
}

async function escalateClinic(tx: Transaction, clinicId: string, cutoff: Date, now: Date): Promise<number> {
  // Claim the overdue alerts: rows another sweep holds are skipped (it is escalating them), and
  // rows it has finished no longer match once re-read, so each alert is escalated by one sweep.
  const claimed = await tx
    .select({ id: alerts.id, clientId: alerts.clientId, therapistId: clients.primaryTherapistId })
    .from(alerts)
    .innerJoin(clients, and(eq(clients.id, alerts.clientId), eq(clients.clinicId, alerts.clinicId)))
    .where(and(eq(alerts.clinicId, clinicId), urgentAndOpen, isNull(alerts.escalatedTo), lte(alerts.createdAt, cutoff)))
    .orderBy(asc(alerts.createdAt))
    .for('update', { of: alerts, skipLocked: true });
  if (claimed.length === 0) return 0;

  const therapistIds = [...new Set(claimed.flatMap((a) => (a.therapistId ? [a.therapistId] : [])))];
  const supervisorRows =
    therapistIds.length === 0
      ? []
      : await tx
          .select({ therapistId: supervision.therapistId, supervisorId: supervision.supervisorId })
          .from(supervision)
          .innerJoin(users, eq(users.id, supervision.supervisorId))
          .where(
            and(
              eq(supervision.clinicId, clinicId),
              inArray(supervision.therapistId, therapistIds),
              isNull(supervision.endedAt),
              eq(users.clinicId, clinicId),
              eq(users.role, 'supervisor'),
              isNull(users.disabledAt),
            ),
          )
          .orderBy(asc(supervision.startedAt), asc(supervision.supervisorId));
  const supervisorsOf = new Map<string, string[]>();
  for (const row of supervisorRows) supervisorsOf.set(row.therapistId, [...(supervisorsOf.get(row.therapistId) ?? []), row.supervisorId]);
  const admins = (
    await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.clinicId, clinicId), eq(users.role, 'admin'), isNull(users.disabledAt)))
      .orderBy(asc(users.createdAt), asc(users.id))
  ).map((a) => a.id);

  const reached = claimed.flatMap((alert) => {
    const supervisors = alert.therapistId ? (supervisorsOf.get(alert.therapistId) ?? []) : [];
    if (supervisors.length > 0) return [{ alertId: alert.id, recipients: supervisors, link: supervisorRecordPath(alert.therapistId!, alert.clientId) }];
    if (admins.length > 0) return [{ alertId: alert.id, recipients: admins, link: ADMIN_URGENT_ALERTS_PATH }];
    return [];
  });
  if (reached.length === 0) return 0;

  await tx
    .insert(notifications)
    .values(
      reached.flatMap((r) =>
        r.recipients.map((userId) => ({ clinicId, userId, kind: 'escalated_alert' as const, alertId: r.alertId, link: r.link, createdAt: now })),
      ),
    )
    .onConflictDoNothing();
  // escalated_to names one person (the first recipient); the notifications list them all.
  const alertsByFirstRecipient = new Map<string, string[]>();
  for (const r of reached) alertsByFirstRecipient.set(r.recipients[0]!, [...(alertsByFirstRecipient.get(r.recipients[0]!) ?? []), r.alertId]);
  for (const [escalatedTo, ids] of alertsByFirstRecipient) {
    await tx
      .update(alerts)
      .set({ escalatedAt: now, escalatedTo })
      .where(and(eq(alerts.clinicId, clinicId), inArray(alerts.id, ids)));
  }
  return reached.length;
}

/**
 * An urgent alert the admin should see: no supervisor could take it. No client, score or answer:
 * the admin's part is to find a person (assign a supervisor, call the therapist), and naming the
 * client beside "urgent risk alert" would itself disclose clinical information.
 */
export type UrgentAlertAwaitingPerson = {
  id: string;
  /** The client's current therapist (null when the client has none). */
  therapistName: string | null;
  raisedAt: Date;
  /** When it was escalated to the clinic's admins; null when it has reached nobody yet. */
  reachedAdminsAt: Date | null;
};

const currentTherapist = alias(users, 'current_therapist');
const escalatedToUser = alias(users, 'escalated_to_user');

/**
 * Open urgent alerts of the admin's clinic that no supervisor has: escalated to the admins, or
 * overdue, not escalated to anyone and with no active supervisor to take it at the next sweep.
 * Oldest first (longest waiting).
 */
export async function listUrgentAlertsAwaitingPerson(actor: Actor, limit = 50): Promise<{ alerts: UrgentAlertAwaitingPerson[]; total: number }> {
  await requirePermission(actor, 'escalation:read', { action: 'admin.urgent_alerts.read' });
  const db = getDb();
  const { settings } = await clinicContext(db, actor.clinicId);
  const overdueSince = new Date(Date.now() - settings.risk.escalateAfterHours * HOUR);
  // Overdue and unescalated but with a supervisor to take it: the next sweep escalates it to them.
  const activeSupervisorOfCurrentTherapist = db
    .select({ id: supervision.id })
    .from(supervision)
    .innerJoin(users, eq(users.id, supervision.supervisorId))
    .where(
      and(
        eq(supervision.clinicId, actor.clinicId),
        sql`${supervision.therapistId} = ${clients.primaryTherapistId}`,
        isNull(supervision.endedAt),
        eq(users.role, 'supervisor'),
        isNull(users.disabledAt),
      ),
    );
  const rows = await db
    .select({
      id: alerts.id,
      therapistName: currentTherapist.name,
      raisedAt: alerts.createdAt,
      escalatedAt: alerts.escalatedAt,
      escalatedToRole: escalatedToUser.role,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(alerts)
    .innerJoin(clients, and(eq(clients.id, alerts.clientId), eq(clients.clinicId, alerts.clinicId)))
    .leftJoin(currentTherapist, eq(currentTherapist.id, clients.primaryTherapistId))
    .leftJoin(escalatedToUser, eq(escalatedToUser.id, alerts.escalatedTo))
    .where(
      and(
        eq(alerts.clinicId, actor.clinicId),
        urgentAndOpen,
        or(
          and(isNull(alerts.escalatedTo), lte(alerts.createdAt, overdueSince), sql`not exists ${activeSupervisorOfCurrentTherapist}`),
          eq(escalatedToUser.role, 'admin'),
        ),
      ),
    )
    .orderBy(asc(alerts.createdAt), asc(alerts.id))
    .limit(limit);
  await auditRead(db, actor, { action: 'admin.urgent_alerts.read', outcome: 'success', details: { rows: rows.length } });
  return {
    alerts: rows.map((r) => ({
      id: r.id,
      therapistName: r.therapistName,
      raisedAt: r.raisedAt,
      reachedAdminsAt: r.escalatedToRole === 'admin' ? r.escalatedAt : null,
    })),
    total: rows[0]?.total ?? 0,
  };
}
