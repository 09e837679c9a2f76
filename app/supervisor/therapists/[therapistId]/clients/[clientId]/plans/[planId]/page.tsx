import type { Metadata } from 'next';
import Link from 'next/link';
import { PlanView } from '@/components/plans/plan-view';
import { linkClass } from '@/components/supervision/card';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getPlan } from '@/lib/data/plans';
import { getSupervisedTherapist } from '@/lib/data/supervisor';
import { orHttpError } from '@/lib/http';

export const metadata: Metadata = { title: 'Treatment plan (read-only)' };

/*
 * A treatment plan as the supervisor reads it: goals, objectives, interventions and the client's
 * agreement on each goal, nothing to change. lib/data reads it only under the therapist and client
 * the URL names, and only for a therapist this supervisor supervises (404 otherwise).
 */
export default async function SupervisedPlanPage({ params }: { params: Promise<{ therapistId: string; clientId: string; planId: string }> }) {
  const { therapistId: id, clientId, planId } = await params;
  const actor = await requireAreaActor('supervisor');
  const [therapist, plan, timeZone] = await orHttpError(
    Promise.all([getSupervisedTherapist(actor, id), getPlan(actor, planId, { clientId, therapistId: id }), getClinicTimeZone(actor)]),
  );
  const therapistHref = `/supervisor/therapists/${therapist.id}`;
  const clientHref = `${therapistHref}/clients/${plan.clientId}`;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <ol className="flex flex-wrap gap-x-2">
          <li>
            <Link href="/supervisor" className={linkClass}>
              Therapists
            </Link>{' '}
            <span aria-hidden="true">/</span>
          </li>
          <li>
            <Link href={therapistHref} className={linkClass}>
              {therapist.name}
            </Link>{' '}
            <span aria-hidden="true">/</span>
          </li>
          <li>
            <Link href={`${clientHref}#plans`} className={linkClass}>
              {plan.clientName}
            </Link>{' '}
            <span aria-hidden="true">/</span>
          </li>
          <li aria-current="page" className="text-slate-700">
            {plan.title}
          </li>
        </ol>
      </nav>
      <div className="flex max-w-4xl flex-col gap-4">
        <p className="rounded-md border-l-4 border-slate-400 bg-slate-50 px-4 py-2 text-sm text-slate-800" data-testid="read-only-notice">
          Read-only plan. Only the treating therapist, {therapist.name}, can change it; the client’s agreement is shown under each goal.
        </p>
        <PlanView plan={plan} heading="h1" timeZone={timeZone} />
      </div>
    </>
  );
}
