import { and, eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import { reassignClient } from '@/lib/data/admin';
import { acknowledgeAlert, listAlertInbox, listClientAlerts } from '@/lib/data/alerts';
import { listUrgentAlertsAwaitingPerson } from '@/lib/data/escalation';
import { ForbiddenError } from '@/lib/data/errors';
import { runSweep } from '@/lib/data/sweep';
import { alerts, auditEvents, clinics, notifications, supervision } from '@/db/schema';
import { actorOf, insertClient, insertUser, uniqueToken, type FixtureClient, type FixtureUser } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Escalation of an unacknowledged urgent alert must reach a person: the supervisor of the client's
 * current therapist, else the clinic's active admins. Only a written notification makes an alert
 * "escalated"; one that could reach nobody is retried and shown on the admin home, without
 * clinical content. Each test builds its own clinic (the sweep works on every clinic at once).
 */

const HOUR = 3_600_000;
/** Past the default 24-hour escalation window. */
const OVERDUE_HOURS = 30;
const ADMIN_ALERTS_LINK = '/admin#urgent-alerts';

describeEachEngine('urgent alert escalation', (ctx) => {
  type Clinic = { id: string; token: string };

  async function newClinic(): Promise<Clinic> {
    const token = uniqueToken();
    const [row] = await ctx.db
      .insert(clinics)
      .values({ name: `Escalation ${token}` })
      .returning({ id: clinics.id });
    return { id: row!.id, token };
  }

  const staff = (clinic: Clinic, role: 'admin' | 'supervisor' | 'therapist', name: string, disabled = false): Promise<FixtureUser> =>
    insertUser(ctx.db, { clinicId: clinic.id, role, name: `${name} ${clinic.token}`, disabledAt: disabled ? new Date(Date.now() - 24 * HOUR) : null });

  const supervise = (clinic: Clinic, supervisor: FixtureUser, therapist: FixtureUser) =>
    ctx.db.insert(supervision).values({ clinicId: clinic.id, supervisorId: supervisor.userId, therapistId: therapist.userId });

  const client = (clinic: Clinic, therapist: FixtureUser): Promise<FixtureClient> =>
    insertClient(ctx.db, {
      clinicId: clinic.id,
      therapistId: therapist.userId,
      portalUserId: null,
      firstName: 'Rowan',
      lastName: 'Ashdown',
      token: uniqueToken(),
    });

  async function urgentAlert(c: FixtureClient, { hoursAgo = OVERDUE_HOURS, therapistId = c.therapistId } = {}): Promise<string> {
    const [row] = await ctx.db
      .insert(alerts)
      .values({
        clinicId: c.clinicId,
        clientId: c.id,
        therapistId,
        kind: 'risk',
        severity: 'urgent',
        rule: 'phq9_item9_positive',
        details: { item9: 2 },
        createdAt: new Date(Date.now() - hoursAgo * HOUR),
      })
      .returning({ id: alerts.id });
    return row!.id;
  }

  const alertRow = async (id: string) => (await ctx.db.select().from(alerts).where(eq(alerts.id, id)))[0]!;
  const escalationsOf = (alertIds: string[]) =>
    ctx.db
      .select({ userId: notifications.userId, alertId: notifications.alertId, link: notifications.link })
      .from(notifications)
      .where(and(inArray(notifications.alertId, alertIds), eq(notifications.kind, 'escalated_alert')));
  const recipientsOf = async (alertId: string) => (await escalationsOf([alertId])).map((n) => n.userId).sort();
  const supervisorLink = (c: FixtureClient, therapistId = c.therapistId) => `/supervisor/therapists/${therapistId}/clients/${c.id}#alerts`;

  it('goes to every active admin of the clinic when the therapist has no supervisor, and counts as escalated', async () => {
    const clinic = await newClinic();
    const [adminOne, adminTwo] = [await staff(clinic, 'admin', 'Ada'), await staff(clinic, 'admin', 'Abe')];
    const disabledAdmin = await staff(clinic, 'admin', 'Old Admin', true);
    const therapist = await staff(clinic, 'therapist', 'Tess');
    await insertUser(ctx.db, { clinicId: (await newClinic()).id, role: 'admin', name: 'Other clinic admin' });
    const c = await client(clinic, therapist);
    const alertId = await urgentAlert(c);
    const now = new Date();

    await runSweep({ now });

    const row = await alertRow(alertId);
    expect(row.escalatedAt).toEqual(now);
    expect([adminOne.userId, adminTwo.userId]).toContain(row.escalatedTo);
    const sent = await escalationsOf([alertId]);
    expect(sent.map((n) => n.userId).sort()).toEqual([adminOne.userId, adminTwo.userId].sort());
    expect(sent.every((n) => n.link === ADMIN_ALERTS_LINK)).toBe(true);
    expect(sent.map((n) => n.userId)).not.toContain(disabledAdmin.userId);

    await runSweep({ now: new Date(now.getTime() + HOUR) });
    expect(await escalationsOf([alertId])).toHaveLength(2);
    expect((await alertRow(alertId)).escalatedAt).toEqual(now);
  });

  it('stays unescalated and is retried while it can reach nobody, then reaches a supervisor assigned later', async () => {
    const clinic = await newClinic();
    await staff(clinic, 'admin', 'Disabled Admin', true);
    const therapist = await staff(clinic, 'therapist', 'Tom');
    const c = await client(clinic, therapist);
    const alertId = await urgentAlert(c);

    for (const hoursLater of [0, 1]) {
      await runSweep({ now: new Date(Date.now() + hoursLater * HOUR) });
      expect(await alertRow(alertId)).toMatchObject({ escalatedAt: null, escalatedTo: null });
      expect(await escalationsOf([alertId])).toHaveLength(0);
    }

    const supervisor = await staff(clinic, 'supervisor', 'Sara');
    await supervise(clinic, supervisor, therapist);
    const now = new Date(Date.now() + 2 * HOUR);
    const result = await runSweep({ now });
    expect(result.escalated).toBeGreaterThanOrEqual(1);
    expect(await alertRow(alertId)).toMatchObject({ escalatedAt: now, escalatedTo: supervisor.userId });
    expect(await escalationsOf([alertId])).toEqual([{ userId: supervisor.userId, alertId, link: supervisorLink(c) }]);
  });

  it("follows the client to the new therapist's supervisor after a reassignment, not the old one's", async () => {
    const clinic = await newClinic();
    const admin = await staff(clinic, 'admin', 'Ada');
    const [oldTherapist, newTherapist] = [await staff(clinic, 'therapist', 'Olive'), await staff(clinic, 'therapist', 'Nina')];
    const [oldSupervisor, newSupervisor] = [await staff(clinic, 'supervisor', 'Oscar'), await staff(clinic, 'supervisor', 'Nora')];
    await supervise(clinic, oldSupervisor, oldTherapist);
    await supervise(clinic, newSupervisor, newTherapist);
    const c = await client(clinic, oldTherapist);
    const alertId = await urgentAlert(c);
    await reassignClient(actorOf(admin), c.id, { therapistId: newTherapist.userId, reason: 'Therapist leaving the clinic' });

    await runSweep();

    expect((await alertRow(alertId)).escalatedTo).toBe(newSupervisor.userId);
    const sent = await escalationsOf([alertId]);
    expect(sent).toEqual([{ userId: newSupervisor.userId, alertId, link: supervisorLink(c, newTherapist.userId) }]);
    // The link is a page the recipient may open: the client's record under their supervisee.
    expect((await listClientAlerts(actorOf(newSupervisor), c.id)).map((a) => a.id)).toContain(alertId);
    expect((await listAlertInbox(actorOf(newSupervisor))).alerts.map((a) => a.id)).toContain(alertId);
  });

  it('skips a supervisor whose account is disabled', async () => {
    const clinic = await newClinic();
    const admin = await staff(clinic, 'admin', 'Ada');
    const disabledSupervisor = await staff(clinic, 'supervisor', 'Gone', true);
    const activeSupervisor = await staff(clinic, 'supervisor', 'Here');
    const [both, onlyDisabled] = [await staff(clinic, 'therapist', 'Beth'), await staff(clinic, 'therapist', 'Dora')];
    await supervise(clinic, disabledSupervisor, both);
    await supervise(clinic, activeSupervisor, both);
    await supervise(clinic, disabledSupervisor, onlyDisabled);
    const cBoth = await client(clinic, both);
    const cOnlyDisabled = await client(clinic, onlyDisabled);
    const [alertBoth, alertOnlyDisabled] = [await urgentAlert(cBoth), await urgentAlert(cOnlyDisabled)];

    await runSweep();

    expect(await recipientsOf(alertBoth)).toEqual([activeSupervisor.userId]);
    expect((await alertRow(alertBoth)).escalatedTo).toBe(activeSupervisor.userId);
    expect(await recipientsOf(alertOnlyDisabled)).toEqual([admin.userId]);
    expect((await alertRow(alertOnlyDisabled)).escalatedTo).toBe(admin.userId);
  });

  it('does not escalate an alert before its time, nor one already acknowledged', async () => {
    const clinic = await newClinic();
    const therapist = await staff(clinic, 'therapist', 'Tia');
    const supervisor = await staff(clinic, 'supervisor', 'Sol');
    await supervise(clinic, supervisor, therapist);
    const c = await client(clinic, therapist);
    const recent = await urgentAlert(c, { hoursAgo: 2 });
    const acknowledged = await urgentAlert(c);
    await acknowledgeAlert(actorOf(therapist), acknowledged, { note: 'Called the client; safety plan in place.' });

    await runSweep();

    expect(await alertRow(recent)).toMatchObject({ escalatedAt: null, escalatedTo: null });
    expect(await alertRow(acknowledged)).toMatchObject({ escalatedAt: null, escalatedTo: null });
    expect(await escalationsOf([recent, acknowledged])).toHaveLength(0);
  });

  it.runIf(ctx.engine === 'postgres')('writes each notification once and escalates each alert once when sweeps run at the same time', async () => {
    const now = new Date();
    await runSweep({ now }); // whatever earlier tests left due is settled first
    const clinic = await newClinic();
    const admins = [await staff(clinic, 'admin', 'Ada'), await staff(clinic, 'admin', 'Abe')];
    const [unsupervised, supervised] = [await staff(clinic, 'therapist', 'Uma'), await staff(clinic, 'therapist', 'Sid')];
    const supervisor = await staff(clinic, 'supervisor', 'Sam');
    await supervise(clinic, supervisor, supervised);
    const toAdmins = await Promise.all(Array.from({ length: 4 }, async () => urgentAlert(await client(clinic, unsupervised))));
    const toSupervisor = await Promise.all(Array.from({ length: 4 }, async () => urgentAlert(await client(clinic, supervised))));

    const results = await Promise.all(Array.from({ length: 4 }, () => runSweep({ now })));

    expect(results.reduce((sum, r) => sum + r.escalated, 0)).toBe(toAdmins.length + toSupervisor.length);
    const sent = await escalationsOf([...toAdmins, ...toSupervisor]);
    expect(sent).toHaveLength(toAdmins.length * admins.length + toSupervisor.length);
    for (const id of toAdmins) expect((await recipientsOf(id)).length).toBe(admins.length);
    for (const id of toSupervisor) expect(await recipientsOf(id)).toEqual([supervisor.userId]);
  });

  it('shows the admin the urgent alerts waiting for a person, with no clinical content, and refuses everyone else', async () => {
    const clinic = await newClinic();
    const admin = await staff(clinic, 'admin', 'Ada');
    const [unsupervised, supervised] = [await staff(clinic, 'therapist', 'Uma'), await staff(clinic, 'therapist', 'Sid')];
    const supervisor = await staff(clinic, 'supervisor', 'Sam');
    await supervise(clinic, supervisor, supervised);
    const cWaiting = await client(clinic, unsupervised);
    const waiting = await urgentAlert(cWaiting, { hoursAgo: 40 });
    const notDueYet = await urgentAlert(await client(clinic, unsupervised), { hoursAgo: 1 });
    const toSupervisor = await urgentAlert(await client(clinic, supervised));
    const acknowledged = await urgentAlert(cWaiting);
    await acknowledgeAlert(actorOf(unsupervised), acknowledged, { note: 'Seen in session; safety plan reviewed.' });
    const otherClinic = await newClinic();
    const otherAdmin = await staff(otherClinic, 'admin', 'Other');
    const otherWaiting = await urgentAlert(await client(otherClinic, await staff(otherClinic, 'therapist', 'Oto')));

    const before = await listUrgentAlertsAwaitingPerson(actorOf(admin));
    expect(before.total).toBe(1);
    expect(before.alerts).toEqual([{ id: waiting, therapistName: unsupervised.name, raisedAt: (await alertRow(waiting)).createdAt, reachedAdminsAt: null }]);

    const now = new Date();
    await runSweep({ now });
    const after = await listUrgentAlertsAwaitingPerson(actorOf(admin));
    expect(after.alerts.map((a) => a.id)).toEqual([waiting]);
    expect(after.alerts[0]!.reachedAdminsAt).toEqual(now);
    // Neither the client's name nor anything they answered.
    const shown = JSON.stringify(after);
    for (const secret of ['Rowan', cWaiting.lastName, 'item9', 'phq9']) expect(shown).not.toContain(secret);
    expect([notDueYet, toSupervisor, acknowledged, otherWaiting].some((id) => shown.includes(id))).toBe(false);
    expect((await listUrgentAlertsAwaitingPerson(actorOf(otherAdmin))).alerts.map((a) => a.id)).toEqual([otherWaiting]);

    const readEvents = await ctx.db
      .select({ outcome: auditEvents.outcome, clinicId: auditEvents.clinicId })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, admin.userId), eq(auditEvents.action, 'admin.urgent_alerts.read')));
    expect(readEvents).toEqual([
      { outcome: 'success', clinicId: clinic.id },
      { outcome: 'success', clinicId: clinic.id },
    ]);

    const portalUser = await insertUser(ctx.db, { clinicId: clinic.id, role: 'client', name: 'Portal' });
    const refused: Actor[] = [actorOf(supervisor), actorOf(unsupervised), actorOf(portalUser)];
    for (const actor of refused) {
      await expect(listUrgentAlertsAwaitingPerson(actor)).rejects.toBeInstanceOf(ForbiddenError);
      const [denied] = await ctx.db
        .select({ outcome: auditEvents.outcome })
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, actor.userId), eq(auditEvents.action, 'admin.urgent_alerts.read')));
      expect(denied).toEqual({ outcome: 'denied' });
    }
  });

  it('counts an alert marked escalated to nobody by an earlier version as not yet escalated', async () => {
    const clinic = await newClinic();
    const admin = await staff(clinic, 'admin', 'Ada');
    const c = await client(clinic, await staff(clinic, 'therapist', 'Lee'));
    const alertId = await urgentAlert(c);
    await ctx.db
      .update(alerts)
      .set({ escalatedAt: new Date(Date.now() - 2 * HOUR) })
      .where(eq(alerts.id, alertId));
    expect((await listUrgentAlertsAwaitingPerson(actorOf(admin))).alerts).toEqual([expect.objectContaining({ id: alertId, reachedAdminsAt: null })]);

    const now = new Date();
    await runSweep({ now });
    expect(await alertRow(alertId)).toMatchObject({ escalatedAt: now, escalatedTo: admin.userId });
    expect(await recipientsOf(alertId)).toEqual([admin.userId]);
  });
});
