import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '@/lib/auth/totp';
import { loadActor } from '@/lib/data/actor';
import { LOCKOUT_THRESHOLD, verifyCredentials } from '@/lib/data/auth';
import { ForbiddenError, InputError, NotFoundError } from '@/lib/data/errors';
import { confirmMfaEnrolment, getMfaStatus, resetAccountMfa, startMfaEnrolment } from '@/lib/data/mfa';
import { updateClinicSettings } from '@/lib/data/settings';
import { clinicSettingsFormSchema, readClinicSettings, settingsFormDefaults } from '@/lib/validation/settings';
import { auditEvents, mfaRecoveryCodes, userSessions } from '@/db/schema';
import { actorOf, buildWorld, FIXTURE_PASSWORD, insertUser, startSession, type FixtureUser, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsWhere, readUserRow, signInEventsFor } from './queries';

/*
 * Two-step sign-in against a real database: enrolment confirmed by a first code, sign-in that asks
 * for the code before any session exists, single-use codes (TOTP steps and recovery codes), failed
 * codes counted with failed passwords, remembered devices, the admin reset and the clinic rule.
 */

const STEP_MS = 30_000;
const WRONG_PASSWORD = 'definitely-not-the-password';

/** A code that is none of the codes valid around now (the window is one step either side). */
function wrongCodeFor(secret: string): string {
  const valid = new Set([-1, 0, 1].map((o) => totpCode(secret, Date.now() + o * STEP_MS)));
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

describeEachEngine('two-step sign-in', (ctx) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  const freshUser = (role: 'therapist' | 'client' | 'admin' = 'therapist', clinicId = world.clinicA): Promise<FixtureUser> =>
    insertUser(ctx.db, { clinicId, role, name: `Fresh ${role}` });

  const sessionsOf = (userId: string) => ctx.db.select().from(userSessions).where(eq(userSessions.userId, userId));

  /** Enrols the user with a first code from a minute ago, so a code for now is a new step. */
  async function enrol(user: FixtureUser): Promise<{ secret: string; recoveryCodes: string[] }> {
    const { secret } = await startMfaEnrolment(actorOf(user));
    const earlier = Date.now() - 2 * STEP_MS;
    const { recoveryCodes } = await confirmMfaEnrolment(actorOf(user), { code: totpCode(secret, earlier) }, earlier);
    return { secret, recoveryCodes };
  }

  describe('enrolment', () => {
    it('keeps the secret encrypted, switches on only after a right first code, and returns ten hashed recovery codes', async () => {
      const user = await freshUser();
      const first = await startMfaEnrolment(actorOf(user));
      expect(first.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(first.uri).toContain(`secret=${first.secret}`);
      // A reload shows the same secret until it is confirmed.
      expect((await startMfaEnrolment(actorOf(user))).secret).toBe(first.secret);

      let row = await readUserRow(ctx.db, user.userId);
      expect(row.totpSecret).toMatch(/^v1:/);
      expect(row.totpSecret).not.toContain(first.secret);
      expect(row.totpEnabledAt).toBeNull();
      // Not on yet: the password alone still signs in.
      expect((await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD })).ok).toBe(true);

      await expect(confirmMfaEnrolment(actorOf(user), { code: wrongCodeFor(first.secret) })).rejects.toBeInstanceOf(InputError);
      expect((await readUserRow(ctx.db, user.userId)).totpEnabledAt).toBeNull();

      const now = Date.now();
      const { recoveryCodes } = await confirmMfaEnrolment(actorOf(user), { code: totpCode(first.secret, now) }, now);
      expect(recoveryCodes).toHaveLength(10);
      row = await readUserRow(ctx.db, user.userId);
      expect(row.totpEnabledAt).toBeInstanceOf(Date);
      expect(row.totpLastStep).toBe(totpStep(now));
      const stored = await ctx.db.select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.userId));
      expect(stored).toHaveLength(10);
      for (const code of stored) {
        expect(code.codeHash).toMatch(/^\$argon2id\$/);
        expect(recoveryCodes.some((plain) => code.codeHash.includes(plain.replace('-', '')))).toBe(false);
      }
      expect(await getMfaStatus(actorOf(user))).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
      await expect(startMfaEnrolment(actorOf(user))).rejects.toBeInstanceOf(InputError);
      const audited = await auditEventsWhere(ctx.db, and(eq(auditEvents.targetId, user.userId), eq(auditEvents.action, 'account.mfa.enable')));
      expect(audited.map((e) => e.outcome)).toEqual(['failure', 'success']);
    });

    it('lets a client opt in with the same enrolment', async () => {
      const client = await freshUser('client');
      await enrol(client);
      expect(await getMfaStatus(actorOf(client))).toMatchObject({ enabled: true, required: false });
      expect(await verifyCredentials({ email: client.email, password: FIXTURE_PASSWORD })).toEqual({ ok: false, reason: 'code_needed' });
    });
  });

  describe('signing in', () => {
    it('asks for the code after a right password without creating a session, then signs in with it once', async () => {
      const user = await freshUser();
      const { secret } = await enrol(user);

      expect(await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD })).toEqual({ ok: false, reason: 'code_needed' });
      expect(await sessionsOf(user.userId)).toHaveLength(0);
      expect((await readUserRow(ctx.db, user.userId)).failedLoginCount).toBe(0);
      // A wrong password never reaches the code step.
      expect(await verifyCredentials({ email: user.email, password: WRONG_PASSWORD, code: totpCode(secret, Date.now()) })).toEqual({
        ok: false,
        reason: 'invalid',
      });

      const code = totpCode(secret, Date.now());
      const signedIn = await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code });
      expect(signedIn).toMatchObject({ ok: true, user: { id: user.userId } });
      expect(await sessionsOf(user.userId)).toHaveLength(1);
      const [success] = await signInEventsFor(ctx.db, user.userId, 'success');
      expect(success!.details).toMatchObject({ factor: 'totp' });
      expect((await readUserRow(ctx.db, user.userId)).failedLoginCount).toBe(0);

      // The same code again (still inside its window) is refused and counted.
      expect(await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code })).toEqual({ ok: false, reason: 'bad_code' });
      expect(await sessionsOf(user.userId)).toHaveLength(1);
      expect((await readUserRow(ctx.db, user.userId)).failedLoginCount).toBe(1);
      const failures = await signInEventsFor(ctx.db, user.userId, 'failure');
      expect(failures.map((e) => (e.details as { reason?: string }).reason)).toEqual(['bad_password', 'reused_code']);
    });

    it('accepts each recovery code once', async () => {
      const user = await freshUser();
      const { recoveryCodes } = await enrol(user);
      const code = recoveryCodes[4]!;

      const first = await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code: code.toUpperCase() });
      expect(first.ok).toBe(true);
      const [success] = await signInEventsFor(ctx.db, user.userId, 'success');
      expect(success!.details).toMatchObject({ factor: 'recovery_code', recoveryCodesLeft: 9 });
      expect(await getMfaStatus(actorOf(user))).toMatchObject({ recoveryCodesLeft: 9 });

      expect(await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code })).toEqual({ ok: false, reason: 'bad_code' });
      expect((await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code: recoveryCodes[5]! })).ok).toBe(true);
      const spent = await ctx.db
        .select()
        .from(mfaRecoveryCodes)
        .where(and(eq(mfaRecoveryCodes.userId, user.userId), isNull(mfaRecoveryCodes.usedAt)));
      expect(spent).toHaveLength(8);
    });

    it('counts wrong codes together with wrong passwords toward the lockout', async () => {
      const user = await freshUser();
      const { secret } = await enrol(user);
      const wrong = wrongCodeFor(secret);

      for (let i = 0; i < 2; i += 1) expect((await verifyCredentials({ email: user.email, password: WRONG_PASSWORD })).ok).toBe(false);
      for (let i = 0; i < LOCKOUT_THRESHOLD - 3; i += 1) {
        expect(await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code: wrong })).toEqual({ ok: false, reason: 'bad_code' });
      }
      expect((await readUserRow(ctx.db, user.userId)).lockedUntil).toBeNull();
      // The fifth failure, a wrong code, locks the account.
      await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code: wrong });
      const locked = await readUserRow(ctx.db, user.userId);
      expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
      // Locked: even the right password and code are refused, and no session is made.
      expect(await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code: totpCode(secret, Date.now()) })).toEqual({
        ok: false,
        reason: 'invalid',
      });
      expect(await sessionsOf(user.userId)).toHaveLength(0);
      const lockouts = await auditEventsWhere(ctx.db, and(eq(auditEvents.targetId, user.userId), eq(auditEvents.action, 'auth.lockout')));
      expect(lockouts).toHaveLength(1);
    });

    it('skips the code on a remembered device, and only for that user and enrolment', async () => {
      const user = await freshUser();
      const other = await freshUser();
      const { secret } = await enrol(user);
      await enrol(other);

      const remembered = await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD, code: totpCode(secret, Date.now()), rememberDevice: 'true' });
      if (!remembered.ok) throw new Error('sign-in with a code failed');
      const deviceToken = remembered.rememberDeviceToken!;
      expect(deviceToken).toEqual(expect.any(String));

      const again = await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD }, { deviceToken });
      expect(again.ok).toBe(true);
      const successes = await signInEventsFor(ctx.db, user.userId, 'success');
      expect(successes.at(-1)!.details).toMatchObject({ factor: 'remembered_device' });
      // The device token is no use for another account, nor without the password.
      expect(await verifyCredentials({ email: other.email, password: FIXTURE_PASSWORD }, { deviceToken })).toEqual({ ok: false, reason: 'code_needed' });
      expect((await verifyCredentials({ email: user.email, password: WRONG_PASSWORD }, { deviceToken })).ok).toBe(false);

      // After an admin reset and a new enrolment, the old device must give a code again.
      await resetAccountMfa(world.actors.adminA, user.userId);
      await enrol(user);
      expect(await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD }, { deviceToken })).toEqual({ ok: false, reason: 'code_needed' });
    });
  });

  describe('admin reset', () => {
    it('switches MFA off, ends every session, and is audited', async () => {
      const user = await freshUser();
      await enrol(user);
      const sessionA = await startSession(ctx.db, user);
      const sessionB = await startSession(ctx.db, user);
      const { sessionVersion } = await readUserRow(ctx.db, user.userId);

      await resetAccountMfa(world.actors.adminA, user.userId);

      const row = await readUserRow(ctx.db, user.userId);
      expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, sessionVersion: sessionVersion + 1 });
      expect(await ctx.db.select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.userId))).toHaveLength(0);
      for (const sessionId of [sessionA, sessionB]) {
        expect(await loadActor({ userId: user.userId, clinicId: user.clinicId, sessionVersion, sessionId })).toBeNull();
      }
      expect((await sessionsOf(user.userId)).every((s) => s.revokedAt !== null)).toBe(true);
      const [event] = await auditEventsWhere(ctx.db, and(eq(auditEvents.targetId, user.userId), eq(auditEvents.action, 'admin.account.reset_mfa')));
      expect(event).toMatchObject({ actorUserId: world.users.adminA.userId, outcome: 'success', details: { sessionsEnded: 2 } });
      // The password alone signs in again (the clinic does not require MFA).
      expect((await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD })).ok).toBe(true);
    });

    it('is refused to non-admins (audited), across clinics, and for oneself', async () => {
      const user = await freshUser();
      await enrol(user);
      await expect(resetAccountMfa(world.actors.therapistA2, user.userId)).rejects.toBeInstanceOf(ForbiddenError);
      const denied = await auditEventsWhere(ctx.db, and(eq(auditEvents.targetId, user.userId), eq(auditEvents.action, 'admin.account.reset_mfa')));
      expect(denied).toMatchObject([{ actorUserId: world.users.therapistA2.userId, outcome: 'denied' }]);
      await expect(resetAccountMfa(world.actors.adminB, user.userId)).rejects.toBeInstanceOf(NotFoundError);
      await expect(resetAccountMfa(world.actors.adminA, world.users.adminA.userId)).rejects.toBeInstanceOf(InputError);
      expect((await readUserRow(ctx.db, user.userId)).totpEnabledAt).toBeInstanceOf(Date);
    });
  });

  describe('clinic requirement', () => {
    it('is off by default, and when on sends staff without MFA to enrolment, but not clients or enrolled staff', async () => {
      expect(readClinicSettings({}).security.requireStaffMfa).toBe(false);
      const own = await buildWorld(ctx.db);
      const therapist = own.users.therapistA1;
      const session = await startSession(ctx.db, therapist);
      const claims = { userId: therapist.userId, clinicId: therapist.clinicId, sessionVersion: 1, sessionId: session };
      expect(await loadActor(claims)).toMatchObject({ mustEnrolMfa: false });

      const form = clinicSettingsFormSchema.parse({ ...settingsFormDefaults(readClinicSettings({})), security: { requireStaffMfa: true } });
      expect(await updateClinicSettings(own.actors.adminA, form, 0)).toEqual({ version: 1, changed: ['security.requireStaffMfa'] });

      // The password still signs in (so the user can reach enrolment), but the session is held at enrolment.
      expect((await verifyCredentials({ email: therapist.email, password: FIXTURE_PASSWORD })).ok).toBe(true);
      expect(await loadActor(claims)).toMatchObject({ mustEnrolMfa: true });
      expect(await getMfaStatus(own.actors.therapistA1)).toMatchObject({ enabled: false, required: true });
      const admin = own.users.adminA;
      expect(
        await loadActor({ userId: admin.userId, clinicId: admin.clinicId, sessionVersion: 1, sessionId: await startSession(ctx.db, admin) }),
      ).toMatchObject({ mustEnrolMfa: true });
      const client = own.users.portalC1;
      expect(
        await loadActor({ userId: client.userId, clinicId: client.clinicId, sessionVersion: 1, sessionId: await startSession(ctx.db, client) }),
      ).toMatchObject({ mustEnrolMfa: false });
      // Another clinic is not affected.
      const other = world.users.therapistA1;
      expect(
        await loadActor({ userId: other.userId, clinicId: other.clinicId, sessionVersion: 1, sessionId: await startSession(ctx.db, other) }),
      ).toMatchObject({ mustEnrolMfa: false });

      await enrol(therapist);
      expect(await loadActor(claims)).toMatchObject({ mustEnrolMfa: false });
    });
  });
});
