import { getSupervisedTherapist } from '@/lib/data/supervisor';
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import {
  createStaffAccount,
  exportAuditCsv,
  getAssignmentsOverview,
  listAuditEvents,
  reassignClient,
  sendPasswordLink,
  setAccountDisabled,
  setSupervision,
  unlockAccount,
} from '@/lib/data/admin';
import { loadActor } from '@/lib/data/actor';
import { verifyCredentials } from '@/lib/data/auth';
import { getClientProfile, listCaseload } from '@/lib/data/clients';
import { ForbiddenError, InputError, NotFoundError } from '@/lib/data/errors';
import { submitResponse } from '@/lib/data/measures';
import { assignMeasure } from '@/lib/data/assignments';
import { auditFilterSchema } from '@/lib/validation/admin';
import { caseloadHistory, clinics, measureAssignments, measureResponses, users } from '@/db/schema';
import { buildWorld, insertUser, startSession, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Clinic administration: account lifecycle (disable signs out everywhere), supervision and
 * caseload assignments (history kept, past measures stay with the therapist at the time), the
 * audit log — all scoped to the admin's clinic, none of it reachable by other roles.
 */
const filter = (input: Record<string, string> = {}) => auditFilterSchema.parse(input);
const wai = (v: number) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`wai-${i + 1}`, v]));

describeEachEngine('clinic administration', (ctx) => {
  let world: World;
  let admin: Actor;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    admin = world.actors.adminA;
  });

  const nonAdmins = () => [world.actors.supervisorA, world.actors.therapistA1, world.actors.clientC1];

  it('creates a staff account that has no password until its owner sets one through the link', async () => {
    const email = `new.therapist.${world.token}@clinic.test`;
    const created = await createStaffAccount(admin, { name: 'Nia Newcomer', email, role: 'therapist' });
    expect(created).toMatchObject({ delivery: 'shown', link: expect.stringContaining('/set-password/') });
    const [row] = await ctx.db
      .select({ passwordHash: users.passwordHash, clinicId: users.clinicId, role: users.role })
      .from(users)
      .where(eq(users.id, created.id));
    expect(row).toEqual({ passwordHash: null, clinicId: world.clinicA, role: 'therapist' });
    await expect(createStaffAccount(admin, { name: 'Dup', email, role: 'therapist' })).rejects.toBeInstanceOf(InputError);
  });

  it('disabling signs the account out everywhere at once; re-enabling lets it sign in again', async () => {
    const user = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Dana Disable' });
    const sessionId = await startSession(ctx.db, user);
    const claims = { userId: user.userId, clinicId: user.clinicId, sessionVersion: 1, sessionId };
    expect(await loadActor(claims)).not.toBeNull();
    await setAccountDisabled(admin, user.userId, true);
    expect(await loadActor(claims)).toBeNull();
    await expect(verifyCredentials({ email: user.email, password: 'Lantern-orbit-Quilt-47' })).resolves.toEqual({ ok: false, reason: 'invalid' });
    await setAccountDisabled(admin, user.userId, false);
    await expect(verifyCredentials({ email: user.email, password: 'Lantern-orbit-Quilt-47' })).resolves.toMatchObject({ ok: true });
    await expect(setAccountDisabled(admin, admin.userId, true)).rejects.toBeInstanceOf(InputError);
  });

  it('unlocks a locked account', async () => {
    const user = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'supervisor', name: 'Lou Locked' });
    await ctx.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() + 600_000), failedLoginCount: 0 })
      .where(eq(users.id, user.userId));
    await expect(verifyCredentials({ email: user.email, password: 'Lantern-orbit-Quilt-47' })).resolves.toMatchObject({ ok: false });
    await unlockAccount(admin, user.userId);
    await expect(verifyCredentials({ email: user.email, password: 'Lantern-orbit-Quilt-47' })).resolves.toMatchObject({ ok: true });
  });

  it('manages supervision: a new pairing grants the supervisor read access, ending it removes it', async () => {
    const { therapistA2 } = world.users;
    const supervisor = world.actors.supervisorA;
    await expect(getSupervisedTherapist(supervisor, therapistA2.userId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClientProfile(supervisor, world.clients.c2.id)).rejects.toBeInstanceOf(NotFoundError);
    await setSupervision(admin, { supervisorId: supervisor.userId, therapistId: therapistA2.userId }, true);
    await expect(setSupervision(admin, { supervisorId: supervisor.userId, therapistId: therapistA2.userId }, true)).rejects.toBeInstanceOf(InputError);
    await expect(getSupervisedTherapist(supervisor, therapistA2.userId)).resolves.toMatchObject({ id: therapistA2.userId });
    await expect(getClientProfile(supervisor, world.clients.c2.id)).resolves.toMatchObject({ id: world.clients.c2.id });
    await setSupervision(admin, { supervisorId: supervisor.userId, therapistId: therapistA2.userId }, false);
    await expect(getClientProfile(supervisor, world.clients.c2.id)).rejects.toBeInstanceOf(NotFoundError);
    // Roles must match: a therapist cannot be made a supervisor here.
    await expect(setSupervision(admin, { supervisorId: therapistA2.userId, therapistId: world.users.therapistA1.userId }, true)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('reassigns a client: history kept, past measures stay with the therapist at the time, open ones move', async () => {
    const c1 = world.clients.c1;
    const from = world.actors.therapistA1;
    const done = await assignMeasure(from, c1.id, { instrumentKey: 'wai-sr-client' });
    await submitResponse(world.actors.clientC1, done.id, wai(4));
    const open = await assignMeasure(from, c1.id, { instrumentKey: 'phq-9' });
    await reassignClient(admin, c1.id, { therapistId: world.users.therapistA2.userId, reason: 'Therapist leaving' });
    const history = await ctx.db.select().from(caseloadHistory).where(eq(caseloadHistory.clientId, c1.id));
    expect(history).toHaveLength(2);
    expect(history.find((h) => h.therapistId === from.userId)!.endedAt).toBeInstanceOf(Date);
    expect(history.find((h) => h.therapistId === world.users.therapistA2.userId)!.endedAt).toBeNull();
    const [response] = await ctx.db
      .select({ therapistId: measureResponses.therapistId })
      .from(measureResponses)
      .where(eq(measureResponses.assignmentId, done.id));
    expect(response!.therapistId).toBe(from.userId);
    const [moved] = await ctx.db.select({ therapistId: measureAssignments.therapistId }).from(measureAssignments).where(eq(measureAssignments.id, open.id));
    expect(moved!.therapistId).toBe(world.users.therapistA2.userId);
    expect((await listCaseload(from)).map((c) => c.id)).not.toContain(c1.id);
    expect((await listCaseload(world.actors.therapistA2)).map((c) => c.id)).toContain(c1.id);
    await expect(reassignClient(admin, world.clients.cB.id, { therapistId: world.users.therapistA2.userId, reason: 'other clinic' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(reassignClient(admin, c1.id, { therapistId: world.users.therapistB1.userId, reason: 'other clinic' })).rejects.toBeInstanceOf(NotFoundError);
    const open2 = await ctx.db
      .select()
      .from(caseloadHistory)
      .where(and(eq(caseloadHistory.clientId, c1.id), isNull(caseloadHistory.endedAt)));
    expect(open2).toHaveLength(1);
  });

  it('shows names and assignments of its own clinic only, with no clinical content', async () => {
    const overview = await getAssignmentsOverview(admin);
    const text = JSON.stringify(overview);
    expect(overview.clients.map((c) => c.id)).not.toContain(world.clients.cB.id);
    expect(overview.staff.map((s) => s.id)).not.toContain(world.users.therapistB1.userId);
    for (const marker of world.clinicalMarkers.filter((m) => !m.includes('Lindqvist') && !m.includes('Okonkwo'))) expect(text).not.toContain(marker);
    expect(Object.keys(overview.clients[0]!).sort()).toEqual(['id', 'name', 'status', 'therapistId', 'therapistName']);
  });

  it('filters the audit log by who, which client, what and when, and exports it as CSV (audited)', async () => {
    const byClient = await listAuditEvents(admin, filter({ clientId: world.clients.c1.id }));
    expect(byClient.rows.length).toBeGreaterThan(0);
    expect(byClient.rows.every((r) => r.clientId === world.clients.c1.id)).toBe(true);
    const byActor = await listAuditEvents(admin, filter({ actorUserId: admin.userId, action: 'admin.account' }));
    expect(byActor.rows.every((r) => r.action.startsWith('admin.account') && r.actorName === world.users.adminA.name)).toBe(true);
    const future = await listAuditEvents(admin, filter({ from: '2999-01-01' }));
    expect(future.rows).toEqual([]);
    const other = await listAuditEvents(world.actors.adminB, filter({ clientId: world.clients.c1.id }));
    expect(other.rows).toEqual([]);
    const csv = await exportAuditCsv(admin, filter({ action: 'admin.' }));
    expect(csv.split('\r\n')[0]).toBe('occurred_at (UTC),actor,actor_role,action,outcome,target_type,target_id,client_id,request_id,ip');
    expect(csv).toContain('admin.client.reassign');
    const exports = await listAuditEvents(admin, filter({ action: 'admin.audit.export' }));
    expect(exports.rows.length).toBeGreaterThan(0);
  });

  it('exports audit times as clinic-local time with the offset, and the header names the zone', async () => {
    await ctx.db.update(clinics).set({ timeZone: 'Asia/Kolkata' }).where(eq(clinics.id, world.clinicA));
    try {
      const shown = await listAuditEvents(admin, filter({ action: 'admin.' }), 10_000, { audit: false });
      const [header, ...lines] = (await exportAuditCsv(admin, filter({ action: 'admin.' }))).trim().split('\r\n');
      expect(header).toMatch(/^occurred_at \(Asia\/Kolkata\),actor,/);
      expect(lines.length).toBe(shown.rows.length);
      lines.forEach((line, i) => {
        const when = line.split(',')[0]!;
        expect(when).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/);
        // The same instant as on screen, to the second.
        expect(new Date(when).getTime()).toBe(Math.floor(shown.rows[i]!.occurredAt.getTime() / 1000) * 1000);
      });
    } finally {
      await ctx.db.update(clinics).set({ timeZone: 'UTC' }).where(eq(clinics.id, world.clinicA));
    }
  });

  it('refuses every admin function to other roles and to other clinics’ records', async () => {
    for (const actor of nonAdmins()) {
      await expect(createStaffAccount(actor, { name: 'X Y', email: `x.${world.token}@t.test`, role: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setAccountDisabled(actor, world.users.therapistA2.userId, true)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(unlockAccount(actor, world.users.therapistA2.userId)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(sendPasswordLink(actor, world.users.therapistA2.userId)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(reassignClient(actor, world.clients.c2.id, { therapistId: world.users.therapistA1.userId, reason: 'nope' })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(getAssignmentsOverview(actor)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listAuditEvents(actor, filter())).rejects.toBeInstanceOf(ForbiddenError);
      await expect(exportAuditCsv(actor, filter())).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(setAccountDisabled(world.actors.adminB, world.users.therapistA2.userId, true)).rejects.toBeInstanceOf(NotFoundError);
    await expect(sendPasswordLink(world.actors.adminB, world.users.therapistA2.userId)).rejects.toBeInstanceOf(NotFoundError);
    const [row] = await ctx.db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, world.users.therapistA2.userId));
    expect(row!.disabledAt).toBeNull();
  });
});
