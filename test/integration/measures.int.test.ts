import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import { seriesIsCapped } from '@/components/charts/series';
import { getInstrument, scoreResponse } from '@/lib/instruments';
import { acknowledgeAlert, countUnreadNotifications, listAlertInbox, listClientAlerts, listMyNotifications, markNotificationsRead } from '@/lib/data/alerts';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { ForbiddenError, InputError, NotFoundError } from '@/lib/data/errors';
import { getResponseForm, saveDraft, submitResponse } from '@/lib/data/measures';
import { getMyProgress, listClientResponses, listClientScoreSeries, listOpenAssignments, RESPONSE_HISTORY_PAGE_SIZE } from '@/lib/data/responses';
import { assignMeasure, measuresDueAfterSession } from '@/lib/data/assignments';
import { dischargeClient } from '@/lib/data/discharge';
import { listClientSessions, recordSession } from '@/lib/data/sessions';
import { runSweep } from '@/lib/data/sweep';
import { readClinicSettings } from '@/lib/validation/settings';
import { alerts, auditEvents, clinics, measureAssignments, measureResponses, notifications } from '@/db/schema';
import { actorOf, buildWorld, insertClient, insertUser, uniqueToken, type FixtureClient, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Measurement against real databases: submission with its scores and alerts in one transaction,
 * exactly-once under retries and concurrency, refusal of bad or foreign input with nothing
 * written, the session-driven schedule, and the sweep.
 */

const DAY = 86_400_000;
const wai = (value: number) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`wai-${i + 1}`, value]));
const phq = (items: number[], item9 = 0) => ({ ...Object.fromEntries(items.slice(0, 8).map((v, i) => [`phq9-${i + 1}`, v])), 'phq9-9': item9 });

describe('measuresDueAfterSession (schedule)', () => {
  const schedule = readClinicSettings({}).schedule;
  it('asks PHQ-9 and GAD-7 at intake and every 4th session, WAI-SR after each session from the 2nd', () => {
    const keys = (n: number) => measuresDueAfterSession(n, schedule).map((m) => `${m.instrumentKey}/${m.respondent}`);
    expect(keys(1)).toEqual(['phq-9/client', 'gad-7/client']);
    expect(keys(2)).toEqual(['wai-sr-client/client', 'wai-sr-therapist/therapist']);
    expect(keys(5)).toEqual(['phq-9/client', 'gad-7/client', 'wai-sr-client/client', 'wai-sr-therapist/therapist']);
    expect(measuresDueAfterSession(3, { ...schedule, clientWaiEveryNthSession: 2 })).toEqual([]);
  });
});

describeEachEngine('measurement', (ctx) => {
  let world: World;
  let therapist: Actor;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    therapist = world.actors.therapistA1;
  });

  /** A fresh client of therapist A1 with a portal account, so tests never share history. */
  async function freshClient(): Promise<{ client: FixtureClient; portal: Actor }> {
    const token = uniqueToken();
    const portal = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'client', name: `Fresh ${token}` });
    const client = await insertClient(ctx.db, {
      clinicId: world.clinicA,
      therapistId: therapist.userId,
      portalUserId: portal.userId,
      firstName: 'Fresh',
      lastName: 'Client',
      token,
    });
    return { client, portal: actorOf(portal) };
  }

  async function assign(clientId: string, instrumentKey: 'wai-sr-client' | 'wai-sr-therapist' | 'phq-9' | 'gad-7') {
    return (await assignMeasure(therapist, clientId, { instrumentKey })).id;
  }

  const responsesFor = (assignmentId: string) => ctx.db.select().from(measureResponses).where(eq(measureResponses.assignmentId, assignmentId));
  const assignmentRow = async (id: string) => (await ctx.db.select().from(measureAssignments).where(eq(measureAssignments.id, id)))[0]!;
  const alertsOf = (clientId: string) => ctx.db.select().from(alerts).where(eq(alerts.clientId, clientId));

  describe('submitResponse', () => {
    it('stores the answers, the scores from lib/instruments and the completed assignment together', async () => {
      const { client, portal } = await freshClient();
      const id = await assign(client.id, 'wai-sr-client');
      const answers = { ...wai(4), 'wai-3': 5, 'wai-4': 2 };
      const result = await submitResponse(portal, id, answers);
      expect(result).toMatchObject({ alreadySubmitted: false, riskAnswered: false });
      const [row] = await responsesFor(id);
      expect(row).toMatchObject({ id: result.responseId, source: 'portal', respondent: 'client', instrumentVersion: getInstrument('wai-sr-client').version });
      expect(row!.scores).toEqual(scoreResponse(getInstrument('wai-sr-client'), answers));
      expect(row!.headlineScore).toBeCloseTo(47 / 12);
      expect(await assignmentRow(id)).toMatchObject({ status: 'completed', draftAnswers: null });
    });

    it('is exactly once: a retry returns the original confirmation and writes nothing', async () => {
      const { client, portal } = await freshClient();
      const id = await assign(client.id, 'gad-7');
      const answers = { 'gad7-1': 1, 'gad7-2': 1, 'gad7-3': 1, 'gad7-4': 1, 'gad7-5': 1, 'gad7-6': 1, 'gad7-7': 1 };
      const first = await submitResponse(portal, id, answers);
      const retry = await submitResponse(portal, id, { ...answers, 'gad7-1': 3 });
      expect(retry).toEqual({ ...first, alreadySubmitted: true });
      expect(await responsesFor(id)).toHaveLength(1);
    });

    it.runIf(ctx.engine === 'postgres')('is exactly once under concurrent submits (double click, second tab)', async () => {
      const { client, portal } = await freshClient();
      const id = await assign(client.id, 'wai-sr-client');
      const results = await Promise.all(Array.from({ length: 6 }, () => submitResponse(portal, id, wai(3))));
      expect(new Set(results.map((r) => r.responseId)).size).toBe(1);
      expect(results.filter((r) => !r.alreadySubmitted)).toHaveLength(1);
      expect(await responsesFor(id)).toHaveLength(1);
    });

    it.each([
      ['a missing answer', (a: Record<string, number>) => Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'wai-7'))],
      ['an out-of-range value', (a: Record<string, number>) => ({ ...a, 'wai-2': 6 })],
      ['a zero on a 1–5 scale', (a: Record<string, number>) => ({ ...a, 'wai-2': 0 })],
      ['a non-integer', (a: Record<string, number>) => ({ ...a, 'wai-2': 2.5 })],
      ['a string', (a: Record<string, number>) => ({ ...a, 'wai-2': '3' as unknown as number })],
      ['an extra key', (a: Record<string, number>) => ({ ...a, 'wai-13': 3 })],
    ])('refuses %s with a clear message and writes nothing', async (_label, mutate) => {
      const { client, portal } = await freshClient();
      const id = await assign(client.id, 'wai-sr-client');
      const before = await assignmentRow(id);
      const error = await submitResponse(portal, id, mutate(wai(3))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message.length).toBeGreaterThan(5);
      expect(await responsesFor(id)).toHaveLength(0);
      expect(await assignmentRow(id)).toEqual(before);
      expect(await alertsOf(client.id)).toHaveLength(0);
    });

    it("refuses another client's assignment (404), in the same clinic or another", async () => {
      const form = world.pendingClientForms.c1;
      for (const intruder of [
        world.actors.clientC2,
        world.actors.clientCB,
        world.actors.therapistA2,
        world.actors.therapistB1,
        world.actors.supervisorA,
        world.actors.adminA,
      ]) {
        await expect(submitResponse(intruder, form, wai(3))).rejects.toBeInstanceOf(NotFoundError);
        await expect(saveDraft(intruder, form, { 'wai-1': 2 })).rejects.toBeInstanceOf(NotFoundError);
        await expect(getResponseForm(intruder, form)).rejects.toBeInstanceOf(NotFoundError);
      }
      expect(await responsesFor(form)).toHaveLength(0);
      await expect(submitResponse(world.actors.clientC1, 'not-a-uuid', wai(3))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses an expired assignment with a clear message and writes nothing', async () => {
      const form = world.hiddenC1Forms.expired;
      await expect(submitResponse(world.actors.clientC1, form, {})).rejects.toThrow(/expired/);
      await expect(saveDraft(world.actors.clientC1, form, {})).rejects.toThrow(/expired/);
      expect(await responsesFor(form)).toHaveLength(0);
      expect((await getResponseForm(world.actors.clientC1, form)).state).toBe('expired');
      const audited = await ctx.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'measure.submit'), eq(auditEvents.targetId, form), eq(auditEvents.outcome, 'failure')));
      expect(audited.length).toBeGreaterThanOrEqual(1);
    });

    it('lets the therapist enter a client’s paper answers (source recorded) and rate the session themselves', async () => {
      const { client, portal } = await freshClient();
      const paper = await assign(client.id, 'phq-9');
      const noSource = await submitResponse(therapist, paper, phq([1, 1, 1, 1, 0, 0, 0, 0])).catch((e: unknown) => e);
      expect(noSource).toBeInstanceOf(InputError);
      expect((noSource as InputError).field).toBe('source');
      expect(await responsesFor(paper)).toHaveLength(0);
      await submitResponse(therapist, paper, phq([1, 1, 1, 1, 0, 0, 0, 0]), { source: 'paper' });
      expect((await responsesFor(paper))[0]).toMatchObject({ source: 'paper', submittedBy: therapist.userId });
      const rating = await assign(client.id, 'wai-sr-therapist');
      await expect(submitResponse(portal, rating, wai(4))).rejects.toBeInstanceOf(NotFoundError);
      await submitResponse(therapist, rating, wai(4));
      expect((await responsesFor(rating))[0]).toMatchObject({ source: 'therapist', respondent: 'therapist' });
    });
  });

  describe('drafts and risk', () => {
    it('saves a draft that can be resumed (another device reads the same answers)', async () => {
      const { client, portal } = await freshClient();
      const id = await assign(client.id, 'wai-sr-client');
      await saveDraft(portal, id, { 'wai-1': 4, 'wai-2': 5 });
      const form = await getResponseForm(portal, id);
      expect(form).toMatchObject({ state: 'open', draftAnswers: { 'wai-1': 4, 'wai-2': 5 } });
      expect((await assignmentRow(id)).status).toBe('in_progress');
      await expect(saveDraft(portal, id, { 'wai-1': 9 })).rejects.toBeInstanceOf(InputError);
      expect((await getResponseForm(portal, id)).draftAnswers).toEqual({ 'wai-1': 4, 'wai-2': 5 });
    });

    it('raises one urgent risk alert as soon as PHQ-9 item 9 is saved above zero, and notifies the therapist without health data', async () => {
      const { client, portal } = await freshClient();
      const id = await assign(client.id, 'phq-9');
      expect((await saveDraft(portal, id, { 'phq9-1': 2 })).riskAnswered).toBe(false);
      expect(await alertsOf(client.id)).toHaveLength(0);
      expect((await saveDraft(portal, id, { 'phq9-1': 2, 'phq9-9': 1 })).riskAnswered).toBe(true);
      const [risk] = await alertsOf(client.id);
      expect(risk).toMatchObject({ kind: 'risk', severity: 'urgent', status: 'open', responseId: null });
      await saveDraft(portal, id, { 'phq9-1': 2, 'phq9-9': 2 });
      const submitted = await submitResponse(portal, id, phq([2, 1, 1, 1, 1, 0, 0, 0], 2));
      expect(submitted.riskAnswered).toBe(true);
      // The confirmation still shows crisis resources after the draft is gone.
      expect(await getResponseForm(portal, id)).toMatchObject({ state: 'completed', riskAnswered: true });
      const risks = (await alertsOf(client.id)).filter((a) => a.kind === 'risk');
      expect(risks).toHaveLength(1);
      expect(risks[0]!.responseId).toBe(submitted.responseId);
      const notes = await ctx.db.select().from(notifications).where(eq(notifications.alertId, risks[0]!.id));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ userId: therapist.userId, kind: 'urgent_alert' });
      expect(JSON.stringify(notes[0])).not.toMatch(/phq|item|Fresh|Client-/i);
      const inbox = await listAlertInbox(therapist);
      expect(inbox.alerts[0]!.severity).toBe('urgent');
      // The total counts every open alert in the caseload, not only the ones on the page.
      const [open] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(alerts)
        .where(and(eq(alerts.status, 'open'), sql`${alerts.clientId} in (select id from clients where primary_therapist_id = ${therapist.userId})`));
      expect(open!.n).toBeGreaterThan(1);
      expect(inbox.total).toBe(open!.n);
      const first = await listAlertInbox(therapist, 1);
      expect(first.alerts.map((a) => a.id)).toEqual([inbox.alerts[0]!.id]);
      expect(first.total).toBe(open!.n);
    });
  });

  describe('alliance and outcome alerts, in the response transaction', () => {
    it('flags a rupture (drop ≥ threshold) with its numbers and thresholds, then marks it repaired when the score returns', async () => {
      const { client, portal } = await freshClient();
      for (const value of [4, 4]) await submitResponse(portal, await assign(client.id, 'wai-sr-client'), wai(value));
      await submitResponse(portal, await assign(client.id, 'wai-sr-client'), wai(3));
      const [rupture] = (await alertsOf(client.id)).filter((a) => a.kind === 'rupture');
      expect(rupture).toMatchObject({ rule: 'rupture_drop', status: 'open', repairedAt: null });
      expect(rupture!.details).toMatchObject({ score: 3, previous: 4, drop: 1, threshold: 0.83, thresholds: { reliableDrop: 0.83, lowAlliance: 3 } });
      await submitResponse(portal, await assign(client.id, 'wai-sr-client'), wai(4));
      const [after] = (await alertsOf(client.id)).filter((a) => a.kind === 'rupture');
      expect(after!.repairedAt).toBeInstanceOf(Date);
    });

    it('flags a low alliance below the clinic threshold, not at it', async () => {
      const low = await freshClient();
      await submitResponse(low.portal, await assign(low.client.id, 'wai-sr-client'), { ...wai(3), 'wai-1': 2 });
      expect((await alertsOf(low.client.id)).map((a) => a.kind)).toEqual(['low_alliance']);
      const at = await freshClient();
      await submitResponse(at.portal, await assign(at.client.id, 'wai-sr-client'), wai(3));
      expect(await alertsOf(at.client.id)).toHaveLength(0);
    });

    it('flags a client–therapist rating gap of ≥ 1.0 for the same session', async () => {
      const { client, portal } = await freshClient();
      const recorded = await recordSession(therapist, client.id, {
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        attendance: 'attended',
        note: '',
      });
      await recordSession(therapist, client.id, { occurredAt: new Date(Date.now() - 1_800_000).toISOString(), attendance: 'attended', note: '' }).then(
        async (second) => {
          const clientForm = second.assigned.find((a) => a.instrumentKey === 'wai-sr-client')!;
          const therapistForm = second.assigned.find((a) => a.instrumentKey === 'wai-sr-therapist')!;
          await submitResponse(portal, clientForm.id, wai(5));
          await submitResponse(therapist, therapistForm.id, wai(3));
        },
      );
      expect(recorded.sessionNumber).toBe(1);
      const gaps = (await alertsOf(client.id)).filter((a) => a.kind === 'rating_gap');
      expect(gaps).toHaveLength(1);
      expect(gaps[0]!.details).toMatchObject({ threshold: 1 });
    });

    it('flags reliable deterioration on PHQ-9 against the intake score (≥ 6, NHS convention)', async () => {
      const { client, portal } = await freshClient();
      await submitResponse(portal, await assign(client.id, 'phq-9'), phq([1, 1, 1, 1, 1, 0, 0, 0]));
      await submitResponse(portal, await assign(client.id, 'phq-9'), phq([2, 2, 1, 1, 1, 1, 1, 1]));
      expect((await alertsOf(client.id)).filter((a) => a.kind === 'deterioration')).toHaveLength(0);
      await submitResponse(portal, await assign(client.id, 'phq-9'), phq([2, 2, 2, 1, 1, 1, 1, 1]));
      const [worse] = (await alertsOf(client.id)).filter((a) => a.kind === 'deterioration');
      expect(worse!.details).toMatchObject({ baseline: 5, current: 11, change: 6, threshold: 6 });
    });
  });

  describe('sessions and the schedule', () => {
    it('creates the due measures for an attended session, none for a no-show, with clinic-zone expiry', async () => {
      const { client } = await freshClient();
      await ctx.db.update(clinics).set({ timeZone: 'America/New_York' }).where(eq(clinics.id, world.clinicA));
      const noShow = await recordSession(therapist, client.id, { occurredAt: new Date().toISOString(), attendance: 'no_show', note: 'no answer' });
      expect(noShow).toMatchObject({ sessionNumber: null, assigned: [] });
      const first = await recordSession(therapist, client.id, { occurredAt: new Date().toISOString(), attendance: 'attended', note: '' });
      expect(first.sessionNumber).toBe(1);
      expect(first.assigned.map((a) => a.instrumentKey).sort()).toEqual(['gad-7', 'phq-9']);
      const second = await recordSession(therapist, client.id, { occurredAt: new Date().toISOString(), attendance: 'attended', note: '' });
      expect(second.assigned.map((a) => `${a.instrumentKey}/${a.respondent}`).sort()).toEqual(['wai-sr-client/client', 'wai-sr-therapist/therapist']);
      const open = await listOpenAssignments(therapist, client.id);
      expect(open).toHaveLength(4);
      // 7 days later, at the end of the day in New York.
      const expiry = open[0]!.expiresAt;
      expect(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).format(expiry)).toBe(
        '23:59',
      );
      expect(expiry.getTime() - Date.now()).toBeGreaterThan(6 * DAY);
      expect((await listClientSessions(therapist, client.id)).sessions.map((s) => s.attendance).sort()).toEqual(['attended', 'attended', 'no_show']);
    });

    it('refuses sessions for another therapist’s client, from a supervisor, and for bad ids', async () => {
      const input = { occurredAt: new Date().toISOString(), attendance: 'attended' as const, note: '' };
      await expect(recordSession(world.actors.therapistA2, world.clients.c1.id, input)).rejects.toBeInstanceOf(NotFoundError);
      await expect(recordSession(world.actors.therapistB1, world.clients.c1.id, input)).rejects.toBeInstanceOf(NotFoundError);
      await expect(recordSession(world.actors.supervisorA, world.clients.c1.id, input)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(assignMeasure(world.actors.therapistA2, world.clients.c1.id, { instrumentKey: 'phq-9' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(dischargeClient(world.actors.therapistA2, world.clients.c1.id, { reason: 'not mine' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(listClientSessions(world.actors.therapistA2, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('reads a zone-less form time as clinic wall-clock time', async () => {
      const { client } = await freshClient();
      await ctx.db.update(clinics).set({ timeZone: 'America/New_York' }).where(eq(clinics.id, world.clinicA));
      expect(await getClinicTimeZone(therapist)).toBe('America/New_York');
      await recordSession(therapist, client.id, { occurredAt: '2026-11-20T10:00', attendance: 'no_show', note: '' });
      const {
        sessions: [session],
      } = await listClientSessions(therapist, client.id);
      expect(session!.occurredAt.toISOString()).toBe('2026-11-20T15:00:00.000Z');
      await expect(recordSession(therapist, client.id, { occurredAt: '2999-01-01T10:00', attendance: 'attended', note: '' })).rejects.toThrow(
        /more than a day ahead/,
      );
    });

    it('discharge cancels open assignments and refuses new sessions', async () => {
      const { client, portal } = await freshClient();
      const open = await assign(client.id, 'phq-9');
      expect(await dischargeClient(therapist, client.id, { reason: 'Goals met' })).toEqual({ cancelledAssignments: 1 });
      expect((await assignmentRow(open)).status).toBe('cancelled');
      await expect(submitResponse(portal, open, phq([0, 0, 0, 0, 0, 0, 0, 0]))).rejects.toThrow(/withdrawn/);
      await expect(recordSession(therapist, client.id, { occurredAt: new Date().toISOString(), attendance: 'attended', note: '' })).rejects.toBeInstanceOf(
        InputError,
      );
    });
  });

  describe('reads', () => {
    /** Submits PHQ-9s with the given totals, one hour apart from 1 Jan 2026 (oldest first); returns their ids. */
    async function phqHistory(client: FixtureClient, portal: Actor, totals: number[], startHour = 0): Promise<string[]> {
      const ids: string[] = [];
      for (const [i, total] of totals.entries()) {
        const items = Array.from({ length: 8 }, (_, item) => Math.max(0, Math.min(3, total - 3 * item)));
        const { responseId } = await submitResponse(portal, await assign(client.id, 'phq-9'), phq(items));
        await ctx.db
          .update(measureResponses)
          .set({ submittedAt: new Date(Date.UTC(2026, 0, 1, startHour + i)) })
          .where(eq(measureResponses.id, responseId));
        ids.push(responseId);
      }
      return ids;
    }

    const auditOf = (action: string, clientId: string) =>
      ctx.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, clientId)));

    it('lists responses for the therapist and the supervisor of the therapist; 404 for others and the client', async () => {
      const { client, portal } = await freshClient();
      await submitResponse(portal, await assign(client.id, 'gad-7'), {
        'gad7-1': 2,
        'gad7-2': 2,
        'gad7-3': 2,
        'gad7-4': 2,
        'gad7-5': 2,
        'gad7-6': 0,
        'gad7-7': 0,
      });
      const mine = await listClientResponses(therapist, client.id);
      expect(mine).toMatchObject({ total: 1, page: 1, pageSize: RESPONSE_HISTORY_PAGE_SIZE });
      expect(mine.responses[0]).toMatchObject({ instrumentKey: 'gad-7', headline: 10, band: 'Moderate', source: 'portal' });
      expect(mine.responses[0]!.answers).toHaveLength(7);
      expect((await listClientResponses(world.actors.supervisorA, client.id)).total).toBe(1);
      for (const other of [world.actors.therapistA2, world.actors.therapistB1, world.actors.supervisorB, world.actors.adminA, portal]) {
        await expect(listClientResponses(other, client.id)).rejects.toBeInstanceOf(NotFoundError);
      }
      await expect(listClientResponses(therapist, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
      const audited = await auditOf('measures.read', client.id);
      expect(
        audited
          .filter((a) => a.outcome === 'success')
          .map((a) => a.actorUserId)
          .sort(),
      ).toEqual([therapist.userId, world.actors.supervisorA.userId].sort());
      expect(audited.filter((a) => a.outcome === 'denied').map((a) => a.actorUserId)).toEqual(
        expect.arrayContaining([world.actors.therapistA2.userId, world.actors.therapistB1.userId]),
      );
    });

    it('pages the response history newest first with the total; a page past the end is the last page', async () => {
      const { client, portal } = await freshClient();
      await phqHistory(client, portal, [0, 1, 2, 3, 4]);
      const first = await listClientResponses(therapist, client.id, { pageSize: 2 });
      expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
      expect(first.responses.map((r) => r.headline)).toEqual([4, 3]);
      expect((await listClientResponses(therapist, client.id, { page: 2, pageSize: 2 })).responses.map((r) => r.headline)).toEqual([2, 1]);
      const past = await listClientResponses(therapist, client.id, { page: 99, pageSize: 2 });
      expect(past).toMatchObject({ total: 5, page: 3 });
      expect(past.responses.map((r) => r.headline)).toEqual([0]);
      // Nonsense page numbers and sizes fall back to the defaults.
      expect(await listClientResponses(therapist, client.id, { page: -4, pageSize: Number.NaN })).toMatchObject({
        page: 1,
        pageSize: RESPONSE_HISTORY_PAGE_SIZE,
      });
      const audited = await auditOf('measures.read', client.id);
      expect(audited.map((a) => a.details)).toContainEqual({ page: 3, rows: 1 });
    });

    it('charts read a light series: each instrument’s intake and its latest results, oldest first, without answers', async () => {
      const { client, portal } = await freshClient();
      const phqIds = await phqHistory(client, portal, [3, 1, 2, 5]);
      const waiId = (await submitResponse(portal, await assign(client.id, 'wai-sr-client'), wai(4))).responseId;
      await ctx.db
        .update(measureResponses)
        .set({ submittedAt: new Date(Date.UTC(2026, 0, 1, 12)) })
        .where(eq(measureResponses.id, waiId));

      const capped = await listClientScoreSeries(therapist, client.id, { perInstrument: 2 });
      expect(capped.totals).toEqual({ 'phq-9': 4, 'wai-sr-client': 1 });
      // The intake (3) stays: change from intake is measured from it.
      expect(capped.points.filter((p) => p.instrumentKey === 'phq-9').map((p) => [p.id, p.headline])).toEqual([
        [phqIds[0], 3],
        [phqIds[2], 2],
        [phqIds[3], 5],
      ]);
      expect(capped.points.map((p) => p.submittedAt.getTime())).toEqual(capped.points.map((p) => p.submittedAt.getTime()).sort((a, b) => a - b));
      expect(Object.keys(capped.points[0]!).sort()).toEqual(['band', 'headline', 'id', 'instrumentKey', 'respondent', 'submittedAt', 'subscales']);
      expect(capped.points.find((p) => p.id === waiId)).toMatchObject({
        respondent: 'client',
        headline: 4,
        band: null,
        subscales: { goal: 4, task: 4, bond: 4 },
      });
      expect(capped.points.find((p) => p.id === phqIds[3])).toMatchObject({ band: 'Mild' });
      expect(seriesIsCapped(capped.points, capped.totals)).toBe(true);

      const full = await listClientScoreSeries(world.actors.supervisorA, client.id);
      expect(full.points.filter((p) => p.instrumentKey === 'phq-9').map((p) => p.headline)).toEqual([3, 1, 2, 5]);
      expect(seriesIsCapped(full.points, full.totals)).toBe(false);

      for (const other of [world.actors.therapistA2, world.actors.therapistB1, world.actors.adminA, portal]) {
        await expect(listClientScoreSeries(other, client.id)).rejects.toBeInstanceOf(NotFoundError);
      }
      await expect(listClientScoreSeries(therapist, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
      const audited = await auditOf('measures.scores.read', client.id);
      expect(audited.filter((a) => a.outcome === 'success')).toHaveLength(2);
      expect(audited.filter((a) => a.outcome === 'denied').map((a) => a.actorUserId)).toEqual(
        expect.arrayContaining([world.actors.therapistA2.userId, world.actors.therapistB1.userId]),
      );
    });

    it('an empty history: no responses, no points, one empty page', async () => {
      const { client } = await freshClient();
      expect(await listClientResponses(therapist, client.id, { page: 3 })).toEqual({ responses: [], total: 0, page: 1, pageSize: RESPONSE_HISTORY_PAGE_SIZE });
      expect(await listClientScoreSeries(therapist, client.id)).toEqual({ points: [], totals: {} });
    });

    it('pages the session history newest first with the total', async () => {
      const { client } = await freshClient();
      for (const day of [3, 1, 2])
        await recordSession(therapist, client.id, { occurredAt: `2026-01-0${day}T10:00:00Z`, attendance: 'no_show', note: `day ${day}` });
      const first = await listClientSessions(therapist, client.id, { pageSize: 2 });
      expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(first.sessions.map((s) => s.note)).toEqual(['day 3', 'day 2']);
      const past = await listClientSessions(therapist, client.id, { page: 7, pageSize: 2 });
      expect(past).toMatchObject({ total: 3, page: 2 });
      expect(past.sessions.map((s) => s.note)).toEqual(['day 1']);
      expect((await listClientSessions(world.actors.supervisorA, client.id)).total).toBe(3);
      await expect(listClientSessions(world.actors.therapistB1, client.id)).rejects.toBeInstanceOf(NotFoundError);
      const { client: empty } = await freshClient();
      expect(await listClientSessions(therapist, empty.id)).toMatchObject({ sessions: [], total: 0, page: 1 });
    });

    it('shows a client their own symptom trend, and alliance results only where the clinic allows', async () => {
      const { client, portal } = await freshClient();
      await submitResponse(portal, await assign(client.id, 'phq-9'), phq([1, 1, 1, 0, 0, 0, 0, 0]));
      await submitResponse(portal, await assign(client.id, 'wai-sr-client'), wai(4));
      const progress = await getMyProgress(portal);
      expect(progress.phq9.map((p) => p.value)).toEqual([3]);
      expect(progress.alliance).toBeNull();
      await expect(getMyProgress(therapist)).rejects.toBeInstanceOf(ForbiddenError);
    });
  });

  describe('alerts', () => {
    it('acknowledging needs the client’s own therapist, happens once, and reads the notifications', async () => {
      const { client, portal } = await freshClient();
      await saveDraft(portal, await assign(client.id, 'phq-9'), { 'phq9-9': 1 });
      const [risk] = await listClientAlerts(therapist, client.id);
      await expect(acknowledgeAlert(world.actors.therapistA2, risk!.id, { note: 'not mine' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(acknowledgeAlert(world.actors.supervisorA, risk!.id, { note: 'reading only' })).rejects.toBeInstanceOf(NotFoundError);
      expect((await listMyNotifications(therapist)).some((n) => n.link.includes(client.id))).toBe(true);
      const unread = await countUnreadNotifications(therapist);
      expect(unread).toBeGreaterThanOrEqual(1);
      await acknowledgeAlert(therapist, risk!.id, { note: 'Called the client; safety plan reviewed.' });
      await expect(acknowledgeAlert(therapist, risk!.id, { note: 'again' })).rejects.toBeInstanceOf(InputError);
      expect((await listClientAlerts(therapist, client.id))[0]).toMatchObject({
        status: 'acknowledged',
        acknowledgementNote: 'Called the client; safety plan reviewed.',
      });
      expect((await listMyNotifications(therapist)).some((n) => n.link.includes(client.id))).toBe(false);
      expect(await countUnreadNotifications(therapist)).toBe(unread - 1);
      await markNotificationsRead(therapist, ['not-a-uuid']);
    });
  });

  describe('sweep', () => {
    it('expires overdue assignments, raises a missed-measures alert after two in a row, escalates unacknowledged urgent alerts — once', async () => {
      const { client, portal } = await freshClient();
      const first = await assign(client.id, 'phq-9');
      const second = await assign(client.id, 'gad-7');
      await saveDraft(portal, await assign(client.id, 'phq-9'), { 'phq9-9': 2 });
      const later = new Date(Date.now() + 10 * DAY);
      const result = await runSweep({ now: later });
      expect(result.expired).toBeGreaterThanOrEqual(3);
      expect((await assignmentRow(first)).status).toBe('expired');
      expect((await assignmentRow(second)).status).toBe('expired');
      const clientAlerts = await alertsOf(client.id);
      expect(clientAlerts.filter((a) => a.kind === 'missed_measures')).toHaveLength(1);
      const risk = clientAlerts.find((a) => a.kind === 'risk')!;
      expect(risk.escalatedTo).toBe(world.users.supervisorA.userId);
      const escalations = await ctx.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.alertId, risk.id), eq(notifications.kind, 'escalated_alert')));
      expect(escalations).toHaveLength(1);
      expect((await listAlertInbox(world.actors.supervisorA)).alerts.some((a) => a.id === risk.id)).toBe(true);
      const again = await runSweep({ now: later });
      expect(again).toMatchObject({ expired: 0, missedMeasureAlerts: 0, escalated: 0 });
    });

    it.runIf(ctx.engine === 'postgres')('does each thing once when several instances sweep at the same time', async () => {
      const { client } = await freshClient();
      for (let i = 0; i < 4; i++) await assign(client.id, 'gad-7');
      const later = new Date(Date.now() + 20 * DAY);
      const results = await Promise.all([runSweep({ now: later }), runSweep({ now: later }), runSweep({ now: later })]);
      const [row] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(measureAssignments)
        .where(and(eq(measureAssignments.clientId, client.id), eq(measureAssignments.status, 'expired')));
      expect(row!.n).toBe(4);
      expect(results.reduce((sum, r) => sum + r.expired, 0)).toBeGreaterThanOrEqual(4);
      expect((await alertsOf(client.id)).filter((a) => a.kind === 'missed_measures')).toHaveLength(1);
    });
  });
});
