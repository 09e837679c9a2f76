import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';

export type LoadedActor = Actor & { mustChangePassword: boolean };

/**
 * Re-reads the signed-in user on every request, so a disabled account or a bumped session version
 * (password change, admin sign-out) ends the session at once. Null means "not signed in any more".
 */
export async function loadActor(claims: { userId: string; clinicId: string; sessionVersion: number }): Promise<LoadedActor | null> {
  const [row] = await getDb()
    .select({
      userId: users.id,
      clinicId: users.clinicId,
      role: users.role,
      name: users.name,
      sessionVersion: users.sessionVersion,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(and(eq(users.id, claims.userId), eq(users.clinicId, claims.clinicId), isNull(users.disabledAt)))
    .limit(1);
  if (!row || row.sessionVersion !== claims.sessionVersion) return null;
  return { userId: row.userId, clinicId: row.clinicId, role: row.role, name: row.name, mustChangePassword: row.mustChangePassword };
}
