import 'server-only';
import type { Actor } from '@/lib/authz/policy';
import { getDb, type Database, type Transaction } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { requestLogger } from '@/lib/log';
import { requestContext } from './context';
import { ForbiddenError, InputError, NotFoundError } from './errors';

export type AuditEntry = {
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  targetType?: string;
  targetId?: string | null;
  clientId?: string | null;
  /** Never clinical values: admins read the audit log. */
  details?: Record<string, string | number | boolean | null>;
};

type Who = Pick<Actor, 'userId' | 'clinicId' | 'role'> | { userId: null; clinicId: string | null; role: null };

export async function writeAudit(db: Database | Transaction, who: Who, entry: AuditEntry): Promise<void> {
  const ctx = await requestContext();
  await db.insert(auditEvents).values({
    clinicId: who.clinicId,
    actorUserId: who.userId,
    actorRole: who.role,
    action: entry.action,
    outcome: entry.outcome,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    clientId: entry.clientId ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
    details: entry.details ?? null,
  });
}

/**
 * Runs a write and, if lib/data refuses it, records the refusal. Written outside the write's
 * transaction, which has rolled back by then (an audit row inside it would vanish with it).
 */
export async function auditRefusals<T>(actor: Who & { userId: string }, entry: Omit<AuditEntry, 'outcome'>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError || error instanceof InputError) {
      const denied = !(error instanceof InputError);
      await writeRefusalAudit(actor, { ...entry, outcome: denied ? 'denied' : 'failure', details: { ...entry.details, reason: error.name } });
    }
    throw error;
  }
}

/**
 * The refusal's audit row, retried once (a dropped connection, a failover); if that fails too the
 * log says which refusal went unrecorded. The caller still gets the refusal, not this failure.
 */
async function writeRefusalAudit(actor: Who & { userId: string }, entry: AuditEntry): Promise<void> {
  const write = () => writeAudit(getDb(), actor, entry);
  try {
    await write();
    return;
  } catch (first) {
    const log = (await requestLogger()).child({ action: entry.action, outcome: entry.outcome, userId: actor.userId, clinicId: actor.clinicId });
    log.warn({ err: first }, 'Audit write of a refusal failed; retrying once');
    try {
      await write();
    } catch (second) {
      log.error({ err: second }, 'Audit write of a refusal failed twice: this refusal is not in the audit log');
    }
  }
}
