import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '@/lib/auth/hash';
import { loadActor } from '@/lib/data/actor';
import { changeOwnPassword, LOCKOUT_MINUTES, LOCKOUT_THRESHOLD, signOutSession, verifyCredentials } from '@/lib/data/auth';
import { InputError } from '@/lib/data/errors';
import { auditEvents, users } from '@/db/schema';
import { buildWorld, FIXTURE_PASSWORD, insertUser, startSession, type FixtureUser, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsWhere, readUserRow, signInEventsFor } from './queries';

/*
 * Sign-in (lockout, per-address throttle), session re-validation and password change, against a
 * real database. The request context is mocked so tests can choose the caller's address.
 */

const request = vi.hoisted(() => ({ ip: null as string | null, requestId: null as string | null }));

// verifyPassword is wrapped so one test can act in the moment between reading the row and writing it.
const hashHooks = vi.hoisted(() => ({ duringVerify: null as null | (() => PromiseLike<unknown>) }));
vi.mock('@/lib/auth/hash', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/auth/hash')>();
  return {
    ...actual,
    verifyPassword: async (hash: string, password: string) => {
      const ok = await actual.verifyPassword(hash, password);
      const hook = hashHooks.duringVerify;
      hashHooks.duringVerify = null;
      if (hook) await hook();
      return ok;
    },
  };
});

vi.mock('@/lib/data/context', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/data/context')>();
  return { ...actual, requestContext: async () => ({ requestId: request.requestId, ip: request.ip }) };
});

const WRONG_PASSWORD = 'definitely-not-the-password';
const NEW_PASSWORD = 'Meadow-Kettle-Sprocket-93';
const MINUTE = 60_000;

afterEach(() => {
  request.ip = null;
  request.requestId = null;
  delete process.env.LOGIN_IP_MAX_FAILURES;
});

function reasonOf(details: unknown): unknown {
  return typeof details === 'object' && details !== null && 'reason' in details ? details.reason : undefined;
}

describeEachEngine('sign-in and accounts', (ctx) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  /** A fresh account per test, so lockout state never leaks between tests. */
  const freshTherapist = (overrides: { disabledAt?: Date; passwordHash?: string | null } = {}): Promise<FixtureUser> =>
    insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Fresh Account', ...overrides });

  const signIn = (email: string, password: string) => verifyCredentials({ email, password });

  const setUser = (userId: string, values: Partial<typeof users.$inferInsert>) => ctx.db.update(users).set(values).where(eq(users.id, userId));

  describe('verifyCredentials', () => {
    it('signs in with the right password, resets the failure counter and audits the success', async () => {
      const user = await freshTherapist();
      await setUser(user.userId, { failedLoginCount: 3 });

      const result = await signIn(user.email, FIXTURE_PASSWORD);

      expect(result).toEqual({
        ok: true,
        user: {
          id: user.userId,
          name: user.name,
          email: user.email,
          role: 'therapist',
          clinicId: world.clinicA,
          sessionVersion: 1,
          sessionId: expect.any(String) as string,
        },
      });
      const row = await readUserRow(ctx.db, user.userId);
      expect(row.failedLoginCount).toBe(0);
      expect(row.lockedUntil).toBeNull();
      expect(row.lastSignInAt).toBeInstanceOf(Date);
      expect(await signInEventsFor(ctx.db, user.userId)).toMatchObject([{ outcome: 'success', actorUserId: user.userId, clinicId: world.clinicA }]);
    });

    it('normalises the email (case and surrounding spaces)', async () => {
      const user = await freshTherapist();
      await expect(signIn(`  ${user.email.toUpperCase()} `, FIXTURE_PASSWORD)).resolves.toMatchObject({ ok: true });
    });

    it('answers an unknown email and a wrong password the same way', async () => {
      const user = await freshTherapist();
      const unknown = await signIn(`nobody.${world.token}@it.test`, FIXTURE_PASSWORD);
      const wrong = await signIn(user.email, WRONG_PASSWORD);
      expect(unknown).toEqual({ ok: false, reason: 'invalid' });
      expect(wrong).toEqual({ ok: false, reason: 'invalid' });
      expect((await readUserRow(ctx.db, user.userId)).failedLoginCount).toBe(1);
      const [failure] = await signInEventsFor(ctx.db, user.userId, 'failure');
      expect(reasonOf(failure?.details)).toBe('bad_password');
    });

    it('refuses malformed input as invalid', async () => {
      await expect(verifyCredentials({ email: 'not an email', password: 'x' })).resolves.toEqual({ ok: false, reason: 'invalid' });
      await expect(verifyCredentials(null)).resolves.toEqual({ ok: false, reason: 'invalid' });
    });

    it(`locks the account after ${LOCKOUT_THRESHOLD} failures, then refuses even the right password`, async () => {
      const user = await freshTherapist();
      for (let attempt = 1; attempt <= LOCKOUT_THRESHOLD; attempt++) {
        await expect(signIn(user.email, WRONG_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      }
      const locked = await readUserRow(ctx.db, user.userId);
      expect(locked.lockedUntil).toBeInstanceOf(Date);
      expect(Math.abs(locked.lockedUntil!.getTime() - (Date.now() + LOCKOUT_MINUTES * MINUTE))).toBeLessThan(MINUTE);
      const lockouts = await auditEventsWhere(ctx.db, and(eq(auditEvents.targetId, user.userId), eq(auditEvents.action, 'auth.lockout')));
      expect(lockouts).toHaveLength(1);

      await expect(signIn(user.email, FIXTURE_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      const afterRefusal = await readUserRow(ctx.db, user.userId);
      expect(afterRefusal.lockedUntil).toEqual(locked.lockedUntil);
      expect(afterRefusal.lastSignInAt).toBeNull();
      const failures = await signInEventsFor(ctx.db, user.userId, 'failure');
      expect(reasonOf(failures.at(-1)?.details)).toBe('locked');
      expect(await signInEventsFor(ctx.db, user.userId, 'success')).toEqual([]);
    });

    it('accepts the right password once the lock has expired, and resets the counter', async () => {
      const user = await freshTherapist();
      for (let attempt = 1; attempt <= LOCKOUT_THRESHOLD; attempt++) await signIn(user.email, WRONG_PASSWORD);
      await signIn(user.email, WRONG_PASSWORD); // refused while locked; must not count further
      await setUser(user.userId, { lockedUntil: new Date(Date.now() - MINUTE), failedLoginCount: 2 });

      await expect(signIn(user.email, FIXTURE_PASSWORD)).resolves.toMatchObject({ ok: true });
      const row = await readUserRow(ctx.db, user.userId);
      expect(row.failedLoginCount).toBe(0);
      expect(row.lockedUntil).toBeNull();
    });

    it('refuses a disabled account even with the right password', async () => {
      const user = await freshTherapist({ disabledAt: new Date() });
      await expect(signIn(user.email, FIXTURE_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      const failures = await signInEventsFor(ctx.db, user.userId, 'failure');
      expect(reasonOf(failures[0]?.details)).toBe('disabled');
    });

    it('refuses an account that has no password yet', async () => {
      const user = await freshTherapist({ passwordHash: null });
      await expect(signIn(user.email, FIXTURE_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
    });

    it('throttles an address after LOGIN_IP_MAX_FAILURES failures, even for another account with the right password', async () => {
      process.env.LOGIN_IP_MAX_FAILURES = '3';
      request.ip = '203.0.113.77';
      request.requestId = `it-throttle-${world.token}`;
      const victim = await freshTherapist();

      for (let attempt = 1; attempt <= 3; attempt++) {
        await expect(signIn(`guess${attempt}.${world.token}@it.test`, WRONG_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      }
      await expect(signIn(victim.email, FIXTURE_PASSWORD)).resolves.toEqual({ ok: false, reason: 'throttled' });

      // The refused attempt touched neither the account nor its counters.
      const row = await readUserRow(ctx.db, victim.userId);
      expect(row).toMatchObject({ failedLoginCount: 0, lockedUntil: null, lastSignInAt: null });
      const denied = await auditEventsWhere(ctx.db, and(eq(auditEvents.ip, '203.0.113.77'), eq(auditEvents.outcome, 'denied')));
      expect(denied).toMatchObject([{ action: 'auth.sign_in', requestId: `it-throttle-${world.token}`, details: { reason: 'ip_throttled' } }]);

      // The throttle is per address: the same account signs in from elsewhere.
      request.ip = '198.51.100.9';
      await expect(signIn(victim.email, FIXTURE_PASSWORD)).resolves.toMatchObject({ ok: true });
    });

    describe.skipIf(ctx.engine !== 'postgres')('under concurrency (PostgreSQL)', () => {
      const PARALLEL = 10;
      let user: FixtureUser;
      let badPasswordCount = 0;

      beforeAll(async () => {
        user = await freshTherapist();
        const results = await Promise.all(Array.from({ length: PARALLEL }, () => signIn(user.email, WRONG_PASSWORD)));
        expect(results.every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
        const failures = await signInEventsFor(ctx.db, user.userId, 'failure');
        badPasswordCount = failures.filter((f) => reasonOf(f.details) === 'bad_password').length;
      });

      it(`${PARALLEL} parallel wrong passwords leave the account locked, with no lost counter updates`, async () => {
        const failures = await signInEventsFor(ctx.db, user.userId, 'failure');
        const lockedCount = failures.filter((f) => reasonOf(f.details) === 'locked').length;
        expect(failures).toHaveLength(PARALLEL);
        expect(badPasswordCount + lockedCount).toBe(PARALLEL);
        expect(badPasswordCount).toBeGreaterThanOrEqual(LOCKOUT_THRESHOLD);

        const row = await readUserRow(ctx.db, user.userId);
        expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
        // Each counted failure is one atomic increment (the counter restarts at each lock).
        expect(row.failedLoginCount).toBe(badPasswordCount % LOCKOUT_THRESHOLD);
        await expect(signIn(user.email, FIXTURE_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      });

      // Failures that raced an existing lock must not report it again.
      it('writes one auth.lockout event per actual lock', async () => {
        const lockouts = await auditEventsWhere(ctx.db, and(eq(auditEvents.targetId, user.userId), eq(auditEvents.action, 'auth.lockout')));
        expect(lockouts).toHaveLength(Math.floor(badPasswordCount / LOCKOUT_THRESHOLD));
      });
    });

    it('refuses a right password whose check raced a lock set by a parallel attempt', async () => {
      const user = await freshTherapist();
      // The row was read unlocked; while the password is being checked, another attempt locks it.
      hashHooks.duringVerify = () => setUser(user.userId, { lockedUntil: new Date(Date.now() + LOCKOUT_MINUTES * MINUTE) });
      await expect(signIn(user.email, FIXTURE_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      const row = await readUserRow(ctx.db, user.userId);
      expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
      expect(await signInEventsFor(ctx.db, user.userId, 'success')).toHaveLength(0);
    });

    it('does not count a wrong password that raced a lock (the lock is not extended or re-reported)', async () => {
      const user = await freshTherapist();
      const lockedUntil = new Date(Date.now() + 5 * MINUTE);
      hashHooks.duringVerify = () => setUser(user.userId, { lockedUntil, failedLoginCount: 0 });
      await expect(signIn(user.email, WRONG_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      const row = await readUserRow(ctx.db, user.userId);
      expect(row.lockedUntil!.getTime()).toBe(lockedUntil.getTime());
      expect(row.failedLoginCount).toBe(0);
      const lockouts = await auditEventsWhere(ctx.db, and(eq(auditEvents.targetId, user.userId), eq(auditEvents.action, 'auth.lockout')));
      expect(lockouts).toHaveLength(0);
    });
  });

  describe('loadActor', () => {
    it('returns the actor for good claims', async () => {
      const user = await freshTherapist();
      const sessionId = await startSession(ctx.db, user);
      await expect(loadActor({ userId: user.userId, clinicId: user.clinicId, sessionVersion: 1, sessionId })).resolves.toEqual({
        userId: user.userId,
        clinicId: user.clinicId,
        role: 'therapist',
        name: user.name,
        mustChangePassword: false,
        mustEnrolMfa: false,
        sessionId,
      });
    });

    it('returns null for a disabled user', async () => {
      const user = await freshTherapist();
      const sessionId = await startSession(ctx.db, user);
      await setUser(user.userId, { disabledAt: new Date() });
      await expect(loadActor({ userId: user.userId, clinicId: user.clinicId, sessionVersion: 1, sessionId })).resolves.toBeNull();
    });

    it('returns null for a stale session version', async () => {
      const user = await freshTherapist();
      const sessionId = await startSession(ctx.db, user);
      await ctx.db
        .update(users)
        .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, user.userId));
      await expect(loadActor({ userId: user.userId, clinicId: user.clinicId, sessionVersion: 1, sessionId })).resolves.toBeNull();
      await expect(loadActor({ userId: user.userId, clinicId: user.clinicId, sessionVersion: 2, sessionId })).resolves.not.toBeNull();
    });
  });

  describe('changeOwnPassword', () => {
    const change = (actor: FixtureUser, currentPassword: string, newPassword: string) =>
      changeOwnPassword(actor, { currentPassword, newPassword, confirmPassword: newPassword });

    async function expectInputError(promise: Promise<unknown>, field: string): Promise<void> {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe(field);
    }

    it('refuses a wrong current password (InputError on currentPassword) and changes nothing', async () => {
      const user = await freshTherapist();
      const before = await readUserRow(ctx.db, user.userId);
      await expectInputError(change(user, WRONG_PASSWORD, NEW_PASSWORD), 'currentPassword');
      expect(await readUserRow(ctx.db, user.userId)).toEqual({ ...before, failedLoginCount: 1 });
      const events = await auditEventsWhere(ctx.db, and(eq(auditEvents.actorUserId, user.userId), eq(auditEvents.action, 'account.password_change')));
      expect(events).toMatchObject([{ outcome: 'failure', details: { reason: 'bad_current_password' } }]);
    });

    it(`counts wrong current passwords toward the sign-in lockout: ${LOCKOUT_THRESHOLD} in all lock the account`, async () => {
      const user = await freshTherapist();
      await signIn(user.email, WRONG_PASSWORD);
      await signIn(user.email, WRONG_PASSWORD);
      for (let attempt = 3; attempt <= LOCKOUT_THRESHOLD; attempt++) await expectInputError(change(user, WRONG_PASSWORD, NEW_PASSWORD), 'currentPassword');

      const locked = await readUserRow(ctx.db, user.userId);
      expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
      const lockouts = await auditEventsWhere(ctx.db, and(eq(auditEvents.targetId, user.userId), eq(auditEvents.action, 'auth.lockout')));
      expect(lockouts).toHaveLength(1);
      // Locked: even the right current password is refused (and not counted further), and so is sign-in.
      await expect(change(user, FIXTURE_PASSWORD, NEW_PASSWORD)).rejects.toThrow(/locked/);
      expect(await readUserRow(ctx.db, user.userId)).toEqual(locked);
      await expect(signIn(user.email, FIXTURE_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      const events = await auditEventsWhere(ctx.db, and(eq(auditEvents.actorUserId, user.userId), eq(auditEvents.action, 'account.password_change')));
      expect(events.map((e) => reasonOf(e.details))).toEqual(['bad_current_password', 'bad_current_password', 'bad_current_password', 'locked']);
    });

    it('a successful change clears the failure count', async () => {
      const user = await freshTherapist();
      await expectInputError(change(user, WRONG_PASSWORD, NEW_PASSWORD), 'currentPassword');
      expect((await readUserRow(ctx.db, user.userId)).failedLoginCount).toBe(1);
      await change(user, FIXTURE_PASSWORD, NEW_PASSWORD);
      expect((await readUserRow(ctx.db, user.userId)).failedLoginCount).toBe(0);
    });

    it('refuses a right current password whose check raced a lock set by a parallel attempt', async () => {
      const user = await freshTherapist();
      const before = await readUserRow(ctx.db, user.userId);
      hashHooks.duringVerify = () => setUser(user.userId, { lockedUntil: new Date(Date.now() + LOCKOUT_MINUTES * MINUTE) });
      await expect(change(user, FIXTURE_PASSWORD, NEW_PASSWORD)).rejects.toThrow(/locked/);
      expect((await readUserRow(ctx.db, user.userId)).passwordHash).toBe(before.passwordHash);
    });

    it('refuses a common password (InputError on newPassword) and changes nothing', async () => {
      const user = await freshTherapist();
      const before = await readUserRow(ctx.db, user.userId);
      await expectInputError(change(user, FIXTURE_PASSWORD, 'password1234'), 'newPassword');
      expect(await readUserRow(ctx.db, user.userId)).toEqual(before);
    });

    it('refuses mismatched confirmation before touching the database', async () => {
      const user = await freshTherapist();
      const before = await readUserRow(ctx.db, user.userId);
      await expect(
        changeOwnPassword(user, { currentPassword: FIXTURE_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` }),
      ).rejects.toThrow();
      expect(await readUserRow(ctx.db, user.userId)).toEqual(before);
    });

    it('changes the hash, bumps the session version and ends the old session', async () => {
      const user = await freshTherapist();
      await setUser(user.userId, { mustChangePassword: true });
      const before = await readUserRow(ctx.db, user.userId);

      await change(user, FIXTURE_PASSWORD, NEW_PASSWORD);

      const after = await readUserRow(ctx.db, user.userId);
      expect(after.passwordHash).not.toBe(before.passwordHash);
      expect(await verifyPassword(after.passwordHash!, NEW_PASSWORD)).toBe(true);
      expect(after.sessionVersion).toBe(before.sessionVersion + 1);
      expect(after.mustChangePassword).toBe(false);
      const sessionId = await startSession(ctx.db, user);
      await expect(loadActor({ userId: user.userId, clinicId: user.clinicId, sessionVersion: before.sessionVersion, sessionId })).resolves.toBeNull();
      await expect(signIn(user.email, FIXTURE_PASSWORD)).resolves.toEqual({ ok: false, reason: 'invalid' });
      await expect(signIn(user.email, NEW_PASSWORD)).resolves.toMatchObject({ ok: true, user: { sessionVersion: before.sessionVersion + 1 } });
      const events = await auditEventsWhere(ctx.db, and(eq(auditEvents.actorUserId, user.userId), eq(auditEvents.action, 'account.password_change')));
      expect(events).toMatchObject([{ outcome: 'success' }]);
      expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD);
    });
  });

  describe('signOutSession', () => {
    it('ends that session on the server (a copied cookie stops working), leaves other sessions alone, and audits it', async () => {
      request.requestId = `it-signout-${world.token}`;
      const user = await freshTherapist();
      const signedIn = await signIn(user.email, FIXTURE_PASSWORD);
      if (!signedIn.ok) throw new Error('sign-in failed');
      const claims = { userId: user.userId, clinicId: user.clinicId, sessionVersion: signedIn.user.sessionVersion, sessionId: signedIn.user.sessionId };
      const otherDevice = await startSession(ctx.db, user);
      const actor = await loadActor(claims);
      expect(actor).not.toBeNull();
      await signOutSession(actor!);
      await expect(loadActor(claims)).resolves.toBeNull();
      await expect(loadActor({ ...claims, sessionId: otherDevice })).resolves.not.toBeNull();
      const events = await auditEventsWhere(ctx.db, and(eq(auditEvents.actorUserId, user.userId), eq(auditEvents.action, 'auth.sign_out')));
      expect(events).toMatchObject([{ outcome: 'success', requestId: `it-signout-${world.token}` }]);
    });

    it('refuses session claims for a session id of another user', async () => {
      const user = await freshTherapist();
      const other = await freshTherapist();
      const othersSession = await startSession(ctx.db, other);
      await expect(loadActor({ userId: user.userId, clinicId: user.clinicId, sessionVersion: 1, sessionId: othersSession })).resolves.toBeNull();
    });
  });
});
