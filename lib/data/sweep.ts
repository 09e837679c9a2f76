import 'server-only';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { missedMeasuresFinding, type AssignmentOutcome } from '@/lib/alliance/missed';
import { getDb } from '@/db/client';
import { alerts, measureAssignments } from '@/db/schema';
import { escalateOverdueUrgentAlerts } from './escalation';
import { deliverPendingEmails } from './notify';
import { sendDueReminders } from './reminders';

/*
 * Time-based work, idempotent and safe to run from several instances at once: every step is a
 * single conditional UPDATE (a row changes state once, whoever gets there first), an insert
 * guarded by a unique key, or a transaction over rows claimed with SKIP LOCKED (escalation).
 * `now` is a parameter so tests and `npm run sweep -- --now` control time.
 */
export type SweepResult = { expired: number; missedMeasureAlerts: number; escalated: number; emailed: number; reminded: number };

const MISSED_IN_A_ROW = 2;

export async function runSweep({ now = new Date() }: { now?: Date } = {}): Promise<SweepResult> {
  const db = getDb();

  const expired = await db
    .update(measureAssignments)
    .set({ status: 'expired' })
    .where(and(inArray(measureAssignments.status, ['pending', 'in_progress']), lte(measureAssignments.expiresAt, now)))
    .returning({
      id: measureAssignments.id,
      clientId: measureAssignments.clientId,
      clinicId: measureAssignments.clinicId,
      therapistId: measureAssignments.therapistId,
      respondent: measureAssignments.respondent,
    });

  let missedMeasureAlerts = 0;
  const clientsWithExpiry = new Map(expired.filter((e) => e.respondent === 'client').map((e) => [e.clientId, e]));
  for (const [clientId, sample] of clientsWithExpiry) {
    missedMeasureAlerts += await db.transaction(async (tx) => {
      // Serialise per client across instances, then raise at most one open missed-measures alert.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`missed:${clientId}`}))`);
      const [open] = await tx
        .select({ id: alerts.id })
        .from(alerts)
        .where(and(eq(alerts.clientId, clientId), eq(alerts.kind, 'missed_measures'), eq(alerts.status, 'open')))
        .limit(1);
      if (open) return 0;
      const recent = await tx
        .select({ status: measureAssignments.status })
        .from(measureAssignments)
        .where(
          and(
            eq(measureAssignments.clientId, clientId),
            eq(measureAssignments.respondent, 'client'),
            inArray(measureAssignments.status, ['completed', 'expired', 'cancelled']),
          ),
        )
        .orderBy(asc(measureAssignments.dueAt), asc(measureAssignments.createdAt));
      const finding = missedMeasuresFinding(
        recent.map((r) => r.status as AssignmentOutcome),
        MISSED_IN_A_ROW,
      );
      if (!finding) return 0;
      await tx.insert(alerts).values({
        clinicId: sample.clinicId,
        clientId,
        therapistId: sample.therapistId,
        kind: 'missed_measures',
        severity: 'warning',
        rule: finding.rule,
        details: { ...finding },
        createdAt: now,
      });
      return 1;
    });
  }

  const escalated = await escalateOverdueUrgentAlerts(now);

  const emailed = await deliverPendingEmails();
  // After expiry above, so a form that just expired gets no reminder.
  const reminded = await sendDueReminders(now);
  return { expired: expired.length, missedMeasureAlerts, escalated, emailed, reminded };
}
