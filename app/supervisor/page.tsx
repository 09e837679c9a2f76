import type { Metadata } from 'next';
import { AlertInbox } from '@/components/alerts/alert-inbox';
import { attentionSummary } from '@/components/supervision/attention';
import { AttentionSummary } from '@/components/supervision/attention-summary';
import { COMPLETION_DEFINITIONS, CompletionTable, trendSentence } from '@/components/completion/completion-table';
import { ComparisonTable } from '@/components/supervision/comparison-table';
import { DateRangeForm } from '@/components/supervision/date-range-form';
import { EstimateChart } from '@/components/supervision/estimate-chart';
import { describeMethod, describeReason, plural, rangeDays } from '@/components/supervision/format';
import { PageHeader } from '@/components/ui/page-header';
import { Notice } from '@/components/ui/notice';
import { requireAreaActor } from '@/lib/auth/session';
import { listAlertInbox } from '@/lib/data/alerts';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getSupervisorComparison } from '@/lib/data/supervisor';
import { formatDay } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { SWAPPED_DATES_NOTICE, wasSwapped } from '@/lib/validation/fields';
import { dateRangeSchema } from '@/lib/validation/supervision';

export const metadata: Metadata = { title: 'Therapists' };

type SearchParams = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A sentence when the URL's range was not used as given (unreadable, or from after to). */
function rangeNotice(raw: { from?: string; to?: string }, range: { from: string; to: string }): string | null {
  const unreadable = [raw.from, raw.to].some((v) => v !== undefined && v !== range.from && v !== range.to);
  if (unreadable) return 'Part of that date range could not be read (use dates like 2026-03-31), so the default was used for it.';
  if (wasSwapped(raw, range)) return SWAPPED_DATES_NOTICE;
  return null;
}

const linkButton =
  'inline-flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600';

export default async function SupervisorHome({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireAreaActor('supervisor');
  const params = await searchParams;
  const raw = { from: one(params.from), to: one(params.to) };
  const range = dateRangeSchema.parse(raw);
  // Every read before anything renders, so a refusal keeps its 403/404 status.
  const [comparison, escalated, timeZone] = await orHttpError(
    Promise.all([getSupervisorComparison(actor, range), listAlertInbox(actor), getClinicTimeZone(actor)]),
  );
  const { rows, clinic, completion } = comparison;
  const pooled = clinic.method === 'empirical-bayes' || clinic.method.startsWith('clinic-prior');
  const today = new Date().toISOString().slice(0, 10);
  const notice = rangeNotice(raw, range);
  const reason = describeReason(clinic.reason);
  const query = new URLSearchParams({ from: range.from, to: range.to }).toString();

  return (
    <>
      <PageHeader title="Therapists I supervise" />
      <section aria-labelledby="escalated-heading" className="mb-8">
        <h2 id="escalated-heading" className="mb-1 text-lg font-semibold">
          Escalated alerts{escalated.total > 0 ? ` (${escalated.total})` : ''}
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Urgent alerts that the treating therapist has not acknowledged in time. Read-only: the therapist acknowledges them.
        </p>
        <AlertInbox alerts={escalated.alerts} total={escalated.total} label="Escalated alerts" emptyText="No escalated alerts." timeZone={timeZone} />
      </section>

      <section aria-labelledby="comparison-heading" className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h2 id="comparison-heading" className="text-lg font-semibold">
            Alliance quality by therapist
          </h2>
          <p className="text-sm text-slate-600">
            Who needs attention and why first, then the picture and the full numbers. Measures count for the therapist who treated the client at the time.
          </p>
        </div>

        <div className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 lg:flex-row lg:items-end lg:justify-between">
          <DateRangeForm action="/supervisor" from={range.from} to={range.to} today={today} />
          <a href={`/supervisor/export?${query}`} download className={`${linkButton} self-start lg:self-end`}>
            Download table (CSV)
          </a>
        </div>
        {notice ? <Notice tone="info">{notice}</Notice> : null}
        <p className="text-sm text-slate-800" data-testid="range-summary">
          Showing <strong>{formatDay(range.from)}</strong> to <strong>{formatDay(range.to)}</strong> ({plural(rangeDays(range), 'day', 'days')}),{' '}
          {plural(rows.length, 'therapist', 'therapists')}.
        </p>

        {rows.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-slate-700">You do not supervise any therapists yet.</p>
        ) : (
          <>
            <AttentionSummary summary={attentionSummary(rows, clinic.lowAlliance)} />
            <EstimateChart
              points={rows.map((r) => ({ therapistId: r.therapistId, name: r.name, ...r.alliance.overall }))}
              grandMean={clinic.grandMean}
              lowAlliance={clinic.lowAlliance}
              interval={clinic.interval}
              pooled={pooled}
            />
            <ComparisonTable rows={rows} interval={clinic.interval} lowAlliance={clinic.lowAlliance} pooled={pooled} />
          </>
        )}

        {/* The statistics behind the estimates, for whoever wants them; the summary above needs none of it. */}
        <details id="method" className="rounded-md border-l-4 border-teal-700 bg-teal-50 px-4 py-1 text-sm text-slate-900">
          <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-teal-900 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
            How the alliance estimates are worked out
          </summary>
          <div className="pb-3">
            <p data-testid="method-sentence">{describeMethod(clinic)}</p>
            {reason ? <p className="mt-1 text-slate-700">{reason}</p> : null}
          </div>
        </details>
      </section>

      {completion.rows.length > 0 ? (
        <section aria-labelledby="completion-heading" className="mt-8 flex flex-col gap-3">
          <div className="flex flex-col gap-1">
            <h2 id="completion-heading" className="text-lg font-semibold">
              Form completion by therapist
            </h2>
            <p className="text-sm text-slate-600">{COMPLETION_DEFINITIONS} Same date range as above.</p>
          </div>
          <CompletionTable
            caption="Form completion by therapist"
            rowLabel="Therapist"
            rows={[
              ...completion.rows.map((r) => ({ key: r.therapistId, label: r.name, counts: r.counts })),
              { key: 'total', label: 'All supervised therapists', counts: completion.total, total: true },
            ]}
          />
          <p className="text-sm text-slate-800" data-testid="completion-trend">
            {trendSentence(completion.trend, timeZone)}
          </p>
        </section>
      ) : null}
    </>
  );
}
