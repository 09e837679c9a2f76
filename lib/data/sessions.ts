import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { parseClinicDateTime } from '@/lib/time';
import type { RecordSession } from '@/lib/validation/sessions';
import { getDb } from '@/db/client';
import { clients, therapySessions } from '@/db/schema';
import { createAssignments, measuresDueAfterSession } from './assignments';
import { auditRefusals, refuseOutOfScope, requirePermission, auditRead, writeAudit } from './audit';
import { clinicContext } from './clinic';
import { InputError } from './errors';
import { pageRequest, readScopedPage } from './paging';
import { clientsInScope, lockWritableClient } from './scope';

/*
 * Therapy sessions drive the measurement schedule: recording an *attended* session creates the
 * measures due after it (no-shows and cancellations do not advance the count).
 */

export type RecordedSession = { sessionId: string; sessionNumber: number | null; assigned: { id: string; instrumentKey: string; respondent: string }[] };

export async function recordSession(actor: Actor, clientId: string, input: RecordSession): Promise<RecordedSession> {
  const attempt = { action: 'session.record', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:write', attempt);
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const client = await lockWritableClient(tx, actor, clientId);
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
        .values({
          clinicId: client.clinicId,
          clientId: client.id,
          therapistId: actor.userId,
          occurredAt,
          attendance: input.attendance,
          sessionNumber,
          note: input.note || null,
          createdBy: actor.userId,
        })
        .returning({ id: therapySessions.id });
      const { settings } = await clinicContext(tx, client.clinicId);
      const measures = sessionNumber === null ? [] : measuresDueAfterSession(sessionNumber, settings.schedule);
      const assigned = await createAssignments(tx, actor, {
        clinicId: client.clinicId,
        clientId: client.id,
        therapistId: client.therapistId,
        sessionId: session!.id,
        dueAt: occurredAt,
        measures,
      });
      await writeAudit(tx, actor, {
        action: 'session.record',
        outcome: 'success',
        targetType: 'session',
        targetId: session!.id,
        clientId: client.id,
        details: { attendance: input.attendance, assigned: assigned.length },
      });
      return { sessionId: session!.id, sessionNumber, assigned };
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
export async function listClientSessions(
  actor: Actor,
  clientId: string,
  { page = 1, pageSize = SESSION_PAGE_SIZE }: { page?: number; pageSize?: number } = {},
): Promise<SessionPage> {
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
  const sessions = rows.flatMap(({ id, occurredAt, attendance, sessionNumber, note }): SessionRow[] =>
    id && occurredAt && attendance ? [{ id, occurredAt, attendance, sessionNumber, note }] : [],
  );
  await auditRead(db, actor, {
    action: 'sessions.read',
    outcome: 'success',
    targetType: 'client',
    targetId: clientId,
    clientId,
    details: { page: current, rows: sessions.length },
  });
  return { sessions, total, page: current, pageSize: size };
}
