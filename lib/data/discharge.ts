import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import type { Discharge } from '@/lib/validation/sessions';
import { getDb } from '@/db/client';
import { caseloadHistory, clients, measureAssignments } from '@/db/schema';
import { auditRefusals, requirePermission, writeAudit } from './audit';
import { InputError } from './errors';
import { lockWritableClient } from './scope';

/** Discharges a client: closes open assignments and the caseload period, keeps all history. */
export async function dischargeClient(actor: Actor, clientId: string, input: Discharge): Promise<{ cancelledAssignments: number }> {
  const attempt = { action: 'client.discharge', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:write', attempt);
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const client = await lockWritableClient(tx, actor, clientId);
      if (client.status === 'discharged') throw new InputError('This client is already discharged.');
      await tx
        .update(clients)
        .set({ status: 'discharged', dischargedAt: sql`now()`, dischargeReason: input.reason, updatedAt: sql`now()` })
        .where(eq(clients.id, client.id));
      const cancelled = await tx
        .update(measureAssignments)
        .set({ status: 'cancelled' })
        .where(and(eq(measureAssignments.clientId, client.id), inArray(measureAssignments.status, ['pending', 'in_progress'])))
        .returning({ id: measureAssignments.id });
      await tx
        .update(caseloadHistory)
        .set({ endedAt: sql`now()`, reason: input.reason })
        .where(and(eq(caseloadHistory.clientId, client.id), isNull(caseloadHistory.endedAt)));
      await writeAudit(tx, actor, {
        action: 'client.discharge',
        outcome: 'success',
        targetType: 'client',
        targetId: client.id,
        clientId: client.id,
        details: { cancelledAssignments: cancelled.length },
      });
      return { cancelledAssignments: cancelled.length };
    }),
  );
}
