import type { Metadata } from 'next';
import Link from 'next/link';
import { AlertInbox } from '@/components/alerts/alert-inbox';
import { UnreadNotifications } from '@/components/alerts/unread-notifications';
import { CaseloadPagination } from '@/components/caseload/pagination';
import { CASELOAD_DEFAULTS, caseloadHref, clearFiltersHref, hasNoFilters, parseCaseloadQuery } from '@/components/caseload/query';
import { CaseloadTable } from '@/components/caseload/caseload-table';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { listAlertInbox, listMyNotifications } from '@/lib/data/alerts';
import { listCaseloadPage } from '@/lib/data/caseload';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { orHttpError } from '@/lib/http';
import { CaseloadFilters } from './caseload-filters';

export const metadata: Metadata = { title: 'Caseload' };

const linkClass = 'font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

export default async function TherapistHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireAreaActor('therapist');
  // The URL is the table's state: filters, sort and page are applied in SQL, so only the rows shown are fetched.
  const query = parseCaseloadQuery(await searchParams);
  // Every read before anything renders, so a refusal keeps its 403/404 status.
  const [caseload, inbox, unread, timeZone] = await orHttpError(
    Promise.all([listCaseloadPage(actor, query), listAlertInbox(actor), listMyNotifications(actor), getClinicTimeZone(actor)]),
  );
  // An empty default view: is the caseload empty, or are all its clients waitlisted or discharged?
  const anyClient =
    caseload.total > 0 || !hasNoFilters(query)
      ? true
      : (await orHttpError(listCaseloadPage(actor, { ...CASELOAD_DEFAULTS, status: 'all', size: 10 }))).total > 0;
  const pageCount = Math.max(1, Math.ceil(caseload.total / query.size));

  return (
    <>
      <PageHeader title="My caseload">
        <Link
          href="/therapist/clients/new"
          className="inline-flex min-h-11 items-center justify-center self-start rounded-md bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600 sm:self-auto"
        >
          Add client
        </Link>
      </PageHeader>
      <section aria-labelledby="inbox-heading" className="mb-8">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="inbox-heading" className="text-lg font-semibold">
            Open alerts{inbox.total > 0 ? ` (${inbox.total})` : ''}
          </h2>
          <UnreadNotifications notifications={unread} timeZone={timeZone} />
        </div>
        <AlertInbox
          alerts={inbox.alerts}
          total={inbox.total}
          more={{ href: caseloadHref({ ...CASELOAD_DEFAULTS, status: 'all', alerts: true, sort: 'alerts' }), label: 'Show every client with open alerts' }}
          label="Open alerts, urgent first"
          clientHref={(alert) => `/therapist/clients/${alert.clientId}`}
          timeZone={timeZone}
        />
      </section>
      <section aria-labelledby="clients-heading">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="clients-heading" className="text-lg font-semibold">
            Clients
          </h2>
          <p className="text-sm text-slate-600">
            {caseload.total} {caseload.total === 1 ? 'client' : 'clients'}
            {hasNoFilters(query) ? ' (active)' : caseload.total === 1 ? ' matches these filters' : ' match these filters'}
          </p>
        </div>
        {anyClient ? <CaseloadFilters key={caseloadHref(query)} query={query} /> : null}
        {!anyClient ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
            <p className="font-medium text-slate-900">No clients yet — add your first client.</p>
            <p className="mt-2">
              <Link href="/therapist/clients/new" className={linkClass}>
                Add a client
              </Link>
            </p>
          </div>
        ) : caseload.total === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700" role="status">
            <p className="font-medium text-slate-900">{hasNoFilters(query) ? 'No active clients.' : 'No clients match these filters.'}</p>
            <p className="mt-2">
              {hasNoFilters(query) ? (
                <Link href={caseloadHref(query, { status: 'all', page: 1 })} className={linkClass}>
                  Show clients of every status
                </Link>
              ) : (
                <Link href={clearFiltersHref(query)} className={linkClass}>
                  Clear filters
                </Link>
              )}
            </p>
          </div>
        ) : caseload.rows.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700" role="status">
            <p className="font-medium text-slate-900">
              There is no page {query.page}: these filters give {pageCount === 1 ? 'one page' : `${pageCount} pages`}.
            </p>
            <p className="mt-2">
              <Link href={caseloadHref(query, { page: pageCount })} className={linkClass}>
                Go to the last page
              </Link>
            </p>
          </div>
        ) : (
          <>
            <p className="mb-2 text-xs text-slate-600 sm:hidden">Scroll the table sideways for alliance, symptoms, alerts and plan reviews.</p>
            <CaseloadTable rows={caseload.rows} total={caseload.total} query={query} timeZone={timeZone} />
            <CaseloadPagination query={query} total={caseload.total} />
          </>
        )}
      </section>
    </>
  );
}
