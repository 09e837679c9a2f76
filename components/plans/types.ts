import type { z } from 'zod';
import type { planReviewSchema } from '@/lib/validation/plans';
import type { PlanFormValues } from './form-values';
import type { PlanStatus } from './labels';

/*
 * What the plan actions answer. Besides the usual form and field errors, a save over a newer
 * version answers `conflict`, so the editor can say so prominently and keep every edit.
 */
export type PlanConflict = { message: string; currentVersion: number };
export type PlanFailure = { ok: false; conflict?: PlanConflict; formError?: string; fieldErrors?: Record<string, string> };

export type CreatePlanInput = { clientId: string; content: PlanFormValues };
export type SavePlanInput = { planId: string; expectedVersion: number; content: PlanFormValues };
export type PlanSaveResult =
  | {
      ok: true;
      planId: string;
      /** The version this save made. */
      version: number;
      /** The saved plan as form values (new goals now carry their ids), at `loadedVersion`. */
      values: PlanFormValues;
      loadedVersion: number;
    }
  | PlanFailure;

export type StatusChange = Exclude<PlanStatus, 'draft'>;
export type SetPlanStatusInput = { planId: string; expectedVersion: number; status: StatusChange };
export type PlanStatusResult = { ok: true; version: number; message: string } | PlanFailure;

export type PlanReviewValues = z.input<typeof planReviewSchema>;
export type ReviewInput = {
  planId: string;
  expectedVersion: number;
  review: PlanReviewValues;
};
export type ReviewResult = { ok: true; version: number; message: string } | PlanFailure;

/** The client's answer on one goal, as the portal form's action state. */
export type AgreementFormState = {
  ok: boolean;
  /** Counts submissions, so the comment field is re-rendered with what was sent (React resets forms after an action). */
  seq: number;
  message?: string;
  formError?: string;
  commentError?: string;
  comment: string;
} | null;

/** A client's latest answer on a goal (lib/data's GoalAgreementState, without the null). */
export type AgreementView = { agrees: boolean; comment: string | null; planVersion: number; at: Date };
