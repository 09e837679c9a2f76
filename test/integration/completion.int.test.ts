import { and, eq, gte, lt } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { completionTrend, countCompletion, type CompletionAssignment } from '@/lib/reminders/completion';
import { listCaseloadPage } from '@/lib/data/caseload';
import { getClinicCompletion } from '@/lib/data/completion';
import { getSupervisorComparison } from '@/lib/data/supervisor';
import { ForbiddenError } from '@/lib/data/errors';
import { caseloadQuerySchema } from '@/lib/validation/caseload';
import { dateRangeSchema } from '@/lib/validation/supervision';
import { auditEvents, clinicSettings, measureAssignments } from '@/db/schema';
import { buildWorld, type FixtureClient, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Completion rates counted in SQL agree with lib/reminders/completion.ts on the same forms: per
 * client (caseload), per supervised therapist, for the clinic, and before/after reminders went on.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

describeEachEngine('completion rates', (ctx) => {
  let world: World;
  const now = new Date();
  const remindersSince = new Date(now.getTime() - 20 * DAY);
  const range = dateRangeSchema.parse({ from: isoDay(now.getTime() - 60 * DAY), to: isoDay(now.getTime() + 10 * DAY) });

  async function form(client: FixtureClient, daysAgo: number, status: CompletionAssignment['status'], completedAfterHours: number | null, lifeDays = 7) {
    const dueAt = new Date(now.getTime() - daysAgo * DAY);
    await ctx.db.insert(measureAssignments).values({
      clinicId: client.clinicId,
      clientId: client.id,
      therapistId: client.therapistId,
      instrumentKey: 'phq-9',
      respondent: 'client',
      status,
      dueAt,
      expiresAt: new Date(dueAt.getTime() + lifeDays * DAY),
      createdAt: dueAt,
      completedAt: completedAfterHours === null ? null : new Date(dueAt.getTime() + completedAfterHours * HOUR),
    });
  }

  /** The clinic's client forms due in the range, as the pure module takes them. */
  async function formsInRange(therapistId?: string) {
    const rows = await ctx.db
      .select({
        status: measureAssignments.status,
        dueAt: measureAssignments.dueAt,
        expiresAt: measureAssignments.expiresAt,
        completedAt: measureAssignments.completedAt,
        assignedAt: measureAssignments.createdAt,
        therapistId: measureAssignments.therapistId,
        respondent: measureAssignments.respondent,
      })
      .from(measureAssignments)
      .where(
        and(
          eq(measureAssignments.clinicId, world.clinicA),
          gte(measureAssignments.dueAt, new Date(`${range.from}T00:00:00Z`)),
          lt(measureAssignments.dueAt, new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY)),
        ),
      );
    return rows.filter((r) => r.respondent === 'client' && (!therapistId || r.therapistId === therapistId));
  }

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    const { c1, c2 } = world.clients;
    // Before reminders went on (assigned 40–30 days ago) and after (10–3 days ago), for both therapists.
    await form(c1, 40, 'completed', 10);
    await form(c1, 38, 'expired', null);
    await form(c1, 35, 'expired', null);
    await form(c1, 30, 'completed', 100);
    await form(c1, 10, 'completed', 5);
    await form(c1, 8, 'completed', 47);
    await form(c1, 5, 'cancelled', null);
    await form(c1, 3, 'pending', null);
    await form(c2, 39, 'expired', null);
    await form(c2, 9, 'completed', 60);
    await form(c2, 4, 'in_progress', null, 2); // past its expiry, not swept yet: expired
    await form(c1, 200, 'completed', 1); // outside the range
    await ctx.db
      .insert(clinicSettings)
      .values({ clinicId: world.clinicA, settings: { reminders: { enabled: true, enabledSince: remindersSince.toISOString() } }, version: 1 });
  });

  it('the clinic total and the before/after trend agree with the pure definitions', async () => {
    const report = await getClinicCompletion(world.actors.adminA, range, now);
    const forms = await formsInRange();
    expect(report.total).toEqual(countCompletion(forms, now));
    const trend = completionTrend(forms, remindersSince, now);
    expect(report.trend).toEqual(trend);
    expect(report.trend.before).toMatchObject({ onTime: 1, late: 1, expired: 3, open: 0 });
    expect(report.trend.after!.onTime + report.trend.after!.late).toBe(3);
    expect(report.trend.change).toBeGreaterThan(0);
    const [audit] = await ctx.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, world.users.adminA.userId), eq(auditEvents.action, 'admin.completion.read')));
    expect(audit!.details).toEqual({ from: range.from, to: range.to });
  });

  it('a supervisor sees the therapists they supervise now, each agreeing with the pure count', async () => {
    const comparison = await getSupervisorComparison(world.actors.supervisorA, range, now);
    const report = comparison.completion;
    expect(report.rows.map((r) => r.therapistId)).toEqual([world.users.therapistA1.userId]);
    expect(report.rows[0]!.counts).toEqual(countCompletion(await formsInRange(world.users.therapistA1.userId), now));
    expect(report.total).toEqual(report.rows[0]!.counts);
    // The comparison's response rate comes from the same count: forms due, and those completed (on time or late).
    const { counts } = report.rows[0]!;
    expect(comparison.rows[0]!.measures).toMatchObject({ due: counts.assigned, completed: counts.onTime + counts.late });
    // Another clinic's supervisor sees nothing of clinic A.
    const other = (await getSupervisorComparison(world.actors.supervisorB, range, now)).completion;
    expect(other.total.assigned).toBe(other.rows.reduce((n, r) => n + r.counts.assigned, 0));
    expect(other.rows.map((r) => r.therapistId)).toEqual([world.users.therapistB1.userId]);
  });

  it("the caseload shows each client's forms done in the last 90 days", async () => {
    const page = await listCaseloadPage(world.actors.therapistA1, caseloadQuerySchema.parse({ status: 'all', size: '100' }));
    const row = page.rows.find((r) => r.id === world.clients.c1.id)!;
    const c1Forms = (await formsInRange(world.users.therapistA1.userId)).filter((f) => f.dueAt.getTime() >= Date.now() - 90 * DAY);
    const counts = countCompletion(c1Forms, new Date());
    expect(row.forms).toEqual({ completed: counts.onTime + counts.late, decided: counts.onTime + counts.late + counts.expired });
    expect(row.forms.completed).toBe(4);
  });

  it('without reminders switched on there is no trend', async () => {
    await ctx.db
      .update(clinicSettings)
      .set({ settings: { reminders: { enabled: false, enabledSince: null } } })
      .where(eq(clinicSettings.clinicId, world.clinicA));
    try {
      const report = await getClinicCompletion(world.actors.adminA, range, now);
      expect(report.trend).toEqual({ remindersSince: null, before: null, after: null, change: null });
    } finally {
      await ctx.db
        .update(clinicSettings)
        .set({ settings: { reminders: { enabled: true, enabledSince: remindersSince.toISOString() } } })
        .where(eq(clinicSettings.clinicId, world.clinicA));
    }
  });

  it('only admins read the clinic rates and only supervisors the per-therapist ones', async () => {
    for (const who of [world.actors.therapistA1, world.actors.supervisorA, world.actors.clientC1])
      await expect(getClinicCompletion(who, range)).rejects.toBeInstanceOf(ForbiddenError);
    for (const who of [world.actors.therapistA1, world.actors.adminA, world.actors.clientC1])
      await expect(getSupervisorComparison(who, range)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
