import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_ALLIANCE_THRESHOLDS } from '@/lib/alliance/rules';
import { getClinicLowAllianceThreshold } from '@/lib/data/clinic';
import { ForbiddenError, NotFoundError } from '@/lib/data/errors';
import { getCurrentPlanGlance, getPlan, recordGoalAgreement } from '@/lib/data/plans';
import { getSupervisorComparison } from '@/lib/data/supervisor';
import { dateRangeSchema } from '@/lib/validation/supervision';
import { alerts, planGoals, planProblems } from '@/db/schema';
import { buildWorld, insertClient, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsAddedBy } from './queries';

/*
 * The treatment plan at a glance on a client record (therapist and supervisor), the supervisor's
 * read-only plan under the therapist and client its URL names, the clinic's low-alliance line for
 * charts, and ruptures not answered within 7 days in the supervisor's comparison.
 */

describeEachEngine('plan at a glance, supervisor plan reads, attention inputs', (ctx) => {
  let world: World;
  let goalIds: [string, string, string];

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    const [problem] = await ctx.db
      .insert(planProblems)
      .values({ clinicId: world.clinicA, planId: world.planC1.id, position: 1, description: 'Sleep' })
      .returning({ id: planProblems.id });
    const goals = await ctx.db
      .insert(planGoals)
      .values(
        ['Sleep through the night', 'Walk every morning', 'Phone my sister weekly'].map((clientWords, i) => ({
          clinicId: world.clinicA,
          planId: world.planC1.id,
          problemId: problem!.id,
          position: i + 1,
          clientWords,
          status: 'in_progress' as const,
        })),
      )
      .returning({ id: planGoals.id });
    goalIds = goals.map((g) => g.id) as [string, string, string];
    await recordGoalAgreement(world.actors.clientC1, goalIds[0], { agrees: true, comment: null });
    await recordGoalAgreement(world.actors.clientC1, goalIds[1], { agrees: false, comment: 'Evenings suit me better' });
  });

  it('shows the treating therapist the active plan, each goal agreed, not agreed or unanswered, and audits the view as a plan read', async () => {
    const therapist = world.actors.therapistA1;
    let glance: Awaited<ReturnType<typeof getCurrentPlanGlance>> | undefined;
    const events = await auditEventsAddedBy(ctx.db, therapist.userId, async () => {
      glance = await getCurrentPlanGlance(therapist, world.clients.c1.id);
    });
    expect(glance!.planCount).toBe(1);
    expect(glance!.plan).toMatchObject({ id: world.planC1.id, title: world.planC1.title, status: 'active' });
    expect(glance!.plan!.goals.map((g) => [g.clientWords, g.agreement, g.comment])).toEqual([
      ['Sleep through the night', 'agreed', null],
      ['Walk every morning', 'not_agreed', 'Evenings suit me better'],
      ['Phone my sister weekly', 'unanswered', null],
    ]);
    // A minimal DTO: no presenting problem, diagnosis or objectives.
    expect(Object.keys(glance!.plan!).sort()).toEqual(['goals', 'id', 'nextReviewDate', 'status', 'title', 'updatedAt', 'version']);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'plan.read',
        outcome: 'success',
        targetType: 'plan',
        targetId: world.planC1.id,
        clientId: world.clients.c1.id,
        details: { view: 'glance', version: expect.any(Number) },
      }),
    ]);
  });

  it('shows the supervisor of the therapist the same, and nobody else', async () => {
    const glance = await getCurrentPlanGlance(world.actors.supervisorA, world.clients.c1.id);
    expect(glance.plan?.goals.map((g) => g.agreement)).toEqual(['agreed', 'not_agreed', 'unanswered']);
    for (const outsider of [world.actors.therapistA2, world.actors.supervisorB, world.actors.therapistB1]) {
      await expect(getCurrentPlanGlance(outsider, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
    }
    // Clients read their own plan in the portal, admins no plans at all: both refused (404 by design).
    await expect(getCurrentPlanGlance(world.actors.clientC1, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCurrentPlanGlance(world.actors.adminA, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCurrentPlanGlance(world.actors.therapistA1, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('has no plan for a client without one, but says how many there were', async () => {
    const client = await insertClient(ctx.db, {
      clinicId: world.clinicA,
      therapistId: world.users.therapistA1.userId,
      portalUserId: null,
      firstName: 'Noplan',
      lastName: 'Yet',
      token: world.token,
    });
    expect(await getCurrentPlanGlance(world.actors.therapistA1, client.id)).toEqual({ plan: null, planCount: 0 });
  });

  it('reads a plan for the supervisor only under the therapist and client the URL names', async () => {
    const supervisor = world.actors.supervisorA;
    const within = { clientId: world.clients.c1.id, therapistId: world.users.therapistA1.userId };
    const plan = await getPlan(supervisor, world.planC1.id, within);
    expect(plan.canEdit).toBe(false);
    expect(plan.agreement[goalIds[0]]?.agrees).toBe(true);
    for (const wrong of [
      { ...within, therapistId: world.users.therapistA2.userId },
      { ...within, clientId: world.clients.c2.id },
      { ...within, clientId: 'not-a-uuid' },
    ]) {
      await expect(getPlan(supervisor, world.planC1.id, wrong)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(getPlan(world.actors.supervisorB, world.planC1.id, within)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('gives charts the clinic’s low-alliance threshold', async () => {
    expect(await getClinicLowAllianceThreshold(world.actors.therapistA1)).toBe(DEFAULT_ALLIANCE_THRESHOLDS.lowAlliance);
  });

  it('counts a rupture unanswered for 7 days as not answered in time, and one from yesterday not yet', async () => {
    const therapistId = world.users.therapistA1.userId;
    const range = dateRangeSchema.parse({});
    const before = (await getSupervisorComparison(world.actors.supervisorA, range)).rows.find((r) => r.therapistId === therapistId)!.ruptures
      .notAnsweredIn7Days;
    const rupture = {
      clinicId: world.clinicA,
      clientId: world.clients.c1.id,
      therapistId,
      kind: 'rupture' as const,
      severity: 'warning' as const,
      rule: 'rupture_drop',
      details: {},
    };
    await ctx.db.insert(alerts).values([
      { ...rupture, createdAt: new Date(Date.now() - 10 * 86_400_000) },
      { ...rupture, createdAt: new Date(Date.now() - 86_400_000) },
    ]);
    const row = (await getSupervisorComparison(world.actors.supervisorA, range)).rows.find((r) => r.therapistId === therapistId)!;
    expect(row.ruptures.notAnsweredIn7Days).toBe(before + 1);
    await expect(getSupervisorComparison(world.actors.therapistA1, range)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
