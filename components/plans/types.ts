import type { ActionFailure, VersionConflict } from '@/lib/action';
import type { z } from 'zod';
import type { planReviewSchema } from '@/lib/validation/plans';
import type { PlanFormValues } from './form-values';
import type { PlanStatus } from './labels';

/** A save over a newer version (lib/action's conflict failure), shown prominently while the form keeps every edit. */
export type PlanConflict = VersionConflict;
export type PlanFailure = ActionFailure;

export type CreatePlanInput = { clientId: string; content: PlanFormValues };
export type SavePlanInput = { planId: string; expectedVersion: number; content: PlanFormValues };

export type StatusChange = Exclude<PlanStatus, 'draft'>;
export type SetPlanStatusInput = { planId: string; expectedVersion: number; status: StatusChange };

export type PlanReviewValues = z.input<typeof planReviewSchema>;
export type ReviewInput = {
  planId: string;
  expectedVersion: number;
  review: PlanReviewValues;
};

/** A client's latest answer on a goal (lib/data's GoalAgreementState, without the null). */
export type AgreementView = { agrees: boolean; comment: string | null; planVersion: number; at: Date };
