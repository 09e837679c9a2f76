import Link from 'next/link';

const link = 'inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium focus-visible:outline-3 focus-visible:outline-teal-600';

/** Breadcrumb back to the client and the plan's own tabs: the plan, its history, its review. */
export function PlanNav({
  clientId,
  clientName,
  planId,
  current,
  canReview,
}: {
  clientId: string;
  clientName: string;
  planId?: string;
  current: 'list' | 'plan' | 'history' | 'review' | 'new';
  canReview?: boolean;
}) {
  const base = `/therapist/clients/${clientId}`;
  const tabs = planId
    ? [
        { key: 'plan', href: `${base}/plans/${planId}`, label: 'Plan' },
        { key: 'history', href: `${base}/plans/${planId}/history`, label: 'History' },
        ...(canReview || current === 'review' ? [{ key: 'review', href: `${base}/plans/${planId}/review`, label: 'Review' }] : []),
      ]
    : [];
  return (
    <div className="mb-4 flex flex-col gap-2 print:hidden">
      <p className="flex flex-wrap items-center gap-x-2 text-sm">
        <Link href={base} className="inline-flex min-h-11 items-center text-teal-800 underline-offset-2 hover:underline">
          ← {clientName}
        </Link>
        {current !== 'list' ? (
          <>
            <span aria-hidden="true" className="text-slate-400">
              /
            </span>
            <Link href={`${base}/plans`} className="inline-flex min-h-11 items-center text-teal-800 underline-offset-2 hover:underline">
              Treatment plans
            </Link>
          </>
        ) : null}
      </p>
      {tabs.length ? (
        <nav aria-label="Plan" className="flex flex-wrap gap-1 border-b border-slate-200">
          {tabs.map((tab) => (
            <Link
              key={tab.key}
              href={tab.href}
              aria-current={tab.key === current ? 'page' : undefined}
              className={`${link} rounded-b-none border-b-2 ${tab.key === current ? 'border-teal-700 text-teal-900' : 'border-transparent text-slate-700 hover:bg-slate-100'}`}
            >
              {tab.label}
            </Link>
          ))}
        </nav>
      ) : null}
    </div>
  );
}
