import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor, Role } from '@/lib/authz/policy';
import { dummyPasswordHash, hashPassword, verifyPassword } from '@/lib/auth/hash';
import { passwordPolicyViolation } from '@/lib/auth/password-policy';
import { getLoginIpMaxFailures } from '@/lib/env';
import { changePasswordSchema, signInSchema, type ChangePasswordInput } from '@/lib/validation/auth';
import { getDb, type Database } from '@/db/client';
import { auditEvents, userSessions, users } from '@/db/schema';
import { loadActor, type SessionClaims } from './actor';
import { attributeUnknownAccountSignIn, requirePermission, writeAudit } from './audit';
import { requestContext } from './context';
import { InputError } from './errors';
import { checkSecondFactor } from './mfa';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
export const IP_THROTTLE_WINDOW_MINUTES = 15;
const LOCKED_MESSAGE = `Too many wrong passwords: your account is locked for up to ${LOCKOUT_MINUTES} minutes. Try again later.`;

export type SignedInUser = { id: string; name: string; email: string; role: Role; clinicId: string; sessionVersion: number; sessionId: string };
/**
 * 'code_needed': the password was right and the account has two-step sign-in, so no session yet;
 * 'bad_code': the password was right, the code was not (counted like a wrong password).
 */
export type SignInResult =
  { ok: true; user: SignedInUser; rememberDeviceToken?: string } | { ok: false; reason: 'invalid' | 'throttled' | 'code_needed' | 'bad_code' };

const SIGN_IN = 'auth.sign_in';

const ipFailureLimit = getLoginIpMaxFailures;

/**
 * Checks a sign-in attempt. Lockout is counted in the database (one atomic UPDATE), so it holds
 * across app instances; a per-address throttle stops one client from locking out the whole staff
 * list. Unknown email, wrong password, disabled and locked all answer the same 'invalid'.
 */
export async function verifyCredentials(input: unknown, { deviceToken }: { deviceToken?: string } = {}): Promise<SignInResult> {
  const db = getDb();
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password, code, rememberDevice } = parsed.data;
  const { ip } = await requestContext();

  if (ip) {
    const since = new Date(Date.now() - IP_THROTTLE_WINDOW_MINUTES * 60_000);
    const [recent] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.ip, ip), eq(auditEvents.action, SIGN_IN), eq(auditEvents.outcome, 'failure'), gt(auditEvents.occurredAt, since)));
    if ((recent?.n ?? 0) >= ipFailureLimit()) {
      await writeAudit(db, { userId: null, clinicId: null, role: null }, { action: SIGN_IN, outcome: 'denied', details: { reason: 'ip_throttled' } });
      return { ok: false, reason: 'throttled' };
    }
  }

  const [user] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      clinicId: users.clinicId,
      passwordHash: users.passwordHash,
      sessionVersion: users.sessionVersion,
      disabledAt: users.disabledAt,
      lockedUntil: users.lockedUntil,
      totpSecret: users.totpSecret,
      totpEnabledAt: users.totpEnabledAt,
      totpLastStep: users.totpLastStep,
    })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);

  const fail = async (reason: string, who: { userId: string | null; clinicId: string | null; role: Role | null }) => {
    await writeAudit(db, who as Parameters<typeof writeAudit>[1], {
      action: SIGN_IN,
      outcome: 'failure',
      targetType: who.userId ? 'user' : undefined,
      targetId: who.userId,
      details: { reason },
    });
    return { ok: false, reason: 'invalid' } as const;
  };

  if (!user || !user.passwordHash) {
    await verifyPassword(await dummyPasswordHash(), password);
    await attributeUnknownAccountSignIn(db);
    return fail('unknown_email', { userId: null, clinicId: null, role: null });
  }
  const who = { userId: user.id, clinicId: user.clinicId, role: user.role };
  if (user.disabledAt) {
    await verifyPassword(await dummyPasswordHash(), password);
    return fail('disabled', who);
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    await verifyPassword(await dummyPasswordHash(), password);
    return fail('locked', who);
  }

  if (!(await verifyPassword(user.passwordHash, password))) {
    const counted = await countWrongPassword(db, who);
    return fail(counted ? 'bad_password' : 'locked', who);
  }

  // Two-step sign-in: checked before any session exists. Asking for the code changes nothing,
  // so the failure counter is not reset by a right password alone.
  const second = await checkSecondFactor(db, user, { code, rememberDevice, deviceToken });
  if (second.outcome === 'code_needed') return { ok: false, reason: 'code_needed' };
  if (second.outcome === 'bad_code') {
    // A wrong second-step code counts toward the same lockout as a wrong password.
    const counted = await countWrongPassword(db, who);
    const result = await fail(counted ? second.reason : 'locked', who);
    return counted ? { ok: false, reason: 'bad_code' } : result;
  }

  const [signedIn] = await db
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, lastSignInAt: sql`now()` })
    .where(and(eq(users.id, user.id), notLockedNow(), isNull(users.disabledAt)))
    .returning({ id: users.id });
  if (!signedIn) return fail('locked', who);
  const [session] = await db.insert(userSessions).values({ clinicId: user.clinicId, userId: user.id }).returning({ id: userSessions.id });
  const factor =
    second.outcome === 'passed'
      ? { factor: second.factor, ...(second.recoveryCodesLeft !== undefined ? { recoveryCodesLeft: second.recoveryCodesLeft } : {}) }
      : {};
  await writeAudit(db, who, { action: SIGN_IN, outcome: 'success', targetType: 'user', targetId: user.id, details: { session: session!.id, ...factor } });
  return {
    ok: true,
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      clinicId: user.clinicId,
      sessionVersion: user.sessionVersion,
      sessionId: session!.id,
    },
    ...(second.outcome === 'passed' && second.rememberDeviceToken ? { rememberDeviceToken: second.rememberDeviceToken } : {}),
  };
}

// Writes that count or clear failures are conditional on the account not being locked *now*, so
// parallel attempts that read the row before a lock cannot count past it or get through it.
const notLockedNow = () => sql`(${users.lockedUntil} is null or ${users.lockedUntil} <= now())`;

type Who = { userId: string; clinicId: string; role: Role };

/**
 * Counts one wrong password toward the account lockout (one atomic UPDATE, shared by sign-in and
 * password change). Returns false when the account was already locked, so nothing was counted.
 */
async function countWrongPassword(db: Database, who: Who): Promise<boolean> {
  const [counted] = await db
    .update(users)
    .set({
      failedLoginCount: sql`case when ${users.failedLoginCount} + 1 >= ${LOCKOUT_THRESHOLD} then 0 else ${users.failedLoginCount} + 1 end`,
      lockedUntil: sql`case when ${users.failedLoginCount} + 1 >= ${LOCKOUT_THRESHOLD} then now() + make_interval(mins => ${LOCKOUT_MINUTES}) else null end`,
    })
    .where(and(eq(users.id, who.userId), notLockedNow()))
    .returning({ lockedUntil: users.lockedUntil });
  // Only the attempt whose update set the lock reports it.
  if (counted?.lockedUntil) {
    await writeAudit(db, who, { action: 'auth.lockout', outcome: 'success', targetType: 'user', targetId: who.userId, details: { minutes: LOCKOUT_MINUTES } });
  }
  return counted !== undefined;
}

/** Ends this session on the server (the cookie alone is not enough: a copy of it must stop working too). */
export async function signOutSession(actor: Actor & { sessionId: string }): Promise<void> {
  const db = getDb();
  await db.transaction(async (tx) => {
    await tx
      .update(userSessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(userSessions.id, actor.sessionId), eq(userSessions.userId, actor.userId), isNull(userSessions.revokedAt)));
    await writeAudit(tx, actor, {
      action: 'auth.sign_out',
      outcome: 'success',
      targetType: 'user',
      targetId: actor.userId,
      details: { session: actor.sessionId },
    });
  });
}

/**
 * Sign-out through Auth.js's own endpoint (/api/auth/signout): the claims of the cookie it clears
 * name the session to end. A session the database no longer honours needs nothing more.
 */
export async function signOutClaims(claims: SessionClaims): Promise<void> {
  const actor = await loadActor(claims);
  if (actor) await signOutSession(actor);
}

/**
 * Changes the actor's own password (current password required) and bumps the session version, so
 * every other session of this user ends; the caller signs the user in again.
 */
export async function changeOwnPassword(actor: Actor, input: ChangePasswordInput): Promise<void> {
  await requirePermission(actor, 'account:manage-own', { action: 'account.password_change', targetType: 'user', targetId: actor.userId });
  const values = changePasswordSchema.parse(input);
  const db = getDb();
  const [me] = await db
    .select({ passwordHash: users.passwordHash, email: users.email, name: users.name, lockedUntil: users.lockedUntil })
    .from(users)
    .where(and(eq(users.id, actor.userId), eq(users.clinicId, actor.clinicId)))
    .limit(1);
  const refuse = async (reason: 'bad_current_password' | 'locked') => {
    await writeAudit(db, actor, { action: 'account.password_change', outcome: 'failure', targetType: 'user', targetId: actor.userId, details: { reason } });
    return new InputError(reason === 'locked' ? LOCKED_MESSAGE : 'Your current password is not correct.', 'currentPassword');
  };
  // Wrong current passwords count toward the same lockout as sign-in: a borrowed session cannot guess without limit.
  if (me?.lockedUntil && me.lockedUntil.getTime() > Date.now()) throw await refuse('locked');
  if (!me?.passwordHash || !(await verifyPassword(me.passwordHash, values.currentPassword))) {
    const counted = await countWrongPassword(db, actor);
    throw await refuse(counted ? 'bad_current_password' : 'locked');
  }
  const violation = passwordPolicyViolation(values.newPassword, { email: me.email, name: me.name });
  if (violation) throw new InputError(violation, 'newPassword');
  const passwordHash = await hashPassword(values.newPassword);
  await db.transaction(async (tx) => {
    const [changed] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, failedLoginCount: 0, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(and(eq(users.id, actor.userId), eq(users.clinicId, actor.clinicId), notLockedNow()))
      .returning({ id: users.id });
    // A lock set by a parallel wrong guess while this one was being checked wins.
    if (!changed) throw new InputError(LOCKED_MESSAGE, 'currentPassword');
    await writeAudit(tx, actor, { action: 'account.password_change', outcome: 'success', targetType: 'user', targetId: actor.userId });
  });
}
