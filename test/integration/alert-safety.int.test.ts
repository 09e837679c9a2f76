import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import { acknowledgeAlert, listAlertInbox, listClientAlerts } from '@/lib/data/alerts';
import { InputError } from '@/lib/data/errors';
import { saveDraft, submitResponse } from '@/lib/data/measures';
import { assignMeasure } from '@/lib/data/assignments';
import { alerts, auditEvents, measureAssignments, measureResponses, notifications } from '@/db/schema';
import { actorOf, buildWorld, insertClient, insertUser, uniqueToken, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Issue 11's safety defects on real databases: a risk answer on a form that closed while it was
 * open still raises the urgent alert; repair compares the pre-drop level exactly; alerts raised by
 * one response form one episode, acknowledged once; an open alert of a kind is updated, not repeated.
 */

/** WAI-SR answers with the given total (12–60): as many 5s as needed on a base of the floor. */
function waiWithTotal(total: number): Record<string, number> {
  const base = Math.floor(total / 12);
  const extra = total - base * 12;
  return Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`wai-${i + 1}`, base + (i < extra ? 1 : 0)]));
}
const phq = (total8: number, item9 = 0) => {
  const answers: Record<string, number> = {};
  let left = total8;
  for (let i = 1; i <= 8; i++) {
    const v = Math.min(3, left);
    answers[`phq9-${i}`] = v;
    left -= v;
  }
  return { ...answers, 'phq9-9': item9 };
};

describeEachEngine('alert safety', (ctx) => {
  let world: World;
  let therapist: Actor;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    therapist = world.actors.therapistA1;
  });

  async function freshClient() {
    const token = uniqueToken();
    const portal = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'client', name: `Safety ${token}` });
    const client = await insertClient(ctx.db, {
      clinicId: world.clinicA,
      therapistId: therapist.userId,
      portalUserId: portal.userId,
      firstName: 'Safety',
      lastName: 'Client',
      token,
    });
    return { client, portal: actorOf(portal) };
  }
  const assign = async (clientId: string, instrumentKey: 'wai-sr-client' | 'phq-9') => (await assignMeasure(therapist, clientId, { instrumentKey })).id;
  const alertsOf = (clientId: string) => ctx.db.select().from(alerts).where(eq(alerts.clientId, clientId));
  const closeForm = (id: string, how: 'expired' | 'cancelled') =>
    ctx.db
      .update(measureAssignments)
      .set(how === 'expired' ? { expiresAt: new Date(Date.now() - 60_000) } : { status: 'cancelled' })
      .where(eq(measureAssignments.id, id));

  it.each(['expired', 'cancelled'] as const)('a risk answer in a draft of a form that was %s while open still raises the urgent alert', async (how) => {
    const { client, portal } = await freshClient();
    const id = await assign(client.id, 'phq-9');
    await saveDraft(portal, id, { 'phq9-1': 1 });
    await closeForm(id, how);

    const error = await saveDraft(portal, id, { 'phq9-1': 1, 'phq9-9': 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/passed on to your therapist/);

    const [risk, ...others] = await alertsOf(client.id);
    expect(others).toHaveLength(0);
    expect(risk).toMatchObject({ kind: 'risk', severity: 'urgent', status: 'open', therapistId: therapist.userId, episodeId: id });
    expect(risk!.details).toMatchObject({ item: 'phq9-9', itemNumber: 9, answer: 2, answerLabel: 'More than half the days', stage: 'closed_form' });
    const notices = await ctx.db.select().from(notifications).where(eq(notifications.alertId, risk!.id));
    expect(notices).toMatchObject([{ userId: therapist.userId, kind: 'urgent_alert' }]);
    // Nothing else of the closed form was kept.
    expect((await ctx.db.select().from(measureAssignments).where(eq(measureAssignments.id, id)))[0]!.draftAnswers).toEqual({ 'phq9-1': 1 });
    const audit = await ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, 'measure.risk.closed_form')));
    expect(audit).toHaveLength(1);
  });

  it('a risk answer submitted on an expired form still raises the urgent alert, once', async () => {
    const { client, portal } = await freshClient();
    const id = await assign(client.id, 'phq-9');
    await closeForm(id, 'expired');
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(submitResponse(portal, id, phq(10, 1))).rejects.toThrow(/expired.*passed on to your therapist/s);
    }
    const rows = await alertsOf(client.id);
    expect(rows.map((r) => r.kind)).toEqual(['risk']);
    expect(await ctx.db.select().from(measureResponses).where(eq(measureResponses.assignmentId, id))).toHaveLength(0);
  });

  it('a closed form without a risk answer is refused as before and raises nothing', async () => {
    const { client, portal } = await freshClient();
    const id = await assign(client.id, 'phq-9');
    await closeForm(id, 'expired');
    const error = await saveDraft(portal, id, { 'phq9-9': 0, 'phq9-1': 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).not.toMatch(/passed on/);
    // A value the item does not offer is not an answer.
    await expect(saveDraft(portal, id, { 'phq9-9': 7 })).rejects.toBeInstanceOf(InputError);
    expect(await alertsOf(client.id)).toHaveLength(0);
  });

  it('a second tab submitting a risk answer after the form was completed still raises the alert', async () => {
    const { client, portal } = await freshClient();
    const id = await assign(client.id, 'phq-9');
    await submitResponse(portal, id, phq(4, 0));
    const late = await submitResponse(portal, id, phq(4, 1));
    expect(late).toMatchObject({ alreadySubmitted: true, riskAnswered: true });
    expect((await alertsOf(client.id)).map((a) => a.kind)).toEqual(['risk']);
  });

  it('repair compares the pre-drop level exactly: back at 50/12 repairs a drop from 50/12', async () => {
    const { client, portal } = await freshClient();
    for (const total of [50, 24, 50]) await submitResponse(portal, await assign(client.id, 'wai-sr-client'), waiWithTotal(total));
    const ruptures = (await alertsOf(client.id)).filter((a) => a.kind === 'rupture');
    expect(ruptures).toHaveLength(1);
    expect(ruptures[0]!.details).toMatchObject({ preDropLevel: 50 / 12 });
    expect(ruptures[0]!.repairedAt).not.toBeNull();
  });

  it('one response raising several alerts is one episode, acknowledged once with one note', async () => {
    const { client, portal } = await freshClient();
    await submitResponse(portal, await assign(client.id, 'wai-sr-client'), waiWithTotal(54));
    const id = await assign(client.id, 'wai-sr-client');
    await submitResponse(portal, id, waiWithTotal(24));
    const raised = await alertsOf(client.id);
    expect(raised.map((a) => a.kind).sort()).toEqual(['low_alliance', 'rupture']);
    expect(new Set(raised.map((a) => a.episodeId))).toEqual(new Set([id]));

    const inbox = await listAlertInbox(therapist, 50);
    const mine = inbox.alerts.filter((a) => a.clientId === client.id);
    expect(mine).toHaveLength(2);
    expect(new Set(mine.map((a) => a.episodeId)).size).toBe(1);

    const result = await acknowledgeAlert(therapist, raised[0]!.id, { note: 'Talked it through; agreed a slower pace.' });
    expect(result.acknowledged).toBe(2);
    const after = await listClientAlerts(therapist, client.id);
    expect(after.map((a) => [a.status, a.acknowledgementNote])).toEqual([
      ['acknowledged', 'Talked it through; agreed a slower pace.'],
      ['acknowledged', 'Talked it through; agreed a slower pace.'],
    ]);
  });

  it('the inbox limit counts episodes, not alerts', async () => {
    const token = uniqueToken();
    const own = actorOf(await insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: `Inbox ${token}` }));
    const portal = actorOf(await insertUser(ctx.db, { clinicId: world.clinicA, role: 'client', name: `Inbox client ${token}` }));
    const client = await insertClient(ctx.db, {
      clinicId: world.clinicA,
      therapistId: own.userId,
      portalUserId: portal.userId,
      firstName: 'Inbox',
      lastName: 'Client',
      token,
    });
    for (const total of [54, 24])
      await submitResponse(portal, (await assignMeasure(own, client.id, { instrumentKey: 'wai-sr-client' })).id, waiWithTotal(total));
    const inbox = await listAlertInbox(own, 1);
    // One episode with its two reasons, and one episode in all.
    expect(inbox.alerts.map((a) => a.kind).sort()).toEqual(['low_alliance', 'rupture']);
    expect(inbox.total).toBe(1);
  });

  it('an open alert of a kind is updated by later responses, not repeated', async () => {
    const { client, portal } = await freshClient();
    for (const total of [5, 15, 17]) await submitResponse(portal, await assign(client.id, 'phq-9'), phq(total));
    const deteriorations = (await alertsOf(client.id)).filter((a) => a.kind === 'deterioration');
    expect(deteriorations).toHaveLength(1);
    expect(deteriorations[0]).toMatchObject({ raiseCount: 2, status: 'open' });
    expect(deteriorations[0]!.details).toMatchObject({ baseline: 5, current: 17 });

    for (const total of [26, 26]) await submitResponse(portal, await assign(client.id, 'wai-sr-client'), waiWithTotal(total));
    const low = (await alertsOf(client.id)).filter((a) => a.kind === 'low_alliance');
    expect(low).toHaveLength(1);
    expect(low[0]!.raiseCount).toBe(2);

    // Once acknowledged, the next one is a new alert.
    await acknowledgeAlert(therapist, low[0]!.id, { note: 'Discussed in session.' });
    await submitResponse(portal, await assign(client.id, 'wai-sr-client'), waiWithTotal(26));
    expect((await alertsOf(client.id)).filter((a) => a.kind === 'low_alliance')).toHaveLength(2);
  });
});
