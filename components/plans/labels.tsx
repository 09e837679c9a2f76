import { GOAL_STATUS_LABEL, GOAL_STATUSES } from '@/lib/validation/plans';

/** Words and styles for plan and goal statuses, shared by the editor, the views and the history. */
export type PlanStatus = 'draft' | 'active' | 'completed' | 'archived';
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const PLAN_STATUS_LABEL: Record<PlanStatus, string> = { draft: 'Draft', active: 'Active', completed: 'Completed', archived: 'Archived' };
export const PLAN_STATUS_STYLE: Record<PlanStatus, string> = {
  draft: 'bg-amber-100 text-amber-950',
  active: 'bg-green-100 text-green-950',
  completed: 'bg-sky-100 text-sky-950',
  archived: 'bg-slate-200 text-slate-900',
};

export function isPlanStatus(value: string): value is PlanStatus {
  return value in PLAN_STATUS_LABEL;
}

export function isGoalStatus(value: string): value is GoalStatus {
  return (GOAL_STATUSES as readonly string[]).includes(value);
}

export function planStatusLabel(value: string): string {
  return isPlanStatus(value) ? PLAN_STATUS_LABEL[value] : value;
}

export function goalStatusLabel(value: string): string {
  return isGoalStatus(value) ? GOAL_STATUS_LABEL[value] : value;
}

export function PlanStatusBadge({ status }: { status: string }) {
  const style = isPlanStatus(status) ? PLAN_STATUS_STYLE[status] : 'bg-slate-100 text-slate-800';
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold print:border print:border-slate-400 ${style}`}>{planStatusLabel(status)}</span>
  );
}
