import 'server-only';
import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { getInstrument, isInstrumentKey } from '@/lib/instruments';
import { requestLogger } from '@/lib/log';
import { dueReminder, planReminders, type PlannedReminder, type ReminderKind } from '@/lib/reminders/schedule';
import { getDb } from '@/db/client';
import { clients, clinicSettings, formReminders, measureAssignments, users } from '@/db/schema';
import { refuseOutOfScope, requirePermission, auditRead, writeAudit } from './audit';
import { clinicContext } from './clinic';
import { mailConfigured, mailSender, publicOrigin } from '@/lib/mail';
import { clientsInScope } from './scope';

/*
 * Form reminders: the sweep mails a client when a form of theirs is assigned and again before it
 * expires (clinic settings, lib/reminders/schedule.ts). The mail links to the portal and says
 * nothing else: no name, no instrument (a form's name can reveal a condition), no score.
 *
 * Exactly once across instances: a reminder is claimed by inserting its row, whose unique key
 * (assignment, reminder number) lets one sweep win; the insert re-checks in SQL that the form is
 * still open and the client has not opted out. A failed send deletes the claim, so a later sweep
 * retries; a claim left by a sweep that died mid-send is released after CLAIM_TIMEOUT_MINUTES.
 */

const CLAIM_TIMEOUT_MINUTES = 10;
export const PORTAL_REMINDERS_PATH = '/portal/reminders';

export const REMINDER_SUBJECT = 'Rapport: a form is waiting for you';

/** The reminder mail: a link to the portal and a way to stop reminders, nothing more. */
export function reminderEmail(origin: string): { subject: string; text: string } {
  return {
    subject: REMINDER_SUBJECT,
    text: [
      'A form is waiting for you in your Rapport portal.',
      `Sign in to fill it in: ${origin}/portal`,
      `To stop these reminders, switch them off in your portal: ${origin}${PORTAL_REMINDERS_PATH}`,
      'This message contains no health information by design.',
    ].join('\n\n'),
  };
}

type Candidate = { assignmentId: string; clientId: string; assignedAt: Date; expiresAt: Date; email: string };
type Claimed = { id: string; assignmentId: string; number: number };

/** The sweep's reminder step; returns how many reminders it sent (each by one sweep only). */
export async function sendDueReminders(now: Date): Promise<number> {
  if (!mailConfigured()) return 0;
  const db = getDb();
  await db
    .delete(formReminders)
    .where(and(isNull(formReminders.sentAt), lt(formReminders.claimedAt, sql`now() - make_interval(mins => ${CLAIM_TIMEOUT_MINUTES})`)));
  const clinicsOn = await db
    .select({ clinicId: clinicSettings.clinicId })
    .from(clinicSettings)
    .where(sql`(${clinicSettings.settings} -> 'reminders' ->> 'enabled') = 'true'`);
  let sent = 0;
  for (const { clinicId } of clinicsOn) sent += await sendClinicReminders(clinicId, now);
  return sent;
}

async function sendClinicReminders(clinicId: string, now: Date): Promise<number> {
  const db = getDb();
  const { settings, timeZone } = await clinicContext(db, clinicId);
  const policy = settings.reminders;
  if (!policy.enabled) return 0;
  const enabledSince = policy.enabledSince ? new Date(policy.enabledSince) : null;

  const candidates: Candidate[] = await db
    .select({
      assignmentId: measureAssignments.id,
      clientId: measureAssignments.clientId,
      assignedAt: measureAssignments.createdAt,
      expiresAt: measureAssignments.expiresAt,
      email: users.email,
    })
    .from(measureAssignments)
    .innerJoin(clients, and(eq(clients.id, measureAssignments.clientId), eq(clients.clinicId, clinicId)))
    .innerJoin(users, and(eq(users.id, clients.portalUserId), eq(users.clinicId, clinicId), eq(users.role, 'client')))
    .where(
      and(
        eq(measureAssignments.clinicId, clinicId),
        eq(measureAssignments.respondent, 'client'),
        inArray(measureAssignments.status, ['pending', 'in_progress']),
        gt(measureAssignments.expiresAt, now),
        lte(measureAssignments.createdAt, now),
        isNull(clients.remindersOptedOutAt),
        ne(clients.status, 'discharged'),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(measureAssignments.clientId), asc(measureAssignments.createdAt));
  if (candidates.length === 0) return 0;

  const numbersOf = new Map<string, number[]>();
  for (let i = 0; i < candidates.length; i += 500) {
    const ids = candidates.slice(i, i + 500).map((c) => c.assignmentId);
    const rows = await db
      .select({ assignmentId: formReminders.assignmentId, number: formReminders.reminderNumber })
      .from(formReminders)
      .where(inArray(formReminders.assignmentId, ids));
    for (const r of rows) numbersOf.set(r.assignmentId, [...(numbersOf.get(r.assignmentId) ?? []), r.number]);
  }

  // One message per client per sweep, however many of their forms are due.
  const dueByClient = new Map<string, { email: string; due: { candidate: Candidate; reminder: PlannedReminder }[] }>();
  for (const c of candidates) {
    const reminder = dueReminder(
      planReminders({ assignedAt: c.assignedAt, expiresAt: c.expiresAt }, policy, timeZone, enabledSince),
      numbersOf.get(c.assignmentId) ?? [],
      now,
    );
    if (!reminder) continue;
    const entry = dueByClient.get(c.clientId) ?? { email: c.email, due: [] };
    entry.due.push({ candidate: c, reminder });
    dueByClient.set(c.clientId, entry);
  }

  const send = mailSender();
  const origin = publicOrigin();
  let sent = 0;
  for (const [clientId, { email, due }] of dueByClient) {
    const claimed: Claimed[] = [];
    for (const { candidate, reminder } of due) {
      const row = await claimReminder(clinicId, candidate.assignmentId, reminder.number, reminder.kind, reminder.sendAt, now);
      if (row) claimed.push({ id: row, assignmentId: candidate.assignmentId, number: reminder.number });
    }
    if (claimed.length === 0) continue;
    const ids = claimed.map((c) => c.id);
    try {
      await send({ to: email, ...reminderEmail(origin) });
      await db.update(formReminders).set({ sentAt: now }).where(inArray(formReminders.id, ids));
      sent += claimed.length;
    } catch (error) {
      await db.delete(formReminders).where(and(inArray(formReminders.id, ids), isNull(formReminders.sentAt)));
      // Ids, not the address: they find the client without putting them in the log.
      (await requestLogger()).warn({ err: error, clientId, reminders: ids.length }, 'Form reminder mail failed; released for the next sweep');
    }
  }
  return sent;
}

/**
 * Claims one reminder: inserted only while the form is still open and unexpired and the client has
 * not opted out, and only by one sweep (the unique key). Returns the claim's id, or null.
 */
async function claimReminder(
  clinicId: string,
  assignmentId: string,
  number: number,
  kind: ReminderKind,
  scheduledFor: Date,
  now: Date,
): Promise<string | null> {
  const db = getDb();
  const rows = await db
    .insert(formReminders)
    .select(
      db
        // Every column, in the table's order (drizzle's insert … select requires it).
        .select({
          id: sql<string>`gen_random_uuid()`.as('id'),
          clinicId: measureAssignments.clinicId,
          assignmentId: measureAssignments.id,
          clientId: measureAssignments.clientId,
          reminderNumber: sql<number>`${number}::int`.as('reminder_number'),
          kind: sql<ReminderKind>`${kind}::reminder_kind`.as('kind'),
          scheduledFor: sql<Date>`${scheduledFor.toISOString()}::timestamptz`.as('scheduled_for'),
          claimedAt: sql<Date>`now()`.as('claimed_at'),
          sentAt: sql<Date | null>`null::timestamptz`.as('sent_at'),
        })
        .from(measureAssignments)
        .innerJoin(clients, eq(clients.id, measureAssignments.clientId))
        .where(
          and(
            eq(measureAssignments.id, assignmentId),
            eq(measureAssignments.clinicId, clinicId),
            inArray(measureAssignments.status, ['pending', 'in_progress']),
            gt(measureAssignments.expiresAt, now),
            isNull(clients.remindersOptedOutAt),
          ),
        ),
    )
    .onConflictDoNothing()
    .returning({ id: formReminders.id });
  return rows[0]?.id ?? null;
}

/* ---------------------------------------------------------------------------------------------- */

export type MyReminderSettings = { optedOut: boolean; clinicSendsReminders: boolean };

/** The signed-in client's own reminder choice, and whether their clinic sends reminders at all. */
export async function getMyReminderSettings(actor: Actor): Promise<MyReminderSettings> {
  const attempt = { action: 'portal.reminders.read' };
  await requirePermission(actor, 'portal:reminders-own', attempt);
  const db = getDb();
  const [me] = await db
    .select({ id: clients.id, optedOutAt: clients.remindersOptedOutAt })
    .from(clients)
    .where(clientsInScope(actor, 'portal:reminders-own'))
    .limit(1);
  if (!me) return refuseOutOfScope(actor, attempt, 'client record');
  const { settings } = await clinicContext(db, actor.clinicId);
  await auditRead(db, actor, { action: 'portal.reminders.read', outcome: 'success', targetType: 'client', targetId: me.id, clientId: me.id });
  return { optedOut: me.optedOutAt !== null, clinicSendsReminders: settings.reminders.enabled };
}

/** The client switches their own form reminders off (optedOut) or back on. */
export async function setMyReminderOptOut(actor: Actor, optedOut: boolean): Promise<MyReminderSettings> {
  const attempt = { action: 'portal.reminders.update' };
  await requirePermission(actor, 'portal:reminders-own', attempt);
  const db = getDb();
  const result = await db.transaction(async (tx) => {
    const [me] = await tx
      .update(clients)
      // Keeps the first opt-out time when it is set again.
      .set({ remindersOptedOutAt: optedOut ? sql`coalesce(${clients.remindersOptedOutAt}, now())` : null })
      .where(clientsInScope(actor, 'portal:reminders-own'))
      .returning({ id: clients.id });
    if (!me) return null;
    await writeAudit(tx, actor, {
      action: 'portal.reminders.update',
      outcome: 'success',
      targetType: 'client',
      targetId: me.id,
      clientId: me.id,
      details: { optedOut },
    });
    return me;
  });
  if (!result) return refuseOutOfScope(actor, attempt, 'client record');
  const { settings } = await clinicContext(db, actor.clinicId);
  return { optedOut, clinicSendsReminders: settings.reminders.enabled };
}

export type SentReminder = { id: string; sentAt: Date; kind: ReminderKind; reminderNumber: number; formTitle: string };
export type ClientReminders = { optedOutAt: Date | null; clinicSendsReminders: boolean; reminders: SentReminder[] };

const HISTORY_LIMIT = 50;

/** When reminders were mailed to a client (newest first), for the staff who read their measures. */
export async function listClientReminders(actor: Actor, clientId: string): Promise<ClientReminders> {
  const attempt = { action: 'reminders.client.read', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'measure:read', attempt, { notFound: 'client' });
  const db = getDb();
  const [client] = await db
    .select({ id: clients.id, optedOutAt: clients.remindersOptedOutAt })
    .from(clients)
    .where(and(eq(clients.id, clientId), clientsInScope(actor, 'measure:read')))
    .limit(1);
  if (!client) return refuseOutOfScope(actor, attempt, 'client');
  const rows = await db
    .select({
      id: formReminders.id,
      sentAt: formReminders.sentAt,
      kind: formReminders.kind,
      reminderNumber: formReminders.reminderNumber,
      instrumentKey: measureAssignments.instrumentKey,
    })
    .from(formReminders)
    .innerJoin(measureAssignments, eq(measureAssignments.id, formReminders.assignmentId))
    .where(and(eq(formReminders.clinicId, actor.clinicId), eq(formReminders.clientId, client.id), sql`${formReminders.sentAt} is not null`))
    .orderBy(desc(formReminders.sentAt), desc(formReminders.reminderNumber))
    .limit(HISTORY_LIMIT);
  const { settings } = await clinicContext(db, actor.clinicId);
  await auditRead(db, actor, {
    action: 'reminders.client.read',
    outcome: 'success',
    targetType: 'client',
    targetId: client.id,
    clientId: client.id,
    details: { rows: rows.length },
  });
  return {
    optedOutAt: client.optedOutAt,
    clinicSendsReminders: settings.reminders.enabled,
    reminders: rows.map((r) => ({
      id: r.id,
      sentAt: r.sentAt!,
      kind: r.kind,
      reminderNumber: r.reminderNumber,
      formTitle: isInstrumentKey(r.instrumentKey) ? getInstrument(r.instrumentKey).shortTitle : r.instrumentKey,
    })),
  };
}
