'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction, type ActionResult } from '@/lib/action';
import { createPlan, getPlan, PlanConflictError, reviewPlan, savePlan, setPlanStatus, type PlanDto } from '@/lib/data/plans';
import { planContentSchema, planReviewSchema } from '@/lib/validation/plans';
import { planToFormValues } from '@/components/plans/form-values';
import type { CreatePlanInput, PlanConflict, PlanFailure, PlanSaveResult, PlanStatusResult, ReviewInput, ReviewResult, SavePlanInput, SetPlanStatusInput } from '@/components/plans/types';

/*
 * Thin actions over lib/data/plans, all through actorAction (the form's own schema, the actor, the
 * data layer's refusals as messages). lib/data decides access: another therapist's plan or client
 * is NotFound. A stale `expectedVersion` (PlanConflictError) is answered as `conflict`, apart from
 * other errors, so the editor can say so prominently and keep its edits.
 */

const createInput = z.object({ clientId: z.string(), content: planContentSchema });
const saveInput = z.object({ planId: z.string(), expectedVersion: z.number().int().min(1), content: planContentSchema });
const statusInput = z.object({ planId: z.string(), expectedVersion: z.number().int().min(1), status: z.enum(['active', 'completed', 'archived']) });
const reviewInput = z.object({ planId: z.string(), expectedVersion: z.number().int().min(1), review: planReviewSchema });

/** Field errors keyed as the form knows them (the schema's fields sit under `prefix` here). */
function failure(result: Extract<ActionResult, { ok: false }>, prefix: string): PlanFailure {
  if (!result.fieldErrors) return result;
  const fieldErrors: Record<string, string> = {};
  for (const [key, message] of Object.entries(result.fieldErrors)) fieldErrors[key.startsWith(`${prefix}.`) ? key.slice(prefix.length + 1) : key === prefix ? '_form' : key] = message;
  return { ...result, fieldErrors };
}

/** Runs `work`, turning a stale version into `conflict` instead of an error. */
async function orConflict(work: () => Promise<void>, out: { conflict?: PlanConflict }): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof PlanConflictError) out.conflict = { message: error.message, currentVersion: error.currentVersion };
    else throw error;
  }
}

function revalidateClient(clientId: string) {
  // The record (active plan), the plan list, the editor, history and review.
  revalidatePath(`/therapist/clients/${clientId}`, 'layout');
  revalidatePath('/therapist');
}

export async function createPlanAction(input: CreatePlanInput): Promise<PlanSaveResult> {
  const out: { created?: { id: string; version: number; plan: PlanDto } } = {};
  const result = await actorAction(createInput, async ({ clientId, content }, actor) => {
    const { id, version } = await createPlan(actor, clientId, content);
    out.created = { id, version, plan: await getPlan(actor, id) };
  })(input);
  if (!result.ok) return failure(result, 'content');
  const { created } = out;
  if (!created) return { ok: false, formError: 'The plan could not be saved. Please try again.' };
  revalidateClient(created.plan.clientId);
  return { ok: true, planId: created.id, version: created.version, values: planToFormValues(created.plan), loadedVersion: created.plan.version };
}

export async function savePlanAction(input: SavePlanInput): Promise<PlanSaveResult> {
  const out: { saved?: { version: number; plan: PlanDto }; conflict?: PlanConflict } = {};
  const result = await actorAction(saveInput, async ({ planId, expectedVersion, content }, actor) => {
    await orConflict(async () => {
      const { version } = await savePlan(actor, planId, content, expectedVersion);
      // Read back: new goals now have their ids, which the next save must send.
      out.saved = { version, plan: await getPlan(actor, planId) };
    }, out);
  })(input);
  if (out.conflict) return { ok: false, conflict: out.conflict };
  if (!result.ok) return failure(result, 'content');
  const { saved } = out;
  if (!saved) return { ok: false, formError: 'The plan could not be saved. Please try again.' };
  revalidateClient(saved.plan.clientId);
  return { ok: true, planId: saved.plan.id, version: saved.version, values: planToFormValues(saved.plan), loadedVersion: saved.plan.version };
}

const STATUS_DONE = { active: 'Plan activated: the client can now read it and say whether they agree with each goal.', completed: 'Plan completed.', archived: 'Plan archived.' } as const;

export async function setPlanStatusAction(input: SetPlanStatusInput): Promise<PlanStatusResult> {
  const out: { changed?: { version: number; clientId: string }; conflict?: PlanConflict } = {};
  const result = await actorAction(statusInput, async ({ planId, expectedVersion, status }, actor) => {
    await orConflict(async () => {
      const { version } = await setPlanStatus(actor, planId, status, expectedVersion);
      const plan = await getPlan(actor, planId);
      out.changed = { version, clientId: plan.clientId };
    }, out);
  })(input);
  if (out.conflict) return { ok: false, conflict: out.conflict };
  if (!result.ok) return failure(result, 'status');
  const { changed } = out;
  if (!changed) return { ok: false, formError: 'The status could not be changed. Please try again.' };
  revalidateClient(changed.clientId);
  return { ok: true, version: changed.version, message: `${STATUS_DONE[input.status]} (version ${changed.version})` };
}

export async function reviewPlanAction(input: ReviewInput): Promise<ReviewResult> {
  const out: { reviewed?: { version: number; clientId: string; clientName: string }; conflict?: PlanConflict } = {};
  const result = await actorAction(reviewInput, async ({ planId, expectedVersion, review }, actor) => {
    await orConflict(async () => {
      const { version } = await reviewPlan(actor, planId, review, expectedVersion);
      const plan = await getPlan(actor, planId);
      out.reviewed = { version, clientId: plan.clientId, clientName: plan.clientName };
    }, out);
  })(input);
  if (out.conflict) return { ok: false, conflict: out.conflict };
  if (!result.ok) return failure(result, 'review');
  const { reviewed } = out;
  if (!reviewed) return { ok: false, formError: 'The review could not be saved. Please try again.' };
  revalidateClient(reviewed.clientId);
  return {
    ok: true,
    version: reviewed.version,
    message: `Review saved as version ${reviewed.version}. A WAI-SR questionnaire was assigned to ${reviewed.clientName}: it is waiting in their portal now, so their Goal score checks this review.`,
  };
}
