import 'server-only';
import type { Actor } from '@/lib/authz/policy';
import type { Database, Transaction } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { requestContext } from './context';

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
