import 'server-only';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { getDb } from '@/db/client';
import { userSessions, users } from '@/db/schema';

export type LoadedActor = Actor & { mustChangePassword: boolean; sessionId: string };

export type SessionClaims = { userId: string; clinicId: string; sessionVersion: number; sessionId: string };

/**
 * Re-reads the signed-in user on every request, so a disabled account, a bumped session version
 * (password change, admin action) or a signed-out session ends at once. Null means "not signed in".
 */
export async function loadActor(claims: SessionClaims): Promise<LoadedActor | null> {
  if (!UUID.test(claims.sessionId) || !UUID.test(claims.userId)) return null;
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
    .innerJoin(userSessions, and(eq(userSessions.id, claims.sessionId), eq(userSessions.userId, users.id), isNull(userSessions.revokedAt)))
    .where(and(eq(users.id, claims.userId), eq(users.clinicId, claims.clinicId), isNull(users.disabledAt)))
    .limit(1);
  if (!row || row.sessionVersion !== claims.sessionVersion) return null;
  return { userId: row.userId, clinicId: row.clinicId, role: row.role, name: row.name, mustChangePassword: row.mustChangePassword, sessionId: claims.sessionId };
}
