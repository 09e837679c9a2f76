import 'server-only';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { can, type Actor, type Role } from '@/lib/authz/policy';
import { decryptTotpSecret, encryptTotpSecret, isRememberedDevice, signRememberedDevice } from '@/lib/auth/mfa-crypto';
import { matchRecoveryCode, newRecoveryCodes } from '@/lib/auth/recovery-codes';
import { newTotpSecret, totpUri, verifyTotp } from '@/lib/auth/totp';
import { getAuthSecret } from '@/lib/env';
import { mfaCodeSchema, type MfaCodeInput } from '@/lib/validation/auth';
import { getDb, type Database, type Transaction } from '@/db/client';
import { mfaRecoveryCodes, userSessions, users } from '@/db/schema';
import { requirePermission, writeAudit } from './audit';
import { clinicContext } from './clinic';
import { isUuid } from './clients';
import { ForbiddenError, InputError, NotFoundError } from './errors';

/*
 * Two-step sign-in (TOTP, RFC 6238) for any account: enrolment confirmed by a first code, ten
 * single-use recovery codes, an optional remembered device, and an admin reset. Staff must enrol
 * when the clinic requires it (security.requireStaffMfa); clients may opt in. The sign-in check
 * itself (checkSecondFactor) runs inside verifyCredentials, after the password and before any
 * session exists, and its failures count toward the same lockout as wrong passwords.
 */

type Db = Database | Transaction;

const STAFF_ROLES: readonly Role[] = ['admin', 'supervisor', 'therapist'];

const authSecret = getAuthSecret;

/** Whether the clinic's settings oblige this role to use two-step sign-in. */
export async function clinicRequiresMfa(db: Db, clinicId: string, role: Role): Promise<boolean> {
  if (!STAFF_ROLES.includes(role)) return false;
  return (await clinicContext(db, clinicId)).settings.security.requireStaffMfa;
}

export type MfaStatus = {
  enabled: boolean;
  enabledAt: Date | null;
  /** Unused recovery codes left (0 when off). */
  recoveryCodesLeft: number;
  /** The clinic requires it for this account's role. */
  required: boolean;
};

function requireOwnAccount(actor: Actor): void {
  if (!can(actor.role, 'account:manage-own')) throw new ForbiddenError();
}

export async function getMfaStatus(actor: Actor): Promise<MfaStatus> {
  requireOwnAccount(actor);
  const db = getDb();
  const [row] = await db
    .select({ enabledAt: users.totpEnabledAt })
    .from(users)
    .where(and(eq(users.id, actor.userId), eq(users.clinicId, actor.clinicId)))
    .limit(1);
  if (!row) throw new NotFoundError('account');
  const [left] = row.enabledAt
    ? await db
        .select({ n: count() })
        .from(mfaRecoveryCodes)
        .where(and(eq(mfaRecoveryCodes.userId, actor.userId), eq(mfaRecoveryCodes.clinicId, actor.clinicId), isNull(mfaRecoveryCodes.usedAt)))
    : [{ n: 0 }];
  return {
    enabled: row.enabledAt !== null,
    enabledAt: row.enabledAt,
    recoveryCodesLeft: left?.n ?? 0,
    required: await clinicRequiresMfa(db, actor.clinicId, actor.role),
  };
}

export type MfaEnrolment = { secret: string; uri: string };

/**
 * The secret to set up in an authenticator app: the one already waiting for its first code (so a
 * reload shows the same QR code), or a new one. Nothing is switched on until confirmMfaEnrolment.
 */
export async function startMfaEnrolment(actor: Actor): Promise<MfaEnrolment> {
  requireOwnAccount(actor);
  const key = authSecret();
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ email: users.email, totpSecret: users.totpSecret, enabledAt: users.totpEnabledAt })
      .from(users)
      .where(and(eq(users.id, actor.userId), eq(users.clinicId, actor.clinicId)))
      .limit(1)
      .for('update');
    if (!row) throw new NotFoundError('account');
    if (row.enabledAt) throw new InputError('Two-step sign-in is already on for this account.');
    const pending = row.totpSecret ? decryptTotpSecret(row.totpSecret, actor.userId, key) : null;
    if (pending) return { secret: pending, uri: totpUri(pending, row.email) };
    const secret = newTotpSecret();
    await tx
      .update(users)
      .set({ totpSecret: encryptTotpSecret(secret, actor.userId, key), totpLastStep: null, updatedAt: sql`now()` })
      .where(and(eq(users.id, actor.userId), eq(users.clinicId, actor.clinicId)));
    await writeAudit(tx, actor, { action: 'account.mfa.enrol_start', outcome: 'success', targetType: 'user', targetId: actor.userId });
    return { secret, uri: totpUri(secret, row.email) };
  });
}

/**
 * Switches two-step sign-in on once the user proves their app works (a first code), and returns
 * ten recovery codes: shown this once, stored only as hashes.
 */
export async function confirmMfaEnrolment(actor: Actor, input: MfaCodeInput, nowMs = Date.now()): Promise<{ recoveryCodes: string[] }> {
  requireOwnAccount(actor);
  const { code } = mfaCodeSchema.parse(input);
  const key = authSecret();
  const db = getDb();
  const [row] = await db
    .select({ totpSecret: users.totpSecret, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(and(eq(users.id, actor.userId), eq(users.clinicId, actor.clinicId)))
    .limit(1);
  if (!row) throw new NotFoundError('account');
  if (row.enabledAt) throw new InputError('Two-step sign-in is already on for this account.');
  const secret = row.totpSecret ? decryptTotpSecret(row.totpSecret, actor.userId, key) : null;
  if (!secret) throw new InputError('Start again: reload this page to get a new QR code.');
  const check = verifyTotp({ secret, code, nowMs, lastUsedStep: null });
  if (!check.ok) {
    await writeAudit(db, actor, {
      action: 'account.mfa.enable',
      outcome: 'failure',
      targetType: 'user',
      targetId: actor.userId,
      details: { reason: 'bad_code' },
    });
    throw new InputError('That code did not match. Check the time on your phone and enter the code your app shows now.', 'code');
  }
  const { codes, hashes } = await newRecoveryCodes();
  await db.transaction(async (tx) => {
    // Only the secret that was checked, and only if nobody switched it on meanwhile.
    const [enabled] = await tx
      .update(users)
      .set({ totpEnabledAt: sql`now()`, totpLastStep: check.step, updatedAt: sql`now()` })
      .where(and(eq(users.id, actor.userId), eq(users.clinicId, actor.clinicId), eq(users.totpSecret, row.totpSecret!), isNull(users.totpEnabledAt)))
      .returning({ id: users.id });
    if (!enabled) throw new InputError('Two-step sign-in changed in another window. Reload this page.');
    await tx.delete(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.userId, actor.userId), eq(mfaRecoveryCodes.clinicId, actor.clinicId)));
    await tx.insert(mfaRecoveryCodes).values(hashes.map((codeHash) => ({ clinicId: actor.clinicId, userId: actor.userId, codeHash })));
    await writeAudit(tx, actor, {
      action: 'account.mfa.enable',
      outcome: 'success',
      targetType: 'user',
      targetId: actor.userId,
      details: { recoveryCodes: hashes.length },
    });
  });
  return { recoveryCodes: codes };
}

/**
 * An admin switches off a user's two-step sign-in (a lost phone and no recovery codes): the secret,
 * recovery codes and remembered devices stop working, and the user is signed out everywhere. If the
 * clinic requires it, they enrol again at their next sign-in.
 */
export async function resetAccountMfa(actor: Actor, userId: string): Promise<void> {
  await requirePermission(actor, 'user:manage', { action: 'admin.account.reset_mfa', targetType: 'user', targetId: userId });
  if (userId === actor.userId) throw new InputError('You cannot reset your own two-step sign-in; ask another admin.');
  if (!isUuid(userId)) throw new NotFoundError('account');
  await getDb().transaction(async (tx) => {
    const [target] = await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(and(eq(users.id, userId), eq(users.clinicId, actor.clinicId)))
      .returning({ id: users.id });
    if (!target) throw new NotFoundError('account');
    await tx.delete(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.userId, target.id), eq(mfaRecoveryCodes.clinicId, actor.clinicId)));
    const revoked = await tx
      .update(userSessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(userSessions.userId, target.id), eq(userSessions.clinicId, actor.clinicId), isNull(userSessions.revokedAt)))
      .returning({ id: userSessions.id });
    await writeAudit(tx, actor, {
      action: 'admin.account.reset_mfa',
      outcome: 'success',
      targetType: 'user',
      targetId: target.id,
      details: { sessionsEnded: revoked.length },
    });
  });
}

/** The account fields the sign-in check needs (read by verifyCredentials with the password hash). */
export type SecondFactorAccount = {
  id: string;
  clinicId: string;
  sessionVersion: number;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
};

export type SecondFactorResult =
  | { outcome: 'not_enrolled' }
  | { outcome: 'passed'; factor: 'totp' | 'recovery_code' | 'remembered_device'; rememberDeviceToken?: string; recoveryCodesLeft?: number }
  | { outcome: 'code_needed' }
  | { outcome: 'bad_code'; reason: 'wrong_code' | 'reused_code' };

/**
 * The second step of a sign-in whose password was right. A remembered device passes; otherwise a
 * code is needed: a TOTP code (each time step at most once) or an unused recovery code (spent here).
 */
export async function checkSecondFactor(
  db: Database,
  account: SecondFactorAccount,
  input: { code?: string; rememberDevice?: boolean; deviceToken?: string },
  nowMs = Date.now(),
): Promise<SecondFactorResult> {
  if (!account.totpEnabledAt || !account.totpSecret) return { outcome: 'not_enrolled' };
  const key = authSecret();
  const binding = { userId: account.id, sessionVersion: account.sessionVersion, enrolledAt: account.totpEnabledAt };
  if (isRememberedDevice(input.deviceToken, binding, nowMs, key)) return { outcome: 'passed', factor: 'remembered_device' };
  const code = input.code?.trim();
  if (!code) return { outcome: 'code_needed' };
  const remember = input.rememberDevice ? { rememberDeviceToken: signRememberedDevice(binding, nowMs, key) } : {};

  const secret = decryptTotpSecret(account.totpSecret, account.id, key);
  const check = secret ? verifyTotp({ secret, code, nowMs, lastUsedStep: account.totpLastStep }) : ({ ok: false, reason: 'wrong' } as const);
  if (check.ok) {
    // Conditional on the step still being new, so two parallel sign-ins cannot both use one code.
    const [used] = await db
      .update(users)
      .set({ totpLastStep: check.step })
      .where(and(eq(users.id, account.id), sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${check.step})`))
      .returning({ id: users.id });
    return used ? { outcome: 'passed', factor: 'totp', ...remember } : { outcome: 'bad_code', reason: 'reused_code' };
  }
  if (check.reason === 'reused') return { outcome: 'bad_code', reason: 'reused_code' };

  const unused = await db
    .select({ id: mfaRecoveryCodes.id, codeHash: mfaRecoveryCodes.codeHash })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, account.id), eq(mfaRecoveryCodes.clinicId, account.clinicId), isNull(mfaRecoveryCodes.usedAt)));
  const matched = await matchRecoveryCode(unused, code);
  if (!matched) return { outcome: 'bad_code', reason: 'wrong_code' };
  const [spent] = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(mfaRecoveryCodes.id, matched), isNull(mfaRecoveryCodes.usedAt)))
    .returning({ id: mfaRecoveryCodes.id });
  if (!spent) return { outcome: 'bad_code', reason: 'reused_code' };
  return { outcome: 'passed', factor: 'recovery_code', recoveryCodesLeft: unused.length - 1, ...remember };
}
