import 'server-only';
import { and, eq, gt, isNotNull } from 'drizzle-orm';
import { after } from 'next/server';
import { can, type Actor, type Permission } from '@/lib/authz/policy';
import { getDb, type Database, type Transaction } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { requestLogger } from '@/lib/log';
import { requestContext, type RequestContext } from './context';
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

type AuditRow = typeof auditEvents.$inferInsert;

function auditRow(who: Who, entry: AuditEntry, ctx: RequestContext, occurredAt?: Date): AuditRow {
  return {
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
    ...(occurredAt ? { occurredAt } : {}),
  };
}

export async function writeAudit(db: Database | Transaction, who: Who, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values(auditRow(who, entry, await requestContext()));
}

/** Reads recorded during a request and not yet written, by request id (one batch per request). */
const pendingReads = new Map<string, AuditRow[]>();

/**
 * Records a successful read. Inside a request the row is kept and written with the request's other
 * reads in one insert once the response has been sent (`after`, which also runs when rendering
 * failed or redirected): the client record makes seven reads, and one insert each was a round trip
 * each. The row keeps the time of the read. A write's audit row stays in the write's transaction
 * and a refusal's is written at once (`writeAudit`); so is a read outside a request (scripts,
 * tests) or on a transaction.
 */
export async function auditRead(db: Database | Transaction, who: Who, entry: AuditEntry): Promise<void> {
  const ctx = await requestContext();
  const requestId = ctx.requestId;
  if (requestId === null || db !== getDb()) {
    await db.insert(auditEvents).values(auditRow(who, entry, ctx));
    return;
  }
  const row = auditRow(who, entry, ctx, new Date());
  const batch = pendingReads.get(requestId);
  if (batch) {
    batch.push(row);
    return;
  }
  pendingReads.set(requestId, [row]);
  try {
    after(() => flushReads(requestId));
  } catch {
    // No request scope to defer to after all: write now.
    await flushReads(requestId);
  }
}

/** Writes a request's recorded reads in one insert, retried once; a second failure is logged with what went unrecorded. */
async function flushReads(requestId: string): Promise<void> {
  const rows = pendingReads.get(requestId);
  pendingReads.delete(requestId);
  if (!rows?.length) return;
  const write = () => getDb().insert(auditEvents).values(rows);
  try {
    await write();
  } catch (first) {
    const log = (await requestLogger()).child({ requestId, actions: rows.map((r) => r.action).join(',') });
    log.warn({ err: first }, 'Audit write of reads failed; retrying once');
    try {
      await write();
    } catch (second) {
      log.error({ err: second, rows: rows.length }, 'Audit write of reads failed twice: these reads are not in the audit log');
    }
  }
}

/*
 * Refusals. Every refused call leaves exactly one 'denied' row in one shape: the action the call
 * records on success, its target (type, and id when it is one), and details.reason —
 *   missing_permission  the role lacks details.permission (403, or 404 where existence must not show)
 *   out_of_scope        no such record in the actor's clinic and relationship, or an id that names none (404)
 *   forbidden           another rule refused it (403)
 * The row is written outside any transaction (a refused write's transaction has rolled back).
 */

/** What a call is about, for its refusal row: the call's own action name and target. */
export type Attempt = Omit<AuditEntry, 'outcome' | 'clientId'>;
type RefusalReason = 'missing_permission' | 'out_of_scope' | 'forbidden';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Errors whose refusal row is written already, so an enclosing auditRefusals does not write another. */
const audited = new WeakSet<Error>();

async function auditDenied(who: Who & { userId: string }, attempt: Attempt, reason: RefusalReason, permission?: string): Promise<void> {
  const targetId = attempt.targetId && UUID_RE.test(attempt.targetId) ? attempt.targetId : null;
  // The refusal itself must stand even when its audit row cannot be written (retried, then logged).
  await writeRefusalAudit(who, { ...attempt, targetId, outcome: 'denied', details: { ...attempt.details, reason, ...(permission ? { permission } : {}) } });
}

function auditedError<E extends Error>(error: E): E {
  audited.add(error);
  return error;
}

/**
 * The guard every refusable lib/data function starts with: unless the actor's role holds
 * `permission`, records the refusal and throws — ForbiddenError (403: another role's function) or,
 * with `notFound`, NotFoundError (404: a record-level call must not reveal whether the record exists).
 * With `notFound`, an attempt whose target id cannot name a record is refused the same way, as out of scope.
 * Call it outside any transaction.
 */
export async function requirePermission(actor: Actor, permission: Permission, attempt: Attempt, { notFound }: { notFound?: string } = {}): Promise<void> {
  if (!can(actor.role, permission)) {
    await auditDenied(actor, attempt, 'missing_permission', permission);
    throw auditedError(notFound ? new NotFoundError(notFound) : new ForbiddenError('Not allowed', permission));
  }
  if (notFound && typeof attempt.targetId === 'string' && !UUID_RE.test(attempt.targetId)) {
    await auditDenied(actor, attempt, 'out_of_scope');
    throw auditedError(new NotFoundError(notFound));
  }
}

/** Refuses a record the scoped query did not find (404), recorded. Outside any transaction. */
export async function refuseOutOfScope(actor: Actor, attempt: Attempt, what: string): Promise<never> {
  await auditDenied(actor, attempt, 'out_of_scope');
  throw auditedError(new NotFoundError(what));
}

/**
 * Runs a call and, if lib/data refuses it inside (a scoped query found nothing, a rule said no),
 * records the refusal once, in the shape above; input the server rejects is recorded as a failure.
 * Written outside the call's transaction, which has rolled back by then (a row inside it would vanish with it).
 */
export async function auditRefusals<T>(actor: Who & { userId: string }, attempt: Attempt, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && !audited.has(error)) {
      if (error instanceof NotFoundError) {
        await auditDenied(actor, attempt, 'out_of_scope');
        audited.add(error);
      } else if (error instanceof ForbiddenError) {
        await auditDenied(actor, attempt, error.permission ? 'missing_permission' : 'forbidden', error.permission);
        audited.add(error);
      } else if (error instanceof InputError) {
        await writeRefusalAudit(actor, {
          ...attempt,
          targetId: attempt.targetId && UUID_RE.test(attempt.targetId) ? attempt.targetId : null,
          outcome: 'failure',
          details: { ...attempt.details, reason: error.name },
        });
      }
    }
    throw error;
  }
}

export const UNKNOWN_ACCOUNT_SIGN_IN = 'auth.sign_in.unknown_account';
/** How far back a clinic's own sign-ins from an address attribute an unknown-account attempt to the clinic. */
export const UNKNOWN_ACCOUNT_ATTRIBUTION_DAYS = 7;

/**
 * A sign-in attempt for an email that has no account belongs to no clinic: it is stored once without
 * one (that row feeds the per-address throttle). Where the address can be attributed — it signed
 * in, or failed to, for a clinic's accounts within the past week — each such clinic also gets one
 * row of its own (no account, no email: the email tried is never stored), so its admin sees the
 * stuffing run that tries their staff and unknown addresses alike. Never to other clinics: one
 * clinic must not learn from which addresses another clinic's people mistype their email.
 * Attributed when written, so the audit view stays one indexed read of the clinic's own rows.
 */
export async function attributeUnknownAccountSignIn(db: Database): Promise<void> {
  const { ip } = await requestContext();
  if (!ip) return;
  const since = new Date(Date.now() - UNKNOWN_ACCOUNT_ATTRIBUTION_DAYS * 86_400_000);
  const seenBy = await db
    .selectDistinct({ clinicId: auditEvents.clinicId })
    .from(auditEvents)
    .where(and(eq(auditEvents.ip, ip), eq(auditEvents.action, 'auth.sign_in'), gt(auditEvents.occurredAt, since), isNotNull(auditEvents.clinicId)));
  for (const { clinicId } of seenBy) {
    await writeAudit(db, { userId: null, clinicId, role: null }, { action: UNKNOWN_ACCOUNT_SIGN_IN, outcome: 'failure', details: { reason: 'unknown_email' } });
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
