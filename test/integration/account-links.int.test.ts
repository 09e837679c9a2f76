import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import * as adminData from '@/lib/data/admin';
import { createStaffAccount, sendPasswordLink } from '@/lib/data/admin';
import { loadActor } from '@/lib/data/actor';
import { verifyCredentials } from '@/lib/data/auth';
import { ForbiddenError, InputError, NotFoundError } from '@/lib/data/errors';
import { getPasswordLinkStatus, setPasswordWithLink } from '@/lib/data/password-links';
import * as adminValidation from '@/lib/validation/admin';
import { createStaffSchema } from '@/lib/validation/admin';
import { auditEvents, passwordLinks, users } from '@/db/schema';
import { buildWorld, FIXTURE_PASSWORD, insertUser, startSession, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Admins never learn a usable password of anyone else (issue 12, item 2). Accounts are created and
 * reset with one-time set-password links: single use, expiring, and using one signs the account out
 * everywhere. A client's link only ever goes to the client's own mailbox; a staff link is mailed
 * when mail is set up, otherwise shown once to the admin to pass on.
 */
const CHOSEN = 'Velvet-Orbit-Harbour-64';
const OTHER = 'Copper-Lagoon-Thistle-82';
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const tokenOf = (link: string) => link.split('/set-password/')[1]!;

type Received = { to: string[]; body: string };

describeEachEngine('account links instead of admin-set passwords', (ctx) => {
  let world: World;
  let admin: Actor;
  let server: SMTPServer;
  let smtpUrl: string;
  const received: Received[] = [];

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    admin = world.actors.adminA;
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let body = '';
        stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), body: body.replace(/=\r?\n/g, '').replace(/=3D/g, '=') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    process.env.AUTH_URL = 'https://rapport.example.org';
  });
  afterEach(() => {
    delete process.env.SMTP_URL;
  });
  afterAll(async () => {
    delete process.env.AUTH_URL;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const auditOf = (action: string, targetId: string) =>
    ctx.db
      .select({ outcome: auditEvents.outcome, actorUserId: auditEvents.actorUserId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));

  it('no admin function or form takes a password for another user', async () => {
    expect(Object.keys(adminData)).not.toContain('resetAccountPassword');
    expect(Object.keys(adminValidation)).not.toContain('resetPasswordSchema');
    expect(Object.keys(createStaffSchema.shape)).not.toContain('temporaryPassword');
    // A password smuggled into the input is ignored: the new account has no password at all.
    const email = `smuggled.${world.token}@clinic.test`;
    const input = createStaffSchema.parse({ name: 'Sly Smuggle', email, role: 'therapist', temporaryPassword: CHOSEN });
    const { id } = await createStaffAccount(admin, input);
    const [row] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, id));
    expect(row!.passwordHash).toBeNull();
    await expect(verifyCredentials({ email, password: CHOSEN })).resolves.toMatchObject({ ok: false });
  });

  it('creates a staff account with a one-time set-password link: shown once, works once, the admin never sees a password', async () => {
    const email = `nia.${world.token}@clinic.test`;
    const created = await createStaffAccount(admin, { name: 'Nia Newcomer', email, role: 'therapist' });
    expect(created).toMatchObject({ delivery: 'shown' });
    expect(Object.keys(created).sort()).toEqual(['delivery', 'expiresAt', 'id', 'link']);
    if (created.delivery !== 'shown') throw new Error('expected a shown link');
    expect(created.link).toMatch(/^https:\/\/rapport\.example\.org\/set-password\/[A-Za-z0-9_-]{40,}$/);
    expect(created.expiresAt.getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
    const token = tokenOf(created.link);
    const [stored] = await ctx.db.select().from(passwordLinks).where(eq(passwordLinks.userId, created.id));
    expect(stored).toMatchObject({ tokenHash: hashOf(token), purpose: 'setup', usedAt: null, createdBy: admin.userId });
    expect(await getPasswordLinkStatus(token)).toEqual({ status: 'valid', email, purpose: 'setup' });

    await expect(setPasswordWithLink(token, { password: 'password12345', confirmPassword: 'password12345' })).rejects.toThrow(/common/);
    await expect(setPasswordWithLink(token, { password: CHOSEN, confirmPassword: CHOSEN })).resolves.toEqual({ email, role: 'therapist' });
    await expect(verifyCredentials({ email, password: CHOSEN })).resolves.toMatchObject({ ok: true, user: { id: created.id, role: 'therapist' } });
    const [user] = await ctx.db.select({ mustChangePassword: users.mustChangePassword }).from(users).where(eq(users.id, created.id));
    expect(user!.mustChangePassword).toBe(false);

    expect(await getPasswordLinkStatus(token)).toEqual({ status: 'used' });
    await expect(setPasswordWithLink(token, { password: OTHER, confirmPassword: OTHER })).rejects.toThrow(/already been used/);
    await expect(verifyCredentials({ email, password: OTHER })).resolves.toMatchObject({ ok: false });

    expect(await auditOf('admin.account.create', created.id)).toEqual([{ outcome: 'success', actorUserId: admin.userId, details: { role: 'therapist' } }]);
    expect(await auditOf('admin.account.password_link', created.id)).toEqual([
      { outcome: 'success', actorUserId: admin.userId, details: { purpose: 'setup', delivery: 'shown' } },
    ]);
    expect(await auditOf('account.password_link.use', stored!.id)).toEqual([{ outcome: 'success', actorUserId: created.id, details: { purpose: 'setup' } }]);
  });

  it('resets a staff password with a link: the old password works until it is used, then every session ends', async () => {
    const staff = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'supervisor', name: 'Lou Reset' });
    await ctx.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() + 600_000), failedLoginCount: 5 })
      .where(eq(users.id, staff.userId));
    const sessionId = await startSession(ctx.db, staff);
    const claims = { userId: staff.userId, clinicId: staff.clinicId, sessionVersion: 1, sessionId };
    expect(await loadActor(claims)).not.toBeNull();

    const first = await sendPasswordLink(admin, staff.userId);
    const second = await sendPasswordLink(admin, staff.userId);
    if (first.delivery !== 'shown' || second.delivery !== 'shown') throw new Error('expected shown links');
    expect(second.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    // A newer link cancels the older one; issuing changes nothing about the account yet.
    expect(await getPasswordLinkStatus(tokenOf(first.link))).toEqual({ status: 'invalid' });
    expect(await loadActor(claims)).not.toBeNull();

    await setPasswordWithLink(tokenOf(second.link), { password: CHOSEN, confirmPassword: CHOSEN });
    expect(await loadActor(claims)).toBeNull();
    const [row] = await ctx.db.select().from(users).where(eq(users.id, staff.userId));
    expect(row).toMatchObject({ sessionVersion: 2, lockedUntil: null, failedLoginCount: 0, mustChangePassword: false });
    await expect(verifyCredentials({ email: staff.email, password: FIXTURE_PASSWORD })).resolves.toMatchObject({ ok: false });
    await expect(verifyCredentials({ email: staff.email, password: CHOSEN })).resolves.toMatchObject({ ok: true });
    await expect(setPasswordWithLink(tokenOf(second.link), { password: OTHER, confirmPassword: OTHER })).rejects.toThrow(/already been used/);

    const issued = await auditOf('admin.account.password_link', staff.userId);
    expect(issued).toHaveLength(2);
    expect(issued[0]).toEqual({ outcome: 'success', actorUserId: admin.userId, details: { purpose: 'reset', delivery: 'shown' } });
  });

  it('an expired link and a forged one are refused and change nothing', async () => {
    const staff = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Eve Expired' });
    const issued = await sendPasswordLink(admin, staff.userId);
    if (issued.delivery !== 'shown') throw new Error('expected a shown link');
    const token = tokenOf(issued.link);
    await ctx.db
      .update(passwordLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordLinks.tokenHash, hashOf(token)));
    expect(await getPasswordLinkStatus(token)).toEqual({ status: 'expired' });
    await expect(setPasswordWithLink(token, { password: CHOSEN, confirmPassword: CHOSEN })).rejects.toThrow(/expired/);
    expect(await getPasswordLinkStatus('forged-token-forged-token-forged')).toEqual({ status: 'invalid' });
    await expect(setPasswordWithLink('forged-token-forged-token-forged', { password: CHOSEN, confirmPassword: CHOSEN })).rejects.toThrow(/not valid/);
    await expect(verifyCredentials({ email: staff.email, password: FIXTURE_PASSWORD })).resolves.toMatchObject({ ok: true });
  });

  it('a client’s reset link goes only to the client’s mailbox; without mail it is refused and nothing is written', async () => {
    const client = world.users.portalC2;
    await expect(sendPasswordLink(admin, client.userId)).rejects.toThrow(/mail/i);
    expect(await ctx.db.select().from(passwordLinks).where(eq(passwordLinks.userId, client.userId))).toEqual([]);

    process.env.SMTP_URL = smtpUrl;
    const sent = await sendPasswordLink(admin, client.userId);
    // The admin learns where it went and until when, never the link.
    expect(sent).toEqual({ delivery: 'emailed', emailedTo: client.email, expiresAt: expect.any(Date) });
    const mail = received.find((r) => r.to.includes(client.email));
    const link = mail?.body.match(/https:\/\/rapport\.example\.org\/set-password\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeDefined();
    const token = tokenOf(link!);
    expect(await getPasswordLinkStatus(token)).toEqual({ status: 'valid', email: client.email, purpose: 'reset' });
    await setPasswordWithLink(token, { password: CHOSEN, confirmPassword: CHOSEN });
    await expect(verifyCredentials({ email: client.email, password: CHOSEN })).resolves.toMatchObject({ ok: true, user: { role: 'client' } });
    await expect(setPasswordWithLink(token, { password: OTHER, confirmPassword: OTHER })).rejects.toThrow(/already been used/);
    expect(await auditOf('admin.account.password_link', client.userId)).toEqual([
      { outcome: 'failure', actorUserId: admin.userId, details: { purpose: 'reset', reason: 'mail_not_configured' } },
      { outcome: 'success', actorUserId: admin.userId, details: { purpose: 'reset', delivery: 'emailed' } },
    ]);
  });

  it('a staff link is mailed, not shown, when mail is set up', async () => {
    process.env.SMTP_URL = smtpUrl;
    const staff = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Mia Mailed' });
    const sent = await sendPasswordLink(admin, staff.userId);
    expect(sent).toEqual({ delivery: 'emailed', emailedTo: staff.email, expiresAt: expect.any(Date) });
    expect(received.some((r) => r.to.includes(staff.email) && r.body.includes('/set-password/'))).toBe(true);
  });

  it('refuses other roles, other clinics’ accounts, one’s own account and disabled accounts', async () => {
    for (const actor of [world.actors.supervisorA, world.actors.therapistA1, world.actors.clientC1]) {
      await expect(sendPasswordLink(actor, world.users.therapistA2.userId)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(createStaffAccount(actor, { name: 'X Y', email: `x.${world.token}@t.test`, role: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(sendPasswordLink(world.actors.adminB, world.users.therapistA2.userId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(sendPasswordLink(admin, admin.userId)).rejects.toBeInstanceOf(InputError);
    const disabled = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Dee Disabled', disabledAt: new Date() });
    await expect(sendPasswordLink(admin, disabled.userId)).rejects.toBeInstanceOf(InputError);
    expect(await ctx.db.select().from(passwordLinks).where(eq(passwordLinks.userId, world.users.therapistA2.userId))).toEqual([]);
  });

  it('a link stops working when the account is disabled', async () => {
    const staff = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Dan Later' });
    const issued = await sendPasswordLink(admin, staff.userId);
    if (issued.delivery !== 'shown') throw new Error('expected a shown link');
    await adminData.setAccountDisabled(admin, staff.userId, true);
    expect(await getPasswordLinkStatus(tokenOf(issued.link))).toEqual({ status: 'invalid' });
    await expect(setPasswordWithLink(tokenOf(issued.link), { password: CHOSEN, confirmPassword: CHOSEN })).rejects.toThrow(/not valid/);
  });
});
