import 'server-only';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { getInstrument, isInstrumentKey } from '@/lib/instruments';
import { getDb } from '@/db/client';
import { clients, measureAssignments, treatmentPlans, users } from '@/db/schema';
import { refuseOutOfScope, requirePermission, auditRead } from './audit';
import { clientsInScope } from './scope';
import { displayName } from './clients';

export type PendingForm = { id: string; instrumentKey: string; title: string; dueAt: Date; expiresAt: Date; started: boolean };
export type PortalHome = {
  clientName: string;
  therapistName: string | null;
  pendingForms: PendingForm[];
  activePlanTitle: string | null;
};

function instrumentTitle(key: string): string {
  return isInstrumentKey(key) ? getInstrument(key).title : key;
}

/** The signed-in client's own home: forms waiting for them and their active plan's title. */
export async function getPortalHome(actor: Actor): Promise<PortalHome> {
  const attempt = { action: 'portal.home.read' };
  await requirePermission(actor, 'portal:read-own', attempt);
  const db = getDb();
  const [me] = await db
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      preferredName: clients.preferredName,
      therapistName: users.name,
    })
    .from(clients)
    .leftJoin(users, eq(users.id, clients.primaryTherapistId))
    .where(clientsInScope(actor, 'portal:read-own'))
    .limit(1);
  // A portal account not linked to a client record.
  if (!me) return refuseOutOfScope(actor, attempt, 'client record');

  const [forms, plans] = await Promise.all([
    db
      .select({
        id: measureAssignments.id,
        instrumentKey: measureAssignments.instrumentKey,
        dueAt: measureAssignments.dueAt,
        expiresAt: measureAssignments.expiresAt,
        status: measureAssignments.status,
      })
      .from(measureAssignments)
      .where(
        and(
          eq(measureAssignments.clinicId, actor.clinicId),
          eq(measureAssignments.clientId, me.id),
          eq(measureAssignments.respondent, 'client'),
          inArray(measureAssignments.status, ['pending', 'in_progress']),
          gt(measureAssignments.expiresAt, new Date()),
        ),
      )
      .orderBy(asc(measureAssignments.dueAt)),
    db
      .select({ title: treatmentPlans.title })
      .from(treatmentPlans)
      .where(and(eq(treatmentPlans.clinicId, actor.clinicId), eq(treatmentPlans.clientId, me.id), eq(treatmentPlans.status, 'active')))
      .limit(1),
  ]);
  await auditRead(db, actor, { action: 'portal.home.read', outcome: 'success', targetType: 'client', targetId: me.id, clientId: me.id });
  return {
    clientName: displayName(me),
    therapistName: me.therapistName,
    pendingForms: forms.map((f) => ({
      id: f.id,
      instrumentKey: f.instrumentKey,
      title: instrumentTitle(f.instrumentKey),
      dueAt: f.dueAt,
      expiresAt: f.expiresAt,
      started: f.status === 'in_progress',
    })),
    activePlanTitle: plans[0]?.title ?? null,
  };
}
