import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { getDb, type Database } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { isUuid } from './clients';
import { clinicRequiresMfa } from './mfa';

/** mustEnrolMfa: the clinic requires two-step sign-in for this role and it is not set up yet. */
export type LoadedActor = Actor & { mustChangePassword: boolean; mustEnrolMfa: boolean; sessionId: string };

export type SessionClaims = { userId: string; clinicId: string; sessionVersion: number; sessionId: string };

// Every request runs this query: prepare it once per database handle (drizzle only prepares on request).
const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();
function prepare(db: Database) {
  return db
    .select({
      userId: users.id,
      clinicId: users.clinicId,
      role: users.role,
      name: users.name,
      sessionVersion: users.sessionVersion,
      mustChangePassword: users.mustChangePassword,
      mfaEnabled: sql<boolean>`${users.totpEnabledAt} is not null`,
    })
    .from(users)
    .innerJoin(userSessions, and(eq(userSessions.id, sql.placeholder('sessionId')), eq(userSessions.userId, users.id), isNull(userSessions.revokedAt)))
    .where(and(eq(users.id, sql.placeholder('userId')), eq(users.clinicId, sql.placeholder('clinicId')), isNull(users.disabledAt)))
    .limit(1)
    .prepare('load_actor');
}

/**
 * Re-reads the signed-in user on every request, so a disabled account, a bumped session version
 * (password change, admin action) or a signed-out session ends at once. Null means "not signed in".
 */
export async function loadActor(claims: SessionClaims): Promise<LoadedActor | null> {
  if (!isUuid(claims.sessionId) || !isUuid(claims.userId) || !isUuid(claims.clinicId)) return null;
  const db = getDb();
  let query = prepared.get(db);
  if (!query) {
    query = prepare(db);
    prepared.set(db, query);
  }
  const [row] = await query.execute({ sessionId: claims.sessionId, userId: claims.userId, clinicId: claims.clinicId });
  if (!row || row.sessionVersion !== claims.sessionVersion) return null;
  const mustEnrolMfa = !row.mfaEnabled && (await clinicRequiresMfa(db, row.clinicId, row.role));
  return {
    userId: row.userId,
    clinicId: row.clinicId,
    role: row.role,
    name: row.name,
    mustChangePassword: row.mustChangePassword,
    mustEnrolMfa,
    sessionId: claims.sessionId,
  };
}
