import 'server-only';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { getInstrument, type InstrumentKey } from '@/lib/instruments';
import { endOfLocalDayAfter, parseClinicDateTime } from '@/lib/time';
import type { ClinicSettings } from '@/lib/validation/settings';
import type { AssignMeasure, Discharge, RecordSession } from '@/lib/validation/sessions';
import { getDb, type Transaction } from '@/db/client';
import { caseloadHistory, clients, measureAssignments, therapySessions } from '@/db/schema';
import { auditRefusals, refuseOutOfScope, requirePermission, writeAudit } from './audit';
import { clinicContext } from './clinic';
import { isUuid } from './clients';
import { InputError, NotFoundError } from './errors';
import { pageRequest, readScopedPage } from './paging';
import { clientsInScope } from './scope';

/*
 * Sessions drive the measurement schedule: recording an *attended* session creates the measures due
 * after it (no-shows and cancellations do not advance the count); discharge closes what is open.
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

/** The client row if the actor (their therapist) may write to it; NotFound otherwise. */
async function writableClient(tx: Transaction, actor: Actor, clientId: string) {
  if (!isUuid(clientId)) throw new NotFoundError('client');
  const [client] = await tx
    .select({ id: clients.id, clinicId: clients.clinicId, status: clients.status, therapistId: clients.primaryTherapistId })
    .from(clients)
    .where(and(eq(clients.id, clientId), clientsInScope(actor, 'client:write')))
    .limit(1)
    .for('update');
  if (!client?.therapistId) {
    throw new NotFoundError('client');
  }
  return { ...client, therapistId: client.therapistId };
}

export async function createAssignments(tx: Transaction, actor: Actor, input: { clinicId: string; clientId: string; therapistId: string; sessionId: string | null; dueAt: Date; measures: ScheduledMeasure[] }) {
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

export type RecordedSession = { sessionId: string; sessionNumber: number | null; assigned: { id: string; instrumentKey: string; respondent: string }[] };

export async function recordSession(actor: Actor, clientId: string, input: RecordSession): Promise<RecordedSession> {
  const attempt = { action: 'session.record', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:write', attempt);
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
    const client = await writableClient(tx, actor, clientId);
    if (client.status === 'discharged') throw new InputError('This client has been discharged; sessions can no longer be recorded.');
    const { timeZone } = await clinicContext(tx, client.clinicId);
    const occurredAt = parseClinicDateTime(input.occurredAt, timeZone);
    if (Number.isNaN(occurredAt.getTime())) throw new InputError('Enter a valid date and time.', 'occurredAt');
    if (occurredAt.getTime() > Date.now() + 24 * 3_600_000) throw new InputError('A session cannot be recorded more than a day ahead.', 'occurredAt');
    let sessionNumber: number | null = null;
    if (input.attendance === 'attended') {
      const [last] = await tx
        .select({ n: sql<number>`coalesce(max(${therapySessions.sessionNumber}), 0)::int` })
        .from(therapySessions)
        .where(and(eq(therapySessions.clientId, client.id), eq(therapySessions.clinicId, client.clinicId)));
      sessionNumber = (last?.n ?? 0) + 1;
    }
    const [session] = await tx
      .insert(therapySessions)
      .values({ clinicId: client.clinicId, clientId: client.id, therapistId: actor.userId, occurredAt, attendance: input.attendance, sessionNumber, note: input.note || null, createdBy: actor.userId })
      .returning({ id: therapySessions.id });
    const { settings } = await clinicContext(tx, client.clinicId);
    const measures = sessionNumber === null ? [] : measuresDueAfterSession(sessionNumber, settings.schedule);
    const assigned = await createAssignments(tx, actor, { clinicId: client.clinicId, clientId: client.id, therapistId: client.therapistId, sessionId: session!.id, dueAt: occurredAt, measures });
    await writeAudit(tx, actor, { action: 'session.record', outcome: 'success', targetType: 'session', targetId: session!.id, clientId: client.id, details: { attendance: input.attendance, assigned: assigned.length } });
    return { sessionId: session!.id, sessionNumber, assigned };
  }),
  );
}

/** A measure assigned by hand, due now. */
export async function assignMeasure(actor: Actor, clientId: string, input: AssignMeasure): Promise<{ id: string }> {
  const attempt = { action: 'measure.assign', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:write', attempt);
  const instrument = getInstrument(input.instrumentKey);
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
    const client = await writableClient(tx, actor, clientId);
    if (client.status === 'discharged') throw new InputError('This client has been discharged; measures can no longer be assigned.');
    const [created] = await createAssignments(tx, actor, {
      clinicId: client.clinicId,
      clientId: client.id,
      therapistId: client.therapistId,
      sessionId: null,
      dueAt: new Date(),
      measures: [{ instrumentKey: instrument.key, respondent: instrument.respondent }],
    });
    await writeAudit(tx, actor, { action: 'measure.assign', outcome: 'success', targetType: 'assignment', targetId: created!.id, clientId: client.id, details: { instrument: instrument.key } });
    return { id: created!.id };
  }),
  );
}

/** Discharges a client: closes open assignments and the caseload period, keeps all history. */
export async function dischargeClient(actor: Actor, clientId: string, input: Discharge): Promise<{ cancelledAssignments: number }> {
  const attempt = { action: 'client.discharge', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:write', attempt);
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
    const client = await writableClient(tx, actor, clientId);
    if (client.status === 'discharged') throw new InputError('This client is already discharged.');
    await tx.update(clients).set({ status: 'discharged', dischargedAt: sql`now()`, dischargeReason: input.reason, updatedAt: sql`now()` }).where(eq(clients.id, client.id));
    const cancelled = await tx
      .update(measureAssignments)
      .set({ status: 'cancelled' })
      .where(and(eq(measureAssignments.clientId, client.id), inArray(measureAssignments.status, ['pending', 'in_progress'])))
      .returning({ id: measureAssignments.id });
    await tx
      .update(caseloadHistory)
      .set({ endedAt: sql`now()`, reason: input.reason })
      .where(and(eq(caseloadHistory.clientId, client.id), isNull(caseloadHistory.endedAt)));
    await writeAudit(tx, actor, { action: 'client.discharge', outcome: 'success', targetType: 'client', targetId: client.id, clientId: client.id, details: { cancelledAssignments: cancelled.length } });
    return { cancelledAssignments: cancelled.length };
  }),
  );
}

export type SessionRow = { id: string; occurredAt: Date; attendance: 'attended' | 'no_show' | 'cancelled'; sessionNumber: number | null; note: string | null };
export type SessionPage = { sessions: SessionRow[]; total: number; page: number; pageSize: number };

/** Rows per page of a client's session history. */
export const SESSION_PAGE_SIZE = 10;

/**
 * One page of a client's sessions, newest first, with how many there are; a page past the end
 * gives the last. One statement: the client row in scope LEFT JOIN its sessions (no row: 404).
 */
export async function listClientSessions(actor: Actor, clientId: string, { page = 1, pageSize = SESSION_PAGE_SIZE }: { page?: number; pageSize?: number } = {}): Promise<SessionPage> {
  const attempt = { action: 'sessions.read', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:read', attempt, { notFound: 'client' });
  const { wanted, size } = pageRequest({ page, pageSize }, SESSION_PAGE_SIZE);
  const db = getDb();
  const inScope = and(eq(clients.id, clientId), clientsInScope(actor, 'client:read'));
  const pageOf = (n: number) =>
    db
      .select({
        id: therapySessions.id,
        occurredAt: therapySessions.occurredAt,
        attendance: therapySessions.attendance,
        sessionNumber: therapySessions.sessionNumber,
        note: therapySessions.note,
        total: sql<number>`(count(${therapySessions.id}) over ())::int`,
      })
      .from(clients)
      .leftJoin(therapySessions, eq(therapySessions.clientId, clients.id))
      .where(inScope)
      .orderBy(desc(therapySessions.occurredAt), desc(therapySessions.id))
      .limit(size)
      .offset((n - 1) * size);
  const read = await readScopedPage(wanted, size, pageOf, async () => {
    const [scoped] = await db
      .select({ total: sql<number>`count(${therapySessions.id})::int` })
      .from(clients)
      .leftJoin(therapySessions, eq(therapySessions.clientId, clients.id))
      .where(inScope)
      .groupBy(clients.id);
    return scoped?.total ?? null;
  });
  if (!read) return refuseOutOfScope(actor, attempt, 'client');
  const { rows, total, page: current } = read;
  const sessions = rows.flatMap(({ id, occurredAt, attendance, sessionNumber, note }): SessionRow[] => (id && occurredAt && attendance ? [{ id, occurredAt, attendance, sessionNumber, note }] : []));
  await writeAudit(db, actor, { action: 'sessions.read', outcome: 'success', targetType: 'client', targetId: clientId, clientId, details: { page: current, rows: sessions.length } });
  return { sessions, total, page: current, pageSize: size };
}
