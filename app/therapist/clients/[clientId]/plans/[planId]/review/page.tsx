import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { addDaysIso } from '@/components/plans/form-values';
import { goalStatusLabel, isGoalStatus, PLAN_STATUS_LABEL, isPlanStatus } from '@/components/plans/labels';
import { PlanNav } from '@/components/plans/plan-nav';
import { PlanReviewForm, type ReviewGoal } from '@/components/plans/plan-review-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getPlan } from '@/lib/data/plans';
import { formatDay } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { reviewPlanAction } from '../../actions';

export const metadata: Metadata = { title: 'Plan review' };

export default async function PlanReviewPage({ params }: { params: Promise<{ clientId: string; planId: string }> }) {
  const { clientId: id, planId } = await params;
  const actor = await requireAreaActor('therapist');
  const [plan, timeZone] = await orHttpError(Promise.all([getPlan(actor, planId), getClinicTimeZone(actor)]));
  if (plan.clientId !== id || !isPlanStatus(plan.status)) notFound();
  const base = `/therapist/clients/${plan.clientId}/plans/${plan.id}`;
  const goals = plan.problems.flatMap((p) => p.goals);
  const reviewable = plan.canEdit && plan.status === 'active';
  const today = new Date().toISOString().slice(0, 10);
  const reviewGoals: ReviewGoal[] = goals.map((g) => ({
    id: g.id,
    clientWords: g.clientWords,
    targetDate: g.targetDate,
    objectives: g.objectives.map(
      (o) => `${o.description}${o.target ? ` (target: ${o.target})` : ''}: ${goalStatusLabel(o.status).toLowerCase()}, ${o.progress}%`,
    ),
    agreement: plan.agreement[g.id] ?? null,
  }));

  return (
    <>
      <PlanNav clientId={plan.clientId} clientName={plan.clientName} planId={plan.id} current="review" canReview={reviewable} />
      <PageHeader title={`Review · ${plan.title}`} />
      <div className="flex max-w-4xl flex-col gap-4">
        <p className="text-sm text-slate-700">
          Version {plan.version} · review due {formatDay(plan.nextReviewDate)}
          {plan.nextReviewDate && plan.nextReviewDate < today ? (
            <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-950">Overdue</span>
          ) : null}
        </p>
        {reviewable ? (
          <PlanReviewForm
            planId={plan.id}
            version={plan.version}
            goals={reviewGoals}
            clientName={plan.clientName}
            planHref={base}
            defaults={{
              nextReviewDate: addDaysIso(today, 42),
              goals: goals.map((g) => ({ goalId: g.id, status: isGoalStatus(g.status) ? g.status : 'in_progress', progressNote: '' })),
            }}
            reviewAction={reviewPlanAction}
            timeZone={timeZone}
          />
        ) : (
          <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
            Only an active plan can be reviewed; this one is {PLAN_STATUS_LABEL[plan.status].toLowerCase()}.{' '}
            <Link href={base} className="text-teal-800 underline underline-offset-2">
              Back to the plan
            </Link>
          </p>
        )}
      </div>
    </>
  );
}
