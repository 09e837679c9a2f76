import 'server-only';
import { can, type Actor } from '@/lib/authz/policy';
import { getInstrument, type InstrumentKey } from '@/lib/instruments';
import { endOfLocalDayAfter } from '@/lib/time';
import type { ClinicSettings } from '@/lib/validation/settings';
import type { AssignMeasure } from '@/lib/validation/sessions';
import { getDb, type Transaction } from '@/db/client';
import { measureAssignments } from '@/db/schema';
import { auditRefusals, requirePermission, writeAudit } from './audit';
import { clinicContext } from './clinic';
import { ForbiddenError, InputError, NotFoundError } from './errors';
import { lockWritableClient } from './scope';

/*
 * Measure assignments: the forms a client (or their therapist) is asked to fill in, from the
 * clinic's schedule after a session, by hand, or after a plan review.
 */

type ScheduledMeasure = { instrumentKey: InstrumentKey; respondent: 'client' | 'therapist' };

/** Pure: which measures fall due after the n-th attended session under the clinic's schedule. */
export function measuresDueAfterSession(sessionNumber: number, schedule: ClinicSettings['schedule']): ScheduledMeasure[] {
  const due: ScheduledMeasure[] = [];
  if (sessionNumber === 1 || (sessionNumber - 1) % schedule.outcomeEveryNthSession === 0) {
    due.push({ instrumentKey: 'phq-9', respondent: 'client' }, { instrumentKey: 'gad-7', respondent: 'client' });
  }
  const from = schedule.clientWaiFromSession;
  if (sessionNumber >= from && (sessionNumber - from) % schedule.clientWaiEveryNthSession === 0) {
    due.push({ instrumentKey: 'wai-sr-client', respondent: 'client' }, { instrumentKey: 'wai-sr-therapist', respondent: 'therapist' });
  }
  return due;
}

/**
 * Creates assignments inside the caller's transaction. Callers have already found the client in
 * their write scope (under lock); the policy and the clinic are checked again here so that no new
 * caller can create assignments for a role or a clinic that may not.
 */
export async function createAssignments(
  tx: Transaction,
  actor: Actor,
  input: { clinicId: string; clientId: string; therapistId: string; sessionId: string | null; dueAt: Date; measures: ScheduledMeasure[] },
) {
  if (!can(actor.role, 'client:write') && !can(actor.role, 'plan:write')) throw new ForbiddenError('Not allowed', 'client:write');
  if (input.clinicId !== actor.clinicId) throw new NotFoundError('client');
  if (input.measures.length === 0) return [];
  const { timeZone, settings } = await clinicContext(tx, input.clinicId);
  // Expiry counts calendar days in the clinic's zone, from the later of the due time and now.
  const from = new Date(Math.max(input.dueAt.getTime(), Date.now()));
  const expiresAt = endOfLocalDayAfter(from, settings.schedule.assignmentExpiryDays, timeZone);
  return tx
    .insert(measureAssignments)
    .values(
      input.measures.map((m) => ({
        clinicId: input.clinicId,
        clientId: input.clientId,
        therapistId: input.therapistId,
        sessionId: input.sessionId,
        instrumentKey: m.instrumentKey,
        respondent: m.respondent,
        dueAt: input.dueAt,
        expiresAt,
        assignedBy: actor.userId,
      })),
    )
    .returning({ id: measureAssignments.id, instrumentKey: measureAssignments.instrumentKey, respondent: measureAssignments.respondent });
}

/** A measure assigned by hand, due now. */
export async function assignMeasure(actor: Actor, clientId: string, input: AssignMeasure): Promise<{ id: string }> {
  const attempt = { action: 'measure.assign', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:write', attempt);
  const instrument = getInstrument(input.instrumentKey);
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const client = await lockWritableClient(tx, actor, clientId);
      if (client.status === 'discharged') throw new InputError('This client has been discharged; measures can no longer be assigned.');
      const [created] = await createAssignments(tx, actor, {
        clinicId: client.clinicId,
        clientId: client.id,
        therapistId: client.therapistId,
        sessionId: null,
        dueAt: new Date(),
        measures: [{ instrumentKey: instrument.key, respondent: instrument.respondent }],
      });
      await writeAudit(tx, actor, {
        action: 'measure.assign',
        outcome: 'success',
        targetType: 'assignment',
        targetId: created!.id,
        clientId: client.id,
        details: { instrument: instrument.key },
      });
      return { id: created!.id };
    }),
  );
}
