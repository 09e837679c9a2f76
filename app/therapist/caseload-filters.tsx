import Form from 'next/form';
import Link from 'next/link';
import { CASELOAD_DEFAULTS, CASELOAD_PATH, clearFiltersHref, hasNoFilters } from '@/components/caseload/query';
import type { CaseloadQuery } from '@/lib/validation/caseload';

/*
 * The caseload filters as a GET form: submitting it writes the filters into the URL (with the
 * current sort and page size, back on page 1). next/form navigates without a full reload when
 * JavaScript runs and falls back to a plain GET when it does not.
 */

const STATUS_OPTIONS = [
  { value: 'current', label: 'Active and waitlist' },
  { value: 'active', label: 'Active' },
  { value: 'waitlist', label: 'Waitlist' },
  { value: 'discharged', label: 'Discharged' },
  { value: 'all', label: 'All statuses' },
] as const;

const control =
  'min-h-11 w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-teal-600';
const check =
  'inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm has-checked:border-teal-700 has-checked:bg-teal-50 has-focus-visible:outline-3 has-focus-visible:outline-teal-600';

export function CaseloadFilters({ query }: { query: CaseloadQuery }) {
  return (
    <Form action={CASELOAD_PATH} aria-label="Filter clients" className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto_auto] lg:items-end">
        <div className="flex flex-col gap-1">
          <label htmlFor="caseload-q" className="text-sm font-medium text-slate-900">
            Search by name
          </label>
          <input id="caseload-q" name="q" type="search" defaultValue={query.q ?? ''} maxLength={80} autoComplete="off" className={control} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="caseload-status" className="text-sm font-medium text-slate-900">
            Status
          </label>
          <select id="caseload-status" name="status" defaultValue={query.status} className={control}>
            {STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="grid grid-cols-2 gap-3 sm:contents">
          <label className={check}>
            <input type="checkbox" name="alerts" value="1" defaultChecked={query.alerts} className="size-4 accent-teal-700" />
            Has open alert
          </label>
          <label className={check}>
            <input type="checkbox" name="reviewDue" value="1" defaultChecked={query.reviewDue} className="size-4 accent-teal-700" />
            Plan review due
          </label>
        </div>
      </div>
      {/* The view's sort and page size survive a new filter; the page starts again at 1. */}
      {query.sort !== CASELOAD_DEFAULTS.sort ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {query.dir !== CASELOAD_DEFAULTS.dir ? <input type="hidden" name="dir" value={query.dir} /> : null}
      {query.size !== CASELOAD_DEFAULTS.size ? <input type="hidden" name="size" value={query.size} /> : null}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="submit"
          className="inline-flex min-h-11 items-center justify-center rounded-md bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
        >
          Apply filters
        </button>
        {hasNoFilters(query) ? null : (
          <Link
            href={clearFiltersHref(query)}
            className="inline-flex min-h-11 items-center text-sm font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600"
          >
            Clear filters
          </Link>
        )}
      </div>
    </Form>
  );
}
