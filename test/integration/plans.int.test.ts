import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import { diffPlans } from '@/lib/plans/diff';
import { ForbiddenError, InputError, NotFoundError } from '@/lib/data/errors';
import {
  createPlan,
  getMyActivePlan,
  getPlan,
  getPlanRevision,
  listClientPlans,
  listPlanReviewDates,
  listPlanRevisions,
  PlanConflictError,
  recordGoalAgreement,
  reviewPlan,
  savePlan,
  setPlanStatus,
} from '@/lib/data/plans';
import { planContentSchema, type PlanContentInput } from '@/lib/validation/plans';
import { alerts, auditEvents, measureAssignments, treatmentPlans } from '@/db/schema';
import { actorOf, buildWorld, insertClient, insertUser, uniqueToken, type FixtureClient, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Treatment plans: every save a version with a snapshot, conflicts refused with nothing changed,
 * agreement recorded per version and carried over while a goal's wording stays the same, and
 * access for every role (drafts never reach the client; admins see none of it).
 */

const content = (overrides: Partial<PlanContentInput> = {}) =>
  planContentSchema.parse({
    title: 'Lifting low mood',
    presentingProblem: 'Low mood since a job loss.',
    diagnosis: 'Depressive episode',
    icd10Code: 'f32.1',
    startDate: '2026-11-01',
    nextReviewDate: '2026-12-15',
    problems: [
      {
        description: 'Withdrawal from friends',
        goals: [
          {
            clientWords: 'See my friends every week',
            targetDate: '2027-01-31',
            status: 'in_progress',
            objectives: [{ description: 'Plan one meet-up a week', target: '4 weeks', status: 'in_progress', progress: '25' }],
            interventions: [{ modality: 'Behavioural activation', frequency: 'Weekly', provider: 'Therapist' }],
          },
          { clientWords: 'Sleep through the night', targetDate: '', status: 'not_started', objectives: [], interventions: [] },
        ],
      },
    ],
    ...overrides,
  });

describeEachEngine('treatment plans', (ctx) => {
  let world: World;
  let therapist: Actor;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    therapist = world.actors.therapistA1;
  });

  async function freshClient(): Promise<{ client: FixtureClient; portal: Actor }> {
    const token = uniqueToken();
    const portal = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'client', name: `Plan ${token}` });
    const client = await insertClient(ctx.db, {
      clinicId: world.clinicA,
      therapistId: therapist.userId,
      portalUserId: portal.userId,
      firstName: 'Plan',
      lastName: 'Client',
      token,
    });
    return { client, portal: actorOf(portal) };
  }

  it('validates content: required fields, dates, ICD-10 code, limits', () => {
    expect(content().icd10Code).toBe('F32.1');
    const bad = planContentSchema.safeParse({ ...content(), icd10Code: 'not a code', nextReviewDate: '2026-10-01', problems: [] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['icd10Code', 'problems', 'nextReviewDate']));
  });

  it('creates a draft (version 1), saves new versions with snapshots, and keeps goal ids', async () => {
    const { client } = await freshClient();
    const { id, version } = await createPlan(therapist, client.id, content());
    expect(version).toBe(1);
    const v1 = await getPlan(therapist, id);
    const [goalA, goalB] = v1.problems[0]!.goals;
    const edited = content({ title: 'Lifting low mood and sleep' });
    edited.problems[0]!.goals[0]!.id = goalA!.id;
    edited.problems[0]!.goals[1]!.id = goalB!.id;
    expect(await savePlan(therapist, id, edited, 1)).toEqual({ version: 2 });
    const v2 = await getPlan(therapist, id);
    expect(v2.problems[0]!.goals.map((g) => g.id)).toEqual([goalA!.id, goalB!.id]);
    expect((await listPlanRevisions(therapist, id)).map((r) => r.version)).toEqual([2, 1]);
    const changes = diffPlans(await getPlanRevision(therapist, id, 1), await getPlanRevision(therapist, id, 2));
    expect(changes).toEqual([{ kind: 'field', field: 'title', from: 'Lifting low mood', to: 'Lifting low mood and sleep' }]);
  });

  it('refuses a save over a newer version and changes nothing', async () => {
    const { client } = await freshClient();
    const { id } = await createPlan(therapist, client.id, content());
    await savePlan(therapist, id, content({ title: 'First tab wins' }), 1);
    const before = await getPlan(therapist, id);
    const error = await savePlan(therapist, id, content({ title: 'Second tab' }), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanConflictError);
    expect((error as PlanConflictError).currentVersion).toBe(2);
    expect((error as Error).message).toMatch(/still in the form/);
    const after = await getPlan(therapist, id);
    expect(after.title).toBe('First tab wins');
    expect(after.version).toBe(before.version);
    expect((await listPlanRevisions(therapist, id)).length).toBe(2);
    // The refusal is audited even though its transaction rolled back.
    const refusals = await ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'plan.save'), eq(auditEvents.targetId, id), eq(auditEvents.outcome, 'failure')));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.details).toMatchObject({ reason: 'PlanConflictError' });
  });

  it('keeps one active plan per client: activating archives the previous one', async () => {
    const { client } = await freshClient();
    const first = await createPlan(therapist, client.id, content({ title: 'First plan' }));
    await setPlanStatus(therapist, first.id, 'active', 1);
    const second = await createPlan(therapist, client.id, content({ title: 'Second plan' }));
    await setPlanStatus(therapist, second.id, 'active', 1);
    const statuses = await ctx.db
      .select({ id: treatmentPlans.id, status: treatmentPlans.status })
      .from(treatmentPlans)
      .where(eq(treatmentPlans.clientId, client.id));
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [first.id]: 'archived', [second.id]: 'active' });
    await expect(setPlanStatus(therapist, second.id, 'active', 2)).rejects.toBeInstanceOf(InputError);
    expect((await listClientPlans(therapist, client.id)).map((p) => p.title).sort()).toEqual(['First plan', 'Second plan']);
  });

  it('records agreement per goal and version; it carries over when the wording is unchanged, resets when it changes; disagreement raises an alert', async () => {
    const { client, portal } = await freshClient();
    const { id } = await createPlan(therapist, client.id, content());
    expect(await getMyActivePlan(portal)).toBeNull();
    await setPlanStatus(therapist, id, 'active', 1);
    const mine = (await getMyActivePlan(portal))!;
    const [goalA, goalB] = mine.problems[0]!.goals;
    await recordGoalAgreement(portal, goalA!.id, { agrees: true, comment: null });
    await recordGoalAgreement(portal, goalB!.id, { agrees: false, comment: 'Most nights, not every night' });
    const seen = await getPlan(therapist, id);
    expect(seen.agreement[goalA!.id]).toMatchObject({ agrees: true, planVersion: 2 });
    expect(seen.agreement[goalB!.id]).toMatchObject({ agrees: false, comment: 'Most nights, not every night' });
    const [disagreement] = await ctx.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.clientId, client.id), eq(alerts.kind, 'goal_disagreement')));
    expect(disagreement).toMatchObject({ therapistId: therapist.userId, status: 'open' });

    // A typo fix elsewhere keeps agreement; rewording goal B resets it.
    const next = content({ presentingProblem: 'Low mood since a job loss (fixed typo).' });
    next.problems[0]!.goals[0]!.id = goalA!.id;
    next.problems[0]!.goals[1]!.id = goalB!.id;
    next.problems[0]!.goals[1]!.clientWords = 'Sleep through most nights';
    await savePlan(therapist, id, next, 2);
    const v3 = await getPlan(therapist, id);
    expect(v3.agreement[goalA!.id]).toMatchObject({ agrees: true, planVersion: 2 });
    expect(v3.agreement[goalB!.id]).toBeNull();
  });

  it('enforces access for every role, including direct calls with another client’s ids', async () => {
    const { client, portal } = await freshClient();
    const { id } = await createPlan(therapist, client.id, content());
    const draftGoal = (await getPlan(therapist, id)).problems[0]!.goals[0]!.id;
    // Drafts never reach the client.
    await expect(getPlan(portal, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recordGoalAgreement(portal, draftGoal, { agrees: true, comment: null })).rejects.toBeInstanceOf(NotFoundError);
    // Another therapist, another clinic, the admin: nothing.
    for (const outsider of [world.actors.therapistA2, world.actors.therapistB1, world.actors.adminA]) {
      await expect(getPlan(outsider, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(savePlan(outsider, id, content({ title: 'Hijack' }), 1)).rejects.toBeInstanceOf(NotFoundError);
      await expect(createPlan(outsider, client.id, content())).rejects.toBeInstanceOf(NotFoundError);
    }
    // The supervisor of the therapist reads but never writes.
    await expect(getPlan(world.actors.supervisorA, id)).resolves.toMatchObject({ id, canEdit: false });
    await expect(savePlan(world.actors.supervisorA, id, content({ title: 'Supervisor edit' }), 1)).rejects.toBeInstanceOf(NotFoundError);
    await setPlanStatus(therapist, id, 'active', 1);
    const activeGoal = (await getPlan(therapist, id)).problems[0]!.goals[0]!.id;
    // Another client cannot agree on this client's goal, nor read the plan.
    await expect(recordGoalAgreement(world.actors.clientC1, activeGoal, { agrees: true, comment: null })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPlan(world.actors.clientC1, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMyActivePlan(therapist)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getPlan(therapist, id)).title).toBe('Lifting low mood');
  });

  it('a review records progress, sets the next date and assigns the client a WAI-SR', async () => {
    const { client } = await freshClient();
    const { id } = await createPlan(therapist, client.id, content());
    await setPlanStatus(therapist, id, 'active', 1);
    const plan = await getPlan(therapist, id);
    const goals = plan.problems[0]!.goals;
    const result = await reviewPlan(
      therapist,
      id,
      {
        nextReviewDate: '2027-02-01',
        goals: [
          { goalId: goals[0]!.id, status: 'achieved', progressNote: 'Seeing friends weekly' },
          { goalId: goals[1]!.id, status: 'in_progress', progressNote: null },
        ],
      },
      2,
    );
    expect(result.version).toBe(3);
    const [assignment] = await ctx.db.select().from(measureAssignments).where(eq(measureAssignments.id, result.assignmentId));
    expect(assignment).toMatchObject({ instrumentKey: 'wai-sr-client', respondent: 'client', status: 'pending', clientId: client.id });
    const reviewed = await getPlan(therapist, id);
    expect(reviewed.nextReviewDate).toBe('2027-02-01');
    expect(reviewed.problems[0]!.goals[0]!.status).toBe('achieved');
    expect(await listPlanReviewDates(therapist, client.id)).toHaveLength(1);
    await expect(
      reviewPlan(therapist, id, { nextReviewDate: '2027-03-01', goals: [{ goalId: world.clients.c1.id, status: 'achieved', progressNote: null }] }, 3),
    ).rejects.toBeInstanceOf(InputError);
  });
});
