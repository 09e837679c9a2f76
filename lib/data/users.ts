import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Actor, Role } from '@/lib/authz/policy';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { requirePermission, auditRead } from './audit';

export type ClinicUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  state: 'active' | 'disabled' | 'locked';
  lastSignInAt: Date | null;
  /** Two-step sign-in is set up (never the secret itself). */
  mfaEnabled: boolean;
};

/** The clinic's accounts, for admins: names and roles, never hashes or clinical content. */
export async function listClinicUsers(actor: Actor): Promise<ClinicUser[]> {
  await requirePermission(actor, 'user:read', { action: 'users.read' });
  const db = getDb();
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
      lockedUntil: users.lockedUntil,
      lastSignInAt: users.lastSignInAt,
      totpEnabledAt: users.totpEnabledAt,
    })
    .from(users)
    .where(eq(users.clinicId, actor.clinicId))
    .orderBy(asc(users.role), asc(users.name));
  await auditRead(db, actor, { action: 'users.read', outcome: 'success', details: { rows: rows.length } });
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    state: r.disabledAt ? 'disabled' : r.lockedUntil && r.lockedUntil.getTime() > now ? 'locked' : 'active',
    lastSignInAt: r.lastSignInAt,
    mfaEnabled: r.totpEnabledAt !== null,
  }));
}
