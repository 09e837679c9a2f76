import 'server-only';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { can, type Actor } from '@/lib/authz/policy';
import type { AcknowledgeAlert } from '@/lib/validation/sessions';
import { getDb } from '@/db/client';
import { refreshClientSupervisionRollup } from '@/db/supervision-rollup';
import { alerts, clients, notifications, users } from '@/db/schema';
import { auditRefusals, requirePermission, auditRead, writeAudit } from './audit';
import { displayName, isUuid } from './clients';
import { InputError, NotFoundError } from './errors';
import { clientsInScope } from './scope';
import { lockClientAlerts } from './client-lock';

export type Alert = {
  id: string;
  clientId: string;
  clientName: string;
  kind: 'low_alliance' | 'rupture' | 'rating_gap' | 'risk' | 'deterioration' | 'missed_measures' | 'goal_disagreement';
  severity: 'info' | 'warning' | 'urgent';
  rule: string;
  details: Record<string, unknown>;
  status: 'open' | 'acknowledged' | 'resolved';
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgementNote: string | null;
  repairedAt: Date | null;
  escalatedAt: Date | null;
  therapistId: string;
  therapistName: string | null;
  /** The response that raised it, when one did (chart markers sit on it). */
  responseId: string | null;
  /** Alerts raised by one response share an episode: listed together, acknowledged once. */
  episodeId: string;
  /** How often it was raised: an open alert of a kind is updated rather than repeated. */
  raiseCount: number;
  lastRaisedAt: Date;
};

const alertColumns = {
  id: alerts.id,
  clientId: alerts.clientId,
  firstName: clients.firstName,
  lastName: clients.lastName,
  preferredName: clients.preferredName,
  kind: alerts.kind,
  severity: alerts.severity,
  rule: alerts.rule,
  details: alerts.details,
  status: alerts.status,
  createdAt: alerts.createdAt,
  acknowledgedAt: alerts.acknowledgedAt,
  acknowledgementNote: alerts.acknowledgementNote,
  repairedAt: alerts.repairedAt,
  escalatedAt: alerts.escalatedAt,
  therapistId: alerts.therapistId,
  therapistName: users.name,
  responseId: alerts.responseId,
  episodeId: sql<string>`coalesce(${alerts.episodeId}, ${alerts.id})`,
  raiseCount: alerts.raiseCount,
  lastRaisedAt: alerts.lastRaisedAt,
};

/** Alerts raised on their own (the sweep, a plan) are an episode by themselves. */
const episodeKey = sql`coalesce(${alerts.episodeId}, ${alerts.id})`;

const alertQuery = () =>
  getDb().select(alertColumns).from(alerts).innerJoin(clients, eq(clients.id, alerts.clientId)).leftJoin(users, eq(users.id, alerts.therapistId));
type AlertRow = Awaited<ReturnType<typeof alertQuery>>[number];

function alertOf(r: AlertRow): Alert {
  return {
    id: r.id,
    clientId: r.clientId,
    clientName: displayName(r),
    kind: r.kind,
    severity: r.severity,
    rule: r.rule,
    details: (r.details ?? {}) as Record<string, unknown>,
    status: r.status,
    createdAt: r.createdAt,
    acknowledgedAt: r.acknowledgedAt,
    acknowledgementNote: r.acknowledgementNote,
    repairedAt: r.repairedAt,
    escalatedAt: r.escalatedAt,
    therapistId: r.therapistId,
    therapistName: r.therapistName,
    responseId: r.responseId,
    episodeId: r.episodeId,
    raiseCount: r.raiseCount,
    lastRaisedAt: r.lastRaisedAt ?? r.createdAt,
  };
}

const severityOrder = sql`case ${alerts.severity} when 'urgent' then 0 when 'warning' then 1 else 2 end`;

export type AlertInbox = { alerts: Alert[]; total: number };

/**
 * Open alerts for the actor, by episode (alerts one response raised come together): a therapist's
 * own clients, urgent first; a supervisor's escalated alerts for the therapists they supervise. The
 * alerts of the first `limit` episodes, with how many episodes there are in all (a window count in
 * the same query, so the home pages render a short list, not every alert).
 */
export async function listAlertInbox(actor: Actor, limit = 10): Promise<AlertInbox> {
  await requirePermission(actor, 'alert:read', { action: 'alerts.inbox.read' });
  const db = getDb();
  const escalatedOnly = can(actor.role, 'alert:triage') ? sql`true` : sql`${alerts.escalatedAt} is not null`;
  const inbox = and(eq(alerts.clinicId, actor.clinicId), eq(alerts.status, 'open'), escalatedOnly, clientsInScope(actor, 'alert:read'));
  const top = db
    .select({
      episode: sql<string>`${episodeKey}`.as('episode'),
      rank: sql<number>`min(${severityOrder})`.as('rank'),
      latest: sql<Date>`max(coalesce(${alerts.lastRaisedAt}, ${alerts.createdAt}))`.as('latest'),
      total: sql<number>`(count(*) over ())::int`.as('total'),
    })
    .from(alerts)
    .innerJoin(clients, eq(clients.id, alerts.clientId))
    .where(inbox)
    .groupBy(episodeKey)
    .orderBy(sql`2`, sql`3 desc`)
    .limit(limit)
    .as('top');
  const rows = await db
    .select({ ...alertColumns, total: top.total })
    .from(alerts)
    .innerJoin(top, sql`${episodeKey} = ${top.episode}`)
    .innerJoin(clients, eq(clients.id, alerts.clientId))
    .leftJoin(users, eq(users.id, alerts.therapistId))
    .where(inbox)
    .orderBy(top.rank, desc(top.latest), top.episode, severityOrder, desc(alerts.createdAt));
  await auditRead(db, actor, { action: 'alerts.inbox.read', outcome: 'success', details: { rows: rows.length } });
  return { alerts: rows.map(alertOf), total: rows[0]?.total ?? 0 };
}

/** Every alert of one client the actor may read, newest first. */
export async function listClientAlerts(actor: Actor, clientId: string): Promise<Alert[]> {
  await requirePermission(actor, 'alert:read', { action: 'alerts.client.read', targetType: 'client', targetId: clientId }, { notFound: 'client' });
  const rows = await alertQuery()
    .where(and(eq(alerts.clientId, clientId), eq(alerts.clinicId, actor.clinicId), clientsInScope(actor, 'alert:read')))
    .orderBy(desc(alerts.createdAt))
    .limit(200);
  return rows.map(alertOf);
}

/**
 * The therapist acknowledges an alert with a short repair note: every open alert of its episode at
 * once (one response, one note), and their notifications are read.
 */
export async function acknowledgeAlert(actor: Actor, alertId: string, input: AcknowledgeAlert): Promise<{ acknowledged: number }> {
  const attempt = { action: 'alert.acknowledge', targetType: 'alert', targetId: alertId };
  await requirePermission(actor, 'alert:acknowledge', attempt, { notFound: 'alert' });
  const db = getDb();
  return auditRefusals(actor, attempt, () =>
    db.transaction(async (tx) => {
      // The client's alert lock first, as a response's transaction takes it before the alert rows:
      // the acknowledgement then rewrites the client's rollup rows after any submission in flight.
      const [peek] = isUuid(alertId)
        ? await tx
            .select({ clientId: alerts.clientId })
            .from(alerts)
            .where(and(eq(alerts.id, alertId), eq(alerts.clinicId, actor.clinicId)))
            .limit(1)
        : [];
      if (peek) await lockClientAlerts(tx, peek.clientId);
      const [target] = await tx
        .select({ id: alerts.id, status: alerts.status, clientId: alerts.clientId, episode: sql<string>`${episodeKey}` })
        .from(alerts)
        .innerJoin(clients, eq(clients.id, alerts.clientId))
        .where(and(eq(alerts.id, alertId), eq(alerts.clinicId, actor.clinicId), clientsInScope(actor, 'alert:acknowledge')))
        .limit(1)
        .for('update', { of: alerts });
      if (!target) throw new NotFoundError('alert');
      if (target.status !== 'open') throw new InputError('This alert has already been acknowledged.');
      const acknowledged = await tx
        .update(alerts)
        .set({ status: 'acknowledged', acknowledgedAt: sql`now()`, acknowledgedBy: actor.userId, acknowledgementNote: input.note })
        .where(
          and(eq(alerts.clinicId, actor.clinicId), eq(alerts.clientId, target.clientId), eq(alerts.status, 'open'), sql`${episodeKey} = ${target.episode}`),
        )
        .returning({ id: alerts.id, kind: alerts.kind });
      const ids = acknowledged.map((a) => a.id);
      // A rupture's acknowledgement counts in the supervisor's rollup (acknowledged within 7 days).
      if (acknowledged.some((a) => a.kind === 'rupture')) await refreshClientSupervisionRollup(tx, actor.clinicId, target.clientId);
      await tx
        .update(notifications)
        .set({ readAt: sql`now()` })
        .where(and(inArray(notifications.alertId, ids), isNull(notifications.readAt)));
      await writeAudit(tx, actor, {
        action: 'alert.acknowledge',
        outcome: 'success',
        targetType: 'alert',
        targetId: target.id,
        clientId: target.clientId,
        details: { alerts: ids.length },
      });
      return { acknowledged: ids.length };
    }),
  );
}

export type StaffNotification = { id: string; kind: 'urgent_alert' | 'escalated_alert' | 'alert'; link: string; createdAt: Date };

/** Unread notifications of the actor (no health data in them by design). */
export async function listMyNotifications(actor: Actor): Promise<StaffNotification[]> {
  return getDb()
    .select({ id: notifications.id, kind: notifications.kind, link: notifications.link, createdAt: notifications.createdAt })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), eq(notifications.clinicId, actor.clinicId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt))
    .limit(20);
}

export async function markNotificationsRead(actor: Actor, ids: string[]): Promise<void> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return;
  await getDb()
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, actor.userId), inArray(notifications.id, valid), or(isNull(notifications.readAt))));
}

/** How many notifications the actor has not read yet. */
export async function countUnreadNotifications(actor: Actor): Promise<number> {
  const [row] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), eq(notifications.clinicId, actor.clinicId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}
