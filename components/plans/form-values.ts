import type { PlanSnapshot } from '@/lib/plans/diff';
import type { PlanContentInput } from '@/lib/validation/plans';
import { isGoalStatus, type GoalStatus } from './labels';

/*
 * The editor's form values are the shared schema's input (planContentSchema): strings as typed,
 * empty strings for empty optional fields, goal ids carried in a hidden field so they stay stable.
 */
export type PlanFormValues = PlanContentInput;
export type GoalFormValues = PlanFormValues['problems'][number]['goals'][number];
export type ObjectiveFormValues = GoalFormValues['objectives'][number];
export type InterventionFormValues = GoalFormValues['interventions'][number];
export type ProblemFormValues = PlanFormValues['problems'][number];

const goalStatus = (value: string): GoalStatus => (isGoalStatus(value) ? value : 'not_started');

export const emptyObjective = (): ObjectiveFormValues => ({ description: '', target: '', status: 'not_started', progress: '0' });
export const emptyIntervention = (): InterventionFormValues => ({ modality: '', frequency: '', provider: '' });
export const emptyGoal = (): GoalFormValues => ({ id: '', clientWords: '', targetDate: '', status: 'not_started', objectives: [], interventions: [] });
export const emptyProblem = (): ProblemFormValues => ({ description: '', goals: [emptyGoal()] });

/** A calendar date `days` after `from` (YYYY-MM-DD, UTC arithmetic on calendar dates). */
export function addDaysIso(from: string, days: number): string {
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A new plan: starts today, first review in six weeks, one problem with one goal to fill in. */
export function newPlanValues(today: string): PlanFormValues {
  return {
    title: '',
    presentingProblem: '',
    diagnosis: '',
    icd10Code: '',
    startDate: today,
    nextReviewDate: addDaysIso(today, 42),
    problems: [emptyProblem()],
  };
}

/** A saved plan (or any snapshot) as form values. */
export function planToFormValues(plan: PlanSnapshot): PlanFormValues {
  return {
    title: plan.title,
    presentingProblem: plan.presentingProblem,
    diagnosis: plan.diagnosis ?? '',
    icd10Code: plan.icd10Code ?? '',
    startDate: plan.startDate ?? '',
    nextReviewDate: plan.nextReviewDate ?? '',
    problems: plan.problems.map((problem) => ({
      description: problem.description,
      goals: problem.goals.map((goal) => ({
        id: goal.id,
        clientWords: goal.clientWords,
        targetDate: goal.targetDate ?? '',
        status: goalStatus(goal.status),
        objectives: goal.objectives.map((o) => ({
          description: o.description,
          target: o.target ?? '',
          status: goalStatus(o.status),
          progress: String(o.progress),
        })),
        interventions: goal.interventions.map((i) => ({ modality: i.modality, frequency: i.frequency ?? '', provider: i.provider ?? '' })),
      })),
    })),
  };
}
