import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { planToFormValues } from '@/components/plans/form-values';
import { isPlanStatus, PLAN_STATUS_LABEL } from '@/components/plans/labels';
import { PlanEditor } from '@/components/plans/plan-editor';
import { PlanNav } from '@/components/plans/plan-nav';
import { PlanView } from '@/components/plans/plan-view';
import { PrintButton } from '@/components/plans/print-button';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getPlan, listClientPlans } from '@/lib/data/plans';
import { orHttpError } from '@/lib/http';
import { createPlanAction, savePlanAction, setPlanStatusAction } from '../actions';
import '../plan-print.css';

export const metadata: Metadata = { title: 'Treatment plan' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PlanPage({ params, searchParams }: { params: Promise<{ clientId: string; planId: string }>; searchParams: SearchParams }) {
  const [{ clientId: id, planId }, query] = await Promise.all([params, searchParams]);
  const actor = await requireAreaActor('therapist');
  // Another therapist's plan, or no such plan: 404 from lib/data, before anything streams.
  const [plan, timeZone] = await orHttpError(Promise.all([getPlan(actor, planId), getClinicTimeZone(actor)]));
  if (plan.clientId !== id || !isPlanStatus(plan.status)) notFound();
  const status = plan.status;
  // Activating a draft archives the client's active plan: the confirmation names it.
  const otherActive =
    plan.canEdit && status === 'draft'
      ? ((await orHttpError(listClientPlans(actor, plan.clientId))).find((p) => p.status === 'active' && p.id !== plan.id)?.title ?? null)
      : null;
  const base = `/therapist/clients/${plan.clientId}/plans/${plan.id}`;
  const done = typeof query.done === 'string' && isPlanStatus(query.done) ? query.done : null;

  return (
    <>
      <PlanNav clientId={plan.clientId} clientName={plan.clientName} planId={plan.id} current="plan" canReview={plan.canEdit && status === 'active'} />
      <div className="max-w-4xl print:hidden">
        <PageHeader title={plan.title}>
          <PrintButton label="Print plan" />
        </PageHeader>
      </div>
      {plan.canEdit ? (
        <>
          <div className="max-w-4xl">
            <PlanEditor
              clientId={plan.clientId}
              clientName={plan.clientName}
              plan={{ id: plan.id, version: plan.version, status, agreement: plan.agreement }}
              defaults={planToFormValues(plan)}
              otherActivePlanTitle={otherActive}
              initialNotice={query.created === '1' ? `Saved as version ${plan.version}.` : null}
              planHref={base}
              historyHref={`${base}/history`}
              createAction={createPlanAction}
              saveAction={savePlanAction}
              statusAction={setPlanStatusAction}
              timeZone={timeZone}
            />
          </div>
          <div className="hidden print:block" data-plan-print>
            <PlanView plan={plan} heading="h2" timeZone={timeZone} />
          </div>
        </>
      ) : (
        <div className="flex max-w-4xl flex-col gap-4" data-plan-print>
          <div className="print:hidden">
            {done ? (
              <Notice tone="success">
                Plan {PLAN_STATUS_LABEL[done].toLowerCase()} (version {plan.version}).
              </Notice>
            ) : null}
            {status === 'completed' || status === 'archived' ? (
              <p className="mt-3 text-sm text-slate-700">
                This plan is {PLAN_STATUS_LABEL[status].toLowerCase()} and can no longer be edited. Its versions stay in the history; start a new plan from the
                client’s plan list.
              </p>
            ) : (
              <p className="mt-3 text-sm text-slate-700">You can read this plan but not edit it.</p>
            )}
          </div>
          <PlanView plan={plan} heading="h2" timeZone={timeZone} />
        </div>
      )}
    </>
  );
}
