import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { can, type Actor } from '@/lib/authz/policy';
import { buildPlanSnapshot, type PlanSnapshot } from '@/lib/plans/diff';
import type { GoalAgreement, PlanContent, PlanReview } from '@/lib/validation/plans';
import { getDb, type Database, type Transaction } from '@/db/client';
import {
  alerts,
  clients,
  planGoalAcknowledgements,
  planGoals,
  planInterventions,
  planObjectives,
  planProblems,
  planRevisions,
  treatmentPlans,
  users,
} from '@/db/schema';
import { auditRefusals, refuseOutOfScope, requirePermission, auditRead, writeAudit } from './audit';
import { isUuid } from './clients';
import { InputError, NotFoundError, VersionConflictError } from './errors';
import { clientsInScope } from './scope';
import { createAssignments } from './assignments';

/*
 * Collaborative treatment plans. Every save is a new version with a full snapshot; a save names the
 * version it edited and is refused if the plan moved on (nothing overwritten). Goals keep their ids
 * across versions, so a client's agreement carries over while a goal's wording is unchanged.
 */

export class PlanConflictError extends VersionConflictError {
  override name = 'PlanConflictError';
  constructor(override readonly currentVersion: number) {
    super(
      `Someone saved a newer version of this plan (version ${currentVersion}) after you opened it. Your changes have not been saved and are still in the form: reload the plan in another tab to see what changed, then apply your edits there.`,
      currentVersion,
    );
  }
}

type Db = Database | Transaction;
type PlanStatus = 'draft' | 'active' | 'completed' | 'archived';

export type GoalAgreementState = { agrees: boolean; comment: string | null; planVersion: number; at: Date } | null;
export type Plan = PlanSnapshot & {
  id: string;
  clientId: string;
  clientName: string;
  therapistName: string | null;
  updatedAt: Date;
  canEdit: boolean;
  agreement: Record<string, GoalAgreementState>;
};

/**
 * The plan row if the actor may see it under `permission` (clinic and relationship in SQL); the
 * caller has checked the permission itself (requirePermission).
 */
async function planInScope(db: Db, actor: Actor, planId: string, permission: 'plan:read' | 'plan:write', lock = false, within?: PlanWithin) {
  if (!isUuid(planId)) throw new NotFoundError('plan');
  if (within && (!isUuid(within.clientId) || !isUuid(within.therapistId))) throw new NotFoundError('plan');
  const query = db
    .select({
      id: treatmentPlans.id,
      clinicId: treatmentPlans.clinicId,
      clientId: treatmentPlans.clientId,
      therapistId: treatmentPlans.therapistId,
      status: treatmentPlans.status,
      version: treatmentPlans.version,
      clientFirstName: clients.firstName,
      clientLastName: clients.lastName,
    })
    .from(treatmentPlans)
    .innerJoin(clients, eq(clients.id, treatmentPlans.clientId))
    .where(
      and(
        eq(treatmentPlans.id, planId),
        eq(treatmentPlans.clinicId, actor.clinicId),
        clientsInScope(actor, permission),
        // A page that names the client and therapist in its URL reads the plan only under them.
        within ? and(eq(clients.id, within.clientId), eq(clients.primaryTherapistId, within.therapistId)) : sql`true`,
        // Without the history (clients), only the active plan: never drafts or old plans.
        can(actor.role, 'plan:read-history') ? sql`true` : eq(treatmentPlans.status, 'active'),
      ),
    )
    .limit(1);
  const [row] = lock ? await query.for('update', { of: treatmentPlans }) : await query;
  if (!row) throw new NotFoundError('plan');
  return row;
}

/** The full content of a plan as a snapshot (what revisions store and the history compares). */
async function loadContent(db: Db, planId: string): Promise<PlanSnapshot> {
  const [plan] = await db.select().from(treatmentPlans).where(eq(treatmentPlans.id, planId)).limit(1);
  if (!plan) throw new NotFoundError('plan');
  const problems = await db.select().from(planProblems).where(eq(planProblems.planId, planId)).orderBy(asc(planProblems.position));
  const goals = await db.select().from(planGoals).where(eq(planGoals.planId, planId)).orderBy(asc(planGoals.position));
  const goalIds = goals.map((g) => g.id);
  const objectives = goalIds.length
    ? await db.select().from(planObjectives).where(inArray(planObjectives.goalId, goalIds)).orderBy(asc(planObjectives.position))
    : [];
  const interventions = goalIds.length
    ? await db.select().from(planInterventions).where(inArray(planInterventions.goalId, goalIds)).orderBy(asc(planInterventions.position))
    : [];
  return buildPlanSnapshot({ plan, problems, goals, objectives, interventions });
}

/** Replaces a plan's problems, goals (ids kept), objectives and interventions with `content`. */
async function writeContent(tx: Transaction, clinicId: string, planId: string, content: PlanContent): Promise<void> {
  const existing = await tx.select({ id: planGoals.id }).from(planGoals).where(eq(planGoals.planId, planId));
  const existingIds = new Set(existing.map((g) => g.id));
  const keptIds = new Set<string>();
  await tx.delete(planProblems).where(eq(planProblems.planId, planId));
  if (existingIds.size) {
    await tx.delete(planObjectives).where(inArray(planObjectives.goalId, [...existingIds]));
    await tx.delete(planInterventions).where(inArray(planInterventions.goalId, [...existingIds]));
  }
  let goalPosition = 0;
  for (const [p, problem] of content.problems.entries()) {
    const [created] = await tx
      .insert(planProblems)
      .values({ clinicId, planId, position: p + 1, description: problem.description })
      .returning({ id: planProblems.id });
    for (const goal of problem.goals) {
      goalPosition += 1;
      // An id from the browser counts only if it is one of this plan's goals (and only once).
      const id = goal.id && existingIds.has(goal.id) && !keptIds.has(goal.id) ? goal.id : randomUUID();
      const values = { problemId: created!.id, position: goalPosition, clientWords: goal.clientWords, targetDate: goal.targetDate, status: goal.status };
      if (existingIds.has(id))
        await tx
          .update(planGoals)
          .set(values)
          .where(and(eq(planGoals.id, id), eq(planGoals.planId, planId)));
      else await tx.insert(planGoals).values({ id, clinicId, planId, ...values });
      keptIds.add(id);
      if (goal.objectives.length) {
        await tx.insert(planObjectives).values(
          goal.objectives.map((o, i) => ({
            clinicId,
            goalId: id,
            position: i + 1,
            description: o.description,
            target: o.target,
            status: o.status,
            progress: o.progress,
          })),
        );
      }
      if (goal.interventions.length) {
        await tx
          .insert(planInterventions)
          .values(
            goal.interventions.map((v, i) => ({ clinicId, goalId: id, position: i + 1, modality: v.modality, frequency: v.frequency, provider: v.provider })),
          );
      }
    }
  }
  const removed = [...existingIds].filter((id) => !keptIds.has(id));
  if (removed.length) await tx.delete(planGoals).where(and(eq(planGoals.planId, planId), inArray(planGoals.id, removed)));
}

async function snapshot(tx: Transaction, actor: Actor, clinicId: string, planId: string): Promise<number> {
  const content = await loadContent(tx, planId);
  await tx.insert(planRevisions).values({ clinicId, planId, version: content.version, snapshot: content, createdBy: actor.userId });
  return content.version;
}

export async function createPlan(actor: Actor, clientId: string, content: PlanContent): Promise<{ id: string; version: number }> {
  const attempt = { action: 'plan.create', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'plan:write', attempt, { notFound: 'client' });
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const [client] = await tx
        .select({ id: clients.id, clinicId: clients.clinicId, status: clients.status })
        .from(clients)
        .where(and(eq(clients.id, clientId), clientsInScope(actor, 'plan:write')))
        .limit(1);
      if (!client) throw new NotFoundError('client');
      if (client.status === 'discharged') throw new InputError('This client has been discharged; a new plan cannot be started.');
      const [plan] = await tx
        .insert(treatmentPlans)
        .values({
          clinicId: client.clinicId,
          clientId: client.id,
          therapistId: actor.userId,
          status: 'draft',
          title: content.title,
          presentingProblem: content.presentingProblem,
          diagnosis: content.diagnosis,
          icd10Code: content.icd10Code,
          startDate: content.startDate,
          nextReviewDate: content.nextReviewDate,
          version: 1,
        })
        .returning({ id: treatmentPlans.id });
      await writeContent(tx, client.clinicId, plan!.id, content);
      const version = await snapshot(tx, actor, client.clinicId, plan!.id);
      await writeAudit(tx, actor, { action: 'plan.create', outcome: 'success', targetType: 'plan', targetId: plan!.id, clientId: client.id });
      return { id: plan!.id, version };
    }),
  );
}

/** Saves a new version, if `expectedVersion` is still the latest; otherwise PlanConflictError and nothing changes. */
export async function savePlan(actor: Actor, planId: string, content: PlanContent, expectedVersion: number): Promise<{ version: number }> {
  const attempt = { action: 'plan.save', targetType: 'plan', targetId: planId };
  await requirePermission(actor, 'plan:write', attempt, { notFound: 'plan' });
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const plan = await planInScope(tx, actor, planId, 'plan:write', true);
      if (plan.version !== expectedVersion) {
        throw new PlanConflictError(plan.version);
      }
      if (plan.status === 'completed' || plan.status === 'archived') throw new InputError('This plan is closed; start a new plan instead.');
      await tx
        .update(treatmentPlans)
        .set({
          title: content.title,
          presentingProblem: content.presentingProblem,
          diagnosis: content.diagnosis,
          icd10Code: content.icd10Code,
          startDate: content.startDate,
          nextReviewDate: content.nextReviewDate,
          version: plan.version + 1,
          updatedAt: sql`now()`,
        })
        .where(eq(treatmentPlans.id, plan.id));
      await writeContent(tx, plan.clinicId, plan.id, content);
      const version = await snapshot(tx, actor, plan.clinicId, plan.id);
      await writeAudit(tx, actor, {
        action: 'plan.save',
        outcome: 'success',
        targetType: 'plan',
        targetId: plan.id,
        clientId: plan.clientId,
        details: { version },
      });
      return { version };
    }),
  );
}

/** Activates (archiving the client's other active plan), completes or archives a plan: a new version too. */
export async function setPlanStatus(actor: Actor, planId: string, status: Exclude<PlanStatus, 'draft'>, expectedVersion: number): Promise<{ version: number }> {
  const attempt = { action: 'plan.status', targetType: 'plan', targetId: planId };
  await requirePermission(actor, 'plan:write', attempt, { notFound: 'plan' });
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const plan = await planInScope(tx, actor, planId, 'plan:write', true);
      if (plan.version !== expectedVersion) throw new PlanConflictError(plan.version);
      if (plan.status === status) throw new InputError(`This plan is already ${status}.`);
      if (status === 'active' && plan.status !== 'draft') throw new InputError('Only a draft can be activated.');
      if (status === 'active') {
        const others = await tx
          .update(treatmentPlans)
          .set({ status: 'archived', version: sql`${treatmentPlans.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(treatmentPlans.clientId, plan.clientId), eq(treatmentPlans.status, 'active'), ne(treatmentPlans.id, plan.id)))
          .returning({ id: treatmentPlans.id });
        for (const other of others) await snapshot(tx, actor, plan.clinicId, other.id);
      }
      await tx
        .update(treatmentPlans)
        .set({ status, version: plan.version + 1, updatedAt: sql`now()` })
        .where(eq(treatmentPlans.id, plan.id));
      const version = await snapshot(tx, actor, plan.clinicId, plan.id);
      await writeAudit(tx, actor, {
        action: `plan.${status === 'active' ? 'activate' : status === 'completed' ? 'complete' : 'archive'}`,
        outcome: 'success',
        targetType: 'plan',
        targetId: plan.id,
        clientId: plan.clientId,
        details: { version },
      });
      return { version };
    }),
  );
}

/** The latest agreement per goal whose wording is unchanged since the client gave it. */
async function agreementsFor(db: Db, planId: string, goals: { id: string; clientWords: string }[]): Promise<Record<string, GoalAgreementState>> {
  if (goals.length === 0) return {};
  const rows = await db
    .select({
      goalId: planGoalAcknowledgements.goalId,
      agrees: planGoalAcknowledgements.agrees,
      comment: planGoalAcknowledgements.comment,
      planVersion: planGoalAcknowledgements.planVersion,
      wording: planGoalAcknowledgements.goalWording,
      at: planGoalAcknowledgements.createdAt,
    })
    .from(planGoalAcknowledgements)
    .where(
      and(
        eq(planGoalAcknowledgements.planId, planId),
        inArray(
          planGoalAcknowledgements.goalId,
          goals.map((g) => g.id),
        ),
      ),
    )
    .orderBy(desc(planGoalAcknowledgements.createdAt));
  const result: Record<string, GoalAgreementState> = {};
  for (const goal of goals) {
    const latest = rows.find((r) => r.goalId === goal.id && r.wording === goal.clientWords);
    result[goal.id] = latest ? { agrees: latest.agrees, comment: latest.comment, planVersion: latest.planVersion, at: latest.at } : null;
  }
  return result;
}

/** The client and their treating therapist a plan must belong to, when a URL names both (the supervisor's read-only record). */
export type PlanWithin = { clientId: string; therapistId: string };

export async function getPlan(actor: Actor, planId: string, within?: PlanWithin): Promise<Plan> {
  const attempt = { action: 'plan.read', targetType: 'plan', targetId: planId };
  await requirePermission(actor, 'plan:read', attempt, { notFound: 'plan' });
  const db = getDb();
  const plan = await auditRefusals(actor, attempt, () => planInScope(db, actor, planId, 'plan:read', false, within));
  const content = await loadContent(db, plan.id);
  const [meta] = await db
    .select({ updatedAt: treatmentPlans.updatedAt, therapistName: users.name })
    .from(treatmentPlans)
    .leftJoin(users, eq(users.id, treatmentPlans.therapistId))
    .where(eq(treatmentPlans.id, plan.id));
  const agreement = await agreementsFor(
    db,
    plan.id,
    content.problems.flatMap((p) => p.goals),
  );
  await auditRead(db, actor, { action: 'plan.read', outcome: 'success', targetType: 'plan', targetId: plan.id, clientId: plan.clientId });
  return {
    ...content,
    id: plan.id,
    clientId: plan.clientId,
    clientName: `${plan.clientFirstName} ${plan.clientLastName}`,
    therapistName: meta?.therapistName ?? null,
    updatedAt: meta!.updatedAt,
    canEdit: can(actor.role, 'plan:write') && plan.status !== 'completed' && plan.status !== 'archived',
    agreement,
  };
}

/** A goal of the current plan at a glance: its words, status and the client's latest answer on it. */
export type PlanGlanceGoal = {
  id: string;
  clientWords: string;
  status: string;
  agreement: 'agreed' | 'not_agreed' | 'unanswered';
  comment: string | null;
  answeredAt: Date | null;
};
/** The client's current plan (the active one, else the newest draft) in brief, for the record's plan section. */
export type CurrentPlanGlance = {
  plan: { id: string; title: string; status: PlanStatus; version: number; nextReviewDate: string | null; updatedAt: Date; goals: PlanGlanceGoal[] } | null;
  /** Every plan the client has had, the current one included. */
  planCount: number;
};

/**
 * The current plan's goals and the client's agreement on each, for the client record (staff who
 * may read the client's plans). 404 for a client outside the actor's scope; every view audited as
 * a plan read.
 */
export async function getCurrentPlanGlance(actor: Actor, clientId: string): Promise<CurrentPlanGlance> {
  const attempt = { action: 'plan.read', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'plan:read-history', attempt, { notFound: 'client' });
  const db = getDb();
  const plans = await db
    .select({
      clientId: clients.id,
      id: treatmentPlans.id,
      title: treatmentPlans.title,
      status: treatmentPlans.status,
      version: treatmentPlans.version,
      nextReviewDate: treatmentPlans.nextReviewDate,
      updatedAt: treatmentPlans.updatedAt,
    })
    .from(clients)
    .leftJoin(treatmentPlans, and(eq(treatmentPlans.clientId, clients.id), eq(treatmentPlans.clinicId, actor.clinicId)))
    .where(and(eq(clients.id, clientId), clientsInScope(actor, 'plan:read-history')))
    .orderBy(desc(treatmentPlans.updatedAt));
  if (plans.length === 0) return refuseOutOfScope(actor, attempt, 'client');
  const all = plans.flatMap((p) =>
    p.id && p.title && p.status && p.version !== null && p.updatedAt
      ? [{ ...p, id: p.id, title: p.title, status: p.status, version: p.version, updatedAt: p.updatedAt }]
      : [],
  );
  const current = all.find((p) => p.status === 'active') ?? all.find((p) => p.status === 'draft');
  if (!current) {
    await auditRead(db, actor, {
      action: 'plan.read',
      outcome: 'success',
      targetType: 'client',
      targetId: clientId,
      clientId,
      details: { view: 'glance', plans: all.length },
    });
    return { plan: null, planCount: all.length };
  }
  const goals = await db
    .select({ id: planGoals.id, clientWords: planGoals.clientWords, status: planGoals.status })
    .from(planGoals)
    .where(and(eq(planGoals.planId, current.id), eq(planGoals.clinicId, actor.clinicId)))
    .orderBy(asc(planGoals.position));
  const agreement = await agreementsFor(db, current.id, goals);
  await auditRead(db, actor, {
    action: 'plan.read',
    outcome: 'success',
    targetType: 'plan',
    targetId: current.id,
    clientId,
    details: { view: 'glance', version: current.version },
  });
  return {
    plan: {
      id: current.id,
      title: current.title,
      status: current.status,
      version: current.version,
      nextReviewDate: current.nextReviewDate,
      updatedAt: current.updatedAt,
      goals: goals.map((g) => {
        const answer = agreement[g.id] ?? null;
        return {
          id: g.id,
          clientWords: g.clientWords,
          status: g.status,
          agreement: answer === null ? 'unanswered' : answer.agrees ? 'agreed' : 'not_agreed',
          comment: answer?.comment ?? null,
          answeredAt: answer?.at ?? null,
        };
      }),
    },
    planCount: all.length,
  };
}

export type PlanSummary = { id: string; title: string; status: PlanStatus; version: number; nextReviewDate: string | null; updatedAt: Date };

export async function listClientPlans(actor: Actor, clientId: string): Promise<PlanSummary[]> {
  await requirePermission(actor, 'plan:read-history', { action: 'plan.list', targetType: 'client', targetId: clientId }, { notFound: 'client' });
  return getDb()
    .select({
      id: treatmentPlans.id,
      title: treatmentPlans.title,
      status: treatmentPlans.status,
      version: treatmentPlans.version,
      nextReviewDate: treatmentPlans.nextReviewDate,
      updatedAt: treatmentPlans.updatedAt,
    })
    .from(treatmentPlans)
    .innerJoin(clients, eq(clients.id, treatmentPlans.clientId))
    .where(and(eq(treatmentPlans.clientId, clientId), eq(treatmentPlans.clinicId, actor.clinicId), clientsInScope(actor, 'plan:read-history')))
    .orderBy(desc(treatmentPlans.updatedAt));
}

export async function listPlanRevisions(actor: Actor, planId: string): Promise<{ version: number; createdAt: Date; author: string | null }[]> {
  const attempt = { action: 'plan.revisions.read', targetType: 'plan', targetId: planId };
  await requirePermission(actor, 'plan:read', attempt, { notFound: 'plan' });
  const db = getDb();
  const plan = await auditRefusals(actor, attempt, () => planInScope(db, actor, planId, 'plan:read'));
  // Someone who may read the plan but not its history (its client) is told so (403), not 404.
  await requirePermission(actor, 'plan:read-history', attempt);
  return db
    .select({ version: planRevisions.version, createdAt: planRevisions.createdAt, author: users.name })
    .from(planRevisions)
    .leftJoin(users, eq(users.id, planRevisions.createdBy))
    .where(and(eq(planRevisions.planId, plan.id), eq(planRevisions.clinicId, actor.clinicId)))
    .orderBy(desc(planRevisions.version));
}

export async function getPlanRevision(actor: Actor, planId: string, version: number): Promise<PlanSnapshot> {
  const attempt = { action: 'plan.revision.read', targetType: 'plan', targetId: planId };
  await requirePermission(actor, 'plan:read', attempt, { notFound: 'plan' });
  const db = getDb();
  const plan = await auditRefusals(actor, attempt, () => planInScope(db, actor, planId, 'plan:read'));
  await requirePermission(actor, 'plan:read-history', attempt);
  const [row] = await db
    .select({ snapshot: planRevisions.snapshot })
    .from(planRevisions)
    .where(and(eq(planRevisions.planId, plan.id), eq(planRevisions.version, version)))
    .limit(1);
  if (!row) return refuseOutOfScope(actor, attempt, 'version');
  return row.snapshot as PlanSnapshot;
}

/** The signed-in client's active plan (never a draft), with their agreement per goal. */
export async function getMyActivePlan(actor: Actor): Promise<Plan | null> {
  await requirePermission(actor, 'portal:read-own', { action: 'portal.plan.read' });
  const [row] = await getDb()
    .select({ id: treatmentPlans.id })
    .from(treatmentPlans)
    .innerJoin(clients, eq(clients.id, treatmentPlans.clientId))
    .where(and(eq(treatmentPlans.clinicId, actor.clinicId), eq(treatmentPlans.status, 'active'), clientsInScope(actor, 'plan:read')))
    .limit(1);
  return row ? getPlan(actor, row.id) : null;
}

/** The client agrees with a goal of their active plan, or says they'd change it (raising an alert). */
export async function recordGoalAgreement(actor: Actor, goalId: string, input: GoalAgreement): Promise<void> {
  // Its own permission: reading the plan (plan:read) never lets anyone write to it.
  const attempt = { action: 'plan.goal.agreement', targetType: 'goal', targetId: goalId };
  await requirePermission(actor, 'plan:agree', attempt, { notFound: 'goal' });
  await auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const [goal] = await tx
        .select({
          id: planGoals.id,
          clientWords: planGoals.clientWords,
          planId: treatmentPlans.id,
          version: treatmentPlans.version,
          clinicId: treatmentPlans.clinicId,
          clientId: treatmentPlans.clientId,
          therapistId: clients.primaryTherapistId,
        })
        .from(planGoals)
        .innerJoin(treatmentPlans, eq(treatmentPlans.id, planGoals.planId))
        .innerJoin(clients, eq(clients.id, treatmentPlans.clientId))
        .where(
          and(eq(planGoals.id, goalId), eq(treatmentPlans.status, 'active'), eq(treatmentPlans.clinicId, actor.clinicId), clientsInScope(actor, 'plan:agree')),
        )
        .limit(1);
      if (!goal) {
        throw new NotFoundError('goal');
      }
      await tx.insert(planGoalAcknowledgements).values({
        clinicId: goal.clinicId,
        planId: goal.planId,
        goalId: goal.id,
        planVersion: goal.version,
        goalWording: goal.clientWords,
        clientId: goal.clientId,
        agrees: input.agrees,
        comment: input.comment,
      });
      if (!input.agrees && goal.therapistId) {
        await tx
          .insert(alerts)
          .values({
            clinicId: goal.clinicId,
            clientId: goal.clientId,
            therapistId: goal.therapistId,
            kind: 'goal_disagreement',
            severity: 'warning',
            rule: 'goal_disagreement',
            details: {
              rule: 'goal_disagreement',
              goalId: goal.id,
              goalWording: goal.clientWords,
              comment: input.comment ?? null,
              planId: goal.planId,
              planVersion: goal.version,
            },
            dedupeKey: `goal_disagreement:${goal.id}:${goal.version}`,
          })
          .onConflictDoNothing({ target: alerts.dedupeKey });
      }
      await writeAudit(tx, actor, {
        action: 'plan.goal.agreement',
        outcome: 'success',
        targetType: 'goal',
        targetId: goal.id,
        clientId: goal.clientId,
        details: { planVersion: goal.version },
      });
    }),
  );
}

/**
 * A plan review: progress per goal, the next review date, and a WAI-SR for the client so the Goal
 * subscale is checked against the reviewed plan. One new version.
 */
export async function reviewPlan(actor: Actor, planId: string, input: PlanReview, expectedVersion: number): Promise<{ version: number; assignmentId: string }> {
  const attempt = { action: 'plan.review', targetType: 'plan', targetId: planId };
  await requirePermission(actor, 'plan:write', attempt, { notFound: 'plan' });
  return auditRefusals(actor, attempt, () =>
    getDb().transaction(async (tx) => {
      const plan = await planInScope(tx, actor, planId, 'plan:write', true);
      if (plan.version !== expectedVersion) throw new PlanConflictError(plan.version);
      if (plan.status !== 'active') throw new InputError('Only an active plan can be reviewed.');
      const goals = await tx.select({ id: planGoals.id }).from(planGoals).where(eq(planGoals.planId, plan.id));
      const ids = new Set(goals.map((g) => g.id));
      if (input.goals.some((g) => !ids.has(g.goalId))) throw new InputError('The review names a goal that is not in this plan.');
      for (const g of input.goals)
        await tx
          .update(planGoals)
          .set({ status: g.status })
          .where(and(eq(planGoals.id, g.goalId), eq(planGoals.planId, plan.id)));
      await tx
        .update(treatmentPlans)
        .set({ nextReviewDate: input.nextReviewDate, version: plan.version + 1, updatedAt: sql`now()` })
        .where(eq(treatmentPlans.id, plan.id));
      const content = await loadContent(tx, plan.id);
      const review = { reviewedAt: new Date().toISOString(), goals: input.goals };
      await tx
        .insert(planRevisions)
        .values({ clinicId: plan.clinicId, planId: plan.id, version: content.version, snapshot: { ...content, review }, createdBy: actor.userId });
      // The measure belongs to the client's current therapist (who may not be the plan's author).
      const [current] = await tx.select({ therapistId: clients.primaryTherapistId }).from(clients).where(eq(clients.id, plan.clientId)).limit(1);
      const [assignment] = await createAssignments(tx, actor, {
        clinicId: plan.clinicId,
        clientId: plan.clientId,
        therapistId: current?.therapistId ?? plan.therapistId,
        sessionId: null,
        dueAt: new Date(),
        measures: [{ instrumentKey: 'wai-sr-client', respondent: 'client' }],
      });
      await writeAudit(tx, actor, {
        action: 'plan.review',
        outcome: 'success',
        targetType: 'plan',
        targetId: plan.id,
        clientId: plan.clientId,
        details: { version: content.version },
      });
      return { version: content.version, assignmentId: assignment!.id };
    }),
  );
}

/** Review dates of a client's plans (from revisions that carry a review), for the Goal-subscale chart. */
export async function listPlanReviewDates(actor: Actor, clientId: string): Promise<string[]> {
  await requirePermission(actor, 'plan:read-history', { action: 'plan.review_dates.read', targetType: 'client', targetId: clientId }, { notFound: 'client' });
  const rows = await getDb()
    .select({ reviewedAt: sql<string>`${planRevisions.snapshot}->'review'->>'reviewedAt'` })
    .from(planRevisions)
    .innerJoin(treatmentPlans, eq(treatmentPlans.id, planRevisions.planId))
    .innerJoin(clients, eq(clients.id, treatmentPlans.clientId))
    .where(
      and(
        eq(treatmentPlans.clientId, clientId),
        eq(planRevisions.clinicId, actor.clinicId),
        sql`${planRevisions.snapshot} ? 'review'`,
        clientsInScope(actor, 'plan:read-history'),
      ),
    )
    .orderBy(asc(planRevisions.createdAt));
  return rows.map((r) => r.reviewedAt);
}
