import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { describeChanges, isPlanSnapshot, reviewOf, type ChangeGroup, type SnapshotReview } from '@/components/plans/describe-changes';
import { goalStatusLabel } from '@/components/plans/labels';
import { PlanNav } from '@/components/plans/plan-nav';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getPlan, getPlanRevision, listPlanRevisions } from '@/lib/data/plans';
import { formatDate, formatDateTime } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { diffPlans, type PlanSnapshot } from '@/lib/plans/diff';

export const metadata: Metadata = { title: 'Plan history' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const th = 'px-2 py-2 text-left font-semibold sm:px-3';
const td = 'px-2 py-2 align-top sm:px-3';
const select =
  'min-h-11 rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-teal-600';

function versionParam(value: string | string[] | undefined, versions: number[]): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return versions.includes(n) ? n : null;
}

type Comparison = { from: number; to: number } & (
  { kind: 'ok'; groups: ChangeGroup[]; review: SnapshotReview | null; later: PlanSnapshot } | { kind: 'same' } | { kind: 'unreadable'; version: number }
);

export default async function PlanHistoryPage({ params, searchParams }: { params: Promise<{ clientId: string; planId: string }>; searchParams: SearchParams }) {
  const [{ clientId: id, planId }, query] = await Promise.all([params, searchParams]);
  const actor = await requireAreaActor('therapist');
  const [plan, timeZone] = await orHttpError(Promise.all([getPlan(actor, planId), getClinicTimeZone(actor)]));
  if (plan.clientId !== id) notFound();
  const revisions = await orHttpError(listPlanRevisions(actor, plan.id));
  const versions = revisions.map((r) => r.version);
  const latest = versions[0] ?? plan.version;

  // Defaults: what the latest save changed.
  const to = versionParam(query.to, versions) ?? latest;
  const from = versionParam(query.from, versions) ?? (versions.includes(to - 1) ? to - 1 : null);

  let comparison: Comparison | null = null;
  if (from !== null) {
    if (from === to) comparison = { kind: 'same', from, to };
    else {
      const [before, after] = await orHttpError(Promise.all([getPlanRevision(actor, plan.id, from), getPlanRevision(actor, plan.id, to)]));
      if (!isPlanSnapshot(before)) comparison = { kind: 'unreadable', version: from, from, to };
      else if (!isPlanSnapshot(after)) comparison = { kind: 'unreadable', version: to, from, to };
      else comparison = { kind: 'ok', from, to, groups: describeChanges(diffPlans(before, after), before, after), review: reviewOf(after), later: after };
    }
  }
  const base = `/therapist/clients/${plan.clientId}/plans/${plan.id}`;

  return (
    <>
      <PlanNav clientId={plan.clientId} clientName={plan.clientName} planId={plan.id} current="history" canReview={plan.canEdit && plan.status === 'active'} />
      <PageHeader title={`History · ${plan.title}`} />
      <div className="flex max-w-4xl flex-col gap-6">
        <section aria-labelledby="compare-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
          <h2 id="compare-heading" className="text-lg font-semibold">
            Compare two versions
          </h2>
          {versions.length < 2 ? (
            <p className="text-sm text-slate-700">There is only one version so far. Each save, activation and review adds one.</p>
          ) : (
            <form method="get" className="flex flex-wrap items-end gap-3">
              <label className="flex flex-col gap-1 text-sm font-medium">
                From version
                <select name="from" defaultValue={from ?? undefined} className={select}>
                  {[...versions].reverse().map((v) => (
                    <option key={v} value={v}>
                      Version {v}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col gap-1 text-sm font-medium">
                To version
                <select name="to" defaultValue={to} className={select}>
                  {[...versions].reverse().map((v) => (
                    <option key={v} value={v}>
                      Version {v}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="submit"
                className="inline-flex min-h-11 items-center justify-center rounded-md bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
              >
                Show changes
              </button>
            </form>
          )}
          {comparison ? <ComparisonView comparison={comparison} timeZone={timeZone} /> : null}
        </section>

        <section aria-labelledby="versions-heading" className="flex flex-col gap-3">
          <h2 id="versions-heading" className="text-lg font-semibold">
            Versions
          </h2>
          {/* No sideways scrolling, even on a phone: the four columns wrap (dates and links break between words). */}
          <div className="rounded-md border border-slate-200 bg-white">
            <table className="w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Versions of this plan, newest first</caption>
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className={`${th} text-right`}>
                    Version
                  </th>
                  <th scope="col" className={th}>
                    Saved
                  </th>
                  <th scope="col" className={th}>
                    By
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Changes</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {revisions.map((r) => (
                  <tr
                    key={r.version}
                    aria-current={comparison && r.version === comparison.to ? 'true' : undefined}
                    className={comparison && (r.version === comparison.to || r.version === comparison.from) ? 'bg-teal-50' : undefined}
                  >
                    <td className={`${td} text-right tabular-nums`}>
                      {r.version}
                      {r.version === latest ? <span className="sr-only"> (current)</span> : null}
                    </td>
                    <td className={td}>
                      {formatDateTime(r.createdAt, timeZone)}
                      {r.version === latest ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold">Current</span> : null}
                    </td>
                    <td className={td}>{r.author ?? '—'}</td>
                    <td className={td}>
                      {versions.includes(r.version - 1) ? (
                        <Link href={`${base}/history?from=${r.version - 1}&to=${r.version}`} className="text-teal-800 underline underline-offset-2">
                          What changed<span className="sr-only"> in version {r.version}</span>
                        </Link>
                      ) : (
                        <span className="text-slate-600">First version</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}

function ComparisonView({ comparison, timeZone }: { comparison: Comparison; timeZone: string }) {
  const title = `From version ${comparison.from} to version ${comparison.to}`;
  return (
    <div aria-labelledby="changes-heading" role="region" className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <h3 id="changes-heading" className="font-semibold">
        {title}
      </h3>
      {comparison.kind === 'same' ? <p className="text-sm text-slate-700">Choose two different versions to see what changed between them.</p> : null}
      {comparison.kind === 'unreadable' ? (
        <p className="text-sm text-slate-700">Version {comparison.version} was stored in an older format and cannot be compared. Choose other versions.</p>
      ) : null}
      {comparison.kind === 'ok' ? (
        <>
          {comparison.groups.length === 0 ? <p className="text-sm text-slate-700">Nothing in the plan changed between these versions.</p> : null}
          {comparison.groups.map((group) => (
            <div key={group.key}>
              <h4 className="text-sm font-semibold text-slate-700">{group.heading}</h4>
              <ul className="mt-1 list-disc pl-5 text-sm">
                {group.items.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ul>
            </div>
          ))}
          {comparison.review ? <ReviewSummary review={comparison.review} later={comparison.later} version={comparison.to} timeZone={timeZone} /> : null}
        </>
      ) : null}
    </div>
  );
}

function ReviewSummary({ review, later, version, timeZone }: { review: SnapshotReview; later: PlanSnapshot; version: number; timeZone: string }) {
  const words = new Map(later.problems.flatMap((p) => p.goals.map((g) => [g.id, g.clientWords] as const)));
  return (
    <div className="rounded-md bg-slate-50 p-3">
      <h4 className="text-sm font-semibold text-slate-700">
        Version {version} is a review ({formatDate(review.reviewedAt, timeZone)})
      </h4>
      <ul className="mt-1 flex flex-col gap-1 text-sm">
        {review.goals.map((g) => (
          <li key={g.goalId}>
            “{words.get(g.goalId) ?? 'A goal no longer in the plan'}”: {goalStatusLabel(g.status)}
            {g.progressNote ? <> — {g.progressNote}</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
