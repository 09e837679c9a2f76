'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction, type ActionResult } from '@/lib/action';
import { createPlan, getPlan, reviewPlan, savePlan, setPlanStatus } from '@/lib/data/plans';
import { planContentSchema, planReviewSchema } from '@/lib/validation/plans';
import { planToFormValues } from '@/components/plans/form-values';
import type { PlanFormValues } from '@/components/plans/form-values';

/*
 * Thin actions over lib/data/plans, all through actorAction (the form's own schema, the actor, the
 * data layer's refusals as failures). lib/data decides access: another therapist's plan or client
 * is NotFound. A stale `expectedVersion` (PlanConflictError) answers `conflict`, so the editor can
 * say so prominently and keep its edits.
 */

/** What the plan editor gets back from a create or save: the saved plan as form values, at `loadedVersion`. */
export type PlanSaveResult = ActionResult<{ planId: string; version: number; values: PlanFormValues; loadedVersion: number }>;
export type PlanStatusResult = ActionResult<{ version: number; message: string }>;
export type ReviewResult = PlanStatusResult;

const createInput = z.object({ clientId: z.string(), content: planContentSchema });
const saveInput = z.object({ planId: z.string(), expectedVersion: z.number().int().min(1), content: planContentSchema });
const statusInput = z.object({ planId: z.string(), expectedVersion: z.number().int().min(1), status: z.enum(['active', 'completed', 'archived']) });
const reviewInput = z.object({ planId: z.string(), expectedVersion: z.number().int().min(1), review: planReviewSchema });

function revalidateClient(clientId: string) {
  // The record (active plan), the plan list, the editor, history and review.
  revalidatePath(`/therapist/clients/${clientId}`, 'layout');
  revalidatePath('/therapist');
}

export const createPlanAction = actorAction(
  createInput,
  async ({ clientId, content }, actor) => {
    const { id, version } = await createPlan(actor, clientId, content);
    const plan = await getPlan(actor, id);
    revalidateClient(plan.clientId);
    return { planId: id, version, values: planToFormValues(plan), loadedVersion: plan.version };
  },
  { fieldsUnder: 'content' },
);

export const savePlanAction = actorAction(
  saveInput,
  async ({ planId, expectedVersion, content }, actor) => {
    const { version } = await savePlan(actor, planId, content, expectedVersion);
    // Read back: new goals now have their ids, which the next save must send.
    const plan = await getPlan(actor, planId);
    revalidateClient(plan.clientId);
    return { planId: plan.id, version, values: planToFormValues(plan), loadedVersion: plan.version };
  },
  { fieldsUnder: 'content' },
);

const STATUS_DONE = {
  active: 'Plan activated: the client can now read it and say whether they agree with each goal.',
  completed: 'Plan completed.',
  archived: 'Plan archived.',
} as const;

export const setPlanStatusAction = actorAction(
  statusInput,
  async ({ planId, expectedVersion, status }, actor) => {
    const { version } = await setPlanStatus(actor, planId, status, expectedVersion);
    revalidateClient((await getPlan(actor, planId)).clientId);
    return { version, message: `${STATUS_DONE[status]} (version ${version})` };
  },
  { fieldsUnder: 'status' },
);

export const reviewPlanAction = actorAction(
  reviewInput,
  async ({ planId, expectedVersion, review }, actor) => {
    const { version } = await reviewPlan(actor, planId, review, expectedVersion);
    const plan = await getPlan(actor, planId);
    revalidateClient(plan.clientId);
    return {
      version,
      message: `Review saved as version ${version}. A WAI-SR questionnaire was assigned to ${plan.clientName}: it is waiting in their portal now, so their Goal score checks this review.`,
    };
  },
  { fieldsUnder: 'review' },
);
