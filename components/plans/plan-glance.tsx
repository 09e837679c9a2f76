import Link from 'next/link';
import type { CurrentPlanGlance } from '@/lib/data/plans';
import { formatDate, formatDay } from '@/lib/format';
import { agreementSummary, goalAnswerLabel, type GoalAnswer } from './glance';
import { goalStatusLabel, PlanStatusBadge } from './labels';

/*
 * The current treatment plan at a glance on a client record: its goals in the client's words and
 * where the client stands on each, with links to open the plan and to all of the client's plans.
 * Used by the therapist's record (with edit and create links) and the supervisor's read-only one.
 */

const link =
  'inline-flex min-h-11 items-center font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

const ANSWER_STYLE: Record<GoalAnswer, string> = {
  agreed: 'border-green-300 bg-green-50 text-green-950',
  not_agreed: 'border-amber-400 bg-amber-50 text-amber-950',
  unanswered: 'border-dashed border-slate-300 bg-white text-slate-700',
};
const ANSWER_MARK: Record<GoalAnswer, string> = { agreed: '✓', not_agreed: '!', unanswered: '?' };

export function PlanGlance({
  glance,
  plansHref,
  planHref,
  canEdit,
  timeZone,
}: {
  glance: CurrentPlanGlance;
  /** The client's list of plans (the therapist's; the supervisor's record lists them beside this). */
  plansHref?: string;
  /** A plan's own page. */
  planHref: (planId: string) => string;
  /** The treating therapist: the plan can be edited, and one created when there is none. */
  canEdit: boolean;
  timeZone: string;
}) {
  const plan = glance.plan;
  return (
    <div className="flex flex-col gap-3 text-sm">
      {plan ? (
        <>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <p className="font-semibold text-slate-900">{plan.title}</p>
            <PlanStatusBadge status={plan.status} />
            <span className="text-slate-600">Version {plan.version}</span>
          </div>
          <p className="text-slate-700">
            {plan.nextReviewDate ? <>Next review {formatDay(plan.nextReviewDate)}. </> : null}
            <span data-testid="plan-agreement-summary">
              {agreementSummary(
                plan.goals.map((g) => g.agreement),
                plan.status,
              )}
            </span>
          </p>
          {plan.goals.length > 0 ? (
            <ul aria-label="Goals and the client’s agreement" className="flex flex-col gap-2">
              {plan.goals.map((goal) => (
                <li key={goal.id} className={`rounded-md border px-3 py-2 ${ANSWER_STYLE[goal.agreement]}`}>
                  <p className="font-medium break-words text-slate-900">“{goal.clientWords}”</p>
                  <p className="mt-0.5 flex flex-wrap gap-x-2">
                    <span>
                      <span aria-hidden="true" className="font-bold">
                        {ANSWER_MARK[goal.agreement]}{' '}
                      </span>
                      <span className="font-semibold">{goalAnswerLabel(goal.agreement, plan.status)}</span>
                      {goal.answeredAt ? <span> ({formatDate(goal.answeredAt, timeZone)})</span> : null}
                    </span>
                    <span className="text-slate-600">· {goalStatusLabel(goal.status)}</span>
                  </p>
                  {goal.agreement === 'not_agreed' && goal.comment ? <p className="mt-1 whitespace-pre-wrap">“{goal.comment}”</p> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="text-slate-700">{glance.planCount === 0 ? 'No treatment plan yet.' : 'No active or draft plan; earlier plans are in the list.'}</p>
      )}
      <p className="flex flex-wrap gap-x-4">
        {plan ? (
          <Link href={planHref(plan.id)} className={link}>
            {canEdit && plan.status !== 'completed' && plan.status !== 'archived' ? 'Open and edit the plan' : 'Open the plan'}
          </Link>
        ) : canEdit && plansHref ? (
          <Link href={`${plansHref}/new`} className={link}>
            Create a plan with the client
          </Link>
        ) : null}
        {plansHref && (glance.planCount > 0 || canEdit) ? (
          <Link href={plansHref} className={link}>
            Treatment plans
          </Link>
        ) : null}
      </p>
    </div>
  );
}
