import type { Metadata } from 'next';
import Link from 'next/link';
import { PlanStatusBadge } from '@/components/plans/labels';
import { PlanNav } from '@/components/plans/plan-nav';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getClientProfile } from '@/lib/data/clients';
import { listClientPlans } from '@/lib/data/plans';
import { formatDateTime, formatDay } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Treatment plans' };

const th = 'px-3 py-2 text-left font-semibold whitespace-nowrap';
const td = 'px-3 py-2 align-top';
const buttonLink =
  'inline-flex min-h-11 items-center justify-center rounded-md bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600';

export default async function ClientPlansPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId: id } = await params;
  const actor = await requireAreaActor('therapist');
  // 404 for a client outside the caseload, before anything streams.
  const client = await orHttpError(getClientProfile(actor, id));
  const [plans, timeZone] = await orHttpError(Promise.all([listClientPlans(actor, client.id), getClinicTimeZone(actor)]));
  const today = new Date().toISOString().slice(0, 10);
  const base = `/therapist/clients/${client.id}/plans`;
  return (
    <>
      <PlanNav clientId={client.id} clientName={client.name} current="list" />
      <PageHeader title={`Treatment plans · ${client.name}`}>
        {client.canEdit ? (
          <Link href={`${base}/new`} className={buttonLink}>
            New plan
          </Link>
        ) : null}
      </PageHeader>
      {plans.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
          No treatment plans yet. Start one with <strong>New plan</strong>: it stays a draft, unseen by the client, until you activate it.
        </p>
      ) : (
        <ScrollRegion className="rounded-md border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Treatment plans, most recently updated first</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className={th}>
                  Plan
                </th>
                <th scope="col" className={th}>
                  Status
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Version
                </th>
                <th scope="col" className={th}>
                  Next review
                </th>
                <th scope="col" className={th}>
                  Updated
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {plans.map((plan) => {
                const overdue = plan.status === 'active' && plan.nextReviewDate !== null && plan.nextReviewDate < today;
                return (
                  <tr key={plan.id}>
                    <td className={`${td} min-w-48`}>
                      <Link href={`${base}/${plan.id}`} className="font-medium text-teal-800 underline-offset-2 hover:underline">
                        {plan.title}
                      </Link>
                    </td>
                    <td className={td}>
                      <PlanStatusBadge status={plan.status} />
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{plan.version}</td>
                    <td className={`${td} whitespace-nowrap`}>
                      {formatDay(plan.nextReviewDate)}
                      {overdue ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-950">Review due</span> : null}
                    </td>
                    <td className={`${td} whitespace-nowrap`}>{formatDateTime(plan.updatedAt, timeZone)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p className="mt-4 text-sm text-slate-600">
        A client has at most one active plan: activating a draft archives the plan that was active. Every save is kept as a version.
      </p>
    </>
  );
}
