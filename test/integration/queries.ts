import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditEvents, clients, users } from '@/db/schema';

/** Direct reads the tests use to check what lib/data did (never through lib/data itself). */

export type AuditRow = typeof auditEvents.$inferSelect;

export function auditEventsWhere(db: Database, where: SQL | undefined): Promise<AuditRow[]> {
  return db.select().from(auditEvents).where(where).orderBy(asc(auditEvents.occurredAt));
}

/** Every audit event by or about one actor. */
export function auditEventsOfActor(db: Database, actorUserId: string): Promise<AuditRow[]> {
  return auditEventsWhere(db, eq(auditEvents.actorUserId, actorUserId));
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs `action` and returns the audit events it added for `actorUserId`. The action must succeed,
 * or, when `rejectsWith` is given, must throw an instance of that class.
 */
export async function auditEventsAddedBy(db: Database, actorUserId: string, action: () => Promise<unknown>, rejectsWith?: ErrorClass): Promise<AuditRow[]> {
  const before = new Set((await auditEventsOfActor(db, actorUserId)).map((row) => row.id));
  const thrown = await action().then(
    () => undefined,
    (error: unknown) => error ?? new Error('rejected with nothing'),
  );
  if (rejectsWith && !(thrown instanceof rejectsWith))
    throw new Error(`expected ${rejectsWith.name}, got ${thrown === undefined ? 'success' : String(thrown)}`);
  if (!rejectsWith && thrown !== undefined) throw thrown;
  return (await auditEventsOfActor(db, actorUserId)).filter((row) => !before.has(row.id));
}

/** Audit events in the given clinics, plus the clinic-less ones by or about the given users. */
export function auditEventsOfWorld(db: Database, clinicIds: string[], userIds: string[]): Promise<AuditRow[]> {
  return auditEventsWhere(db, or(inArray(auditEvents.clinicId, clinicIds), inArray(auditEvents.actorUserId, userIds), inArray(auditEvents.targetId, userIds)));
}

export async function readClientRow(db: Database, clientId: string): Promise<typeof clients.$inferSelect> {
  const [row] = await db.select().from(clients).where(eq(clients.id, clientId));
  if (!row) throw new Error(`client ${clientId} not found`);
  return row;
}

export async function readUserRow(db: Database, userId: string): Promise<typeof users.$inferSelect> {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row) throw new Error(`user ${userId} not found`);
  return row;
}

export function signInEventsFor(db: Database, userId: string, outcome?: AuditRow['outcome']): Promise<AuditRow[]> {
  return auditEventsWhere(
    db,
    and(eq(auditEvents.targetId, userId), eq(auditEvents.action, 'auth.sign_in'), outcome ? eq(auditEvents.outcome, outcome) : undefined),
  );
}
