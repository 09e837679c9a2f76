import 'server-only';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { clientScope, type Actor, type Permission } from '@/lib/authz/policy';
import { getDb, type Transaction } from '@/db/client';
import { clients, supervision } from '@/db/schema';
import { isUuid } from './clients';
import { NotFoundError } from './errors';

/**
 * The policy's client scope as a WHERE condition on `clients`. Every query that reaches a client's
 * data joins through this, so out-of-scope rows are never read, not filtered afterwards.
 */
export function clientsInScope(actor: Actor, permission: Permission): SQL {
  const scope = clientScope(actor, permission);
  switch (scope.kind) {
    case 'own-caseload':
      return and(eq(clients.clinicId, scope.clinicId), eq(clients.primaryTherapistId, scope.therapistId))!;
    case 'supervisees':
      return and(
        eq(clients.clinicId, scope.clinicId),
        inArray(
          clients.primaryTherapistId,
          getDb()
            .select({ id: supervision.therapistId })
            .from(supervision)
            .where(and(eq(supervision.clinicId, scope.clinicId), eq(supervision.supervisorId, scope.supervisorId), isNull(supervision.endedAt))),
        ),
      )!;
    case 'self':
      return and(eq(clients.clinicId, scope.clinicId), eq(clients.portalUserId, scope.portalUserId))!;
    case 'none':
      return sql`false`;
  }
}

/**
 * The outer `clients` row, spelled out for correlated subqueries: in a single-table select drizzle
 * prints a bare "id", which a subquery would bind to its own table.
 */
export const outerClientId = sql.raw('"clients"."id"');

/** The client row, locked, if the actor (their therapist) may write to it; NotFound otherwise. */
export async function lockWritableClient(tx: Transaction, actor: Actor, clientId: string) {
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
