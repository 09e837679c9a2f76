import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { can, type Actor } from '@/lib/authz/policy';
import { getDb } from '@/db/client';
import { clients, supervision, users } from '@/db/schema';
import { writeAudit } from './audit';
import { ForbiddenError } from './errors';

export type SupervisedTherapist = { id: string; name: string; activeClients: number; totalClients: number };

/** The therapists this supervisor currently supervises, with their caseload sizes. */
export async function listSupervisedTherapists(actor: Actor): Promise<SupervisedTherapist[]> {
  const db = getDb();
  if (!can(actor.role, 'supervision:read')) {
    await writeAudit(db, actor, { action: 'supervision.read', outcome: 'denied' });
    throw new ForbiddenError();
  }
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
