import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { getDb } from '@/db/client';
import { clients, supervision, users } from '@/db/schema';
import { requirePermission, writeAudit } from './audit';

export type SupervisedTherapist = { id: string; name: string; activeClients: number; totalClients: number };

/** The therapists this supervisor currently supervises, with their caseload sizes. */
export async function listSupervisedTherapists(actor: Actor): Promise<SupervisedTherapist[]> {
  await requirePermission(actor, 'supervision:read', { action: 'supervision.read' });
  const db = getDb();
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      activeClients: sql<number>`(select count(*)::int from ${clients} c where c.primary_therapist_id = ${users.id} and c.clinic_id = ${actor.clinicId} and c.status = 'active')`,
      totalClients: sql<number>`(select count(*)::int from ${clients} c where c.primary_therapist_id = ${users.id} and c.clinic_id = ${actor.clinicId})`,
    })
    .from(supervision)
    .innerJoin(users, eq(users.id, supervision.therapistId))
    .where(
      and(
        eq(supervision.clinicId, actor.clinicId),
        eq(supervision.supervisorId, actor.userId),
        isNull(supervision.endedAt),
        eq(users.clinicId, actor.clinicId),
      ),
    )
    .orderBy(asc(users.name));
  await writeAudit(db, actor, { action: 'supervision.read', outcome: 'success', details: { rows: rows.length } });
  return rows;
}
