import { caseloadQuerySchema, type CaseloadQuery, type CaseloadSort } from '@/lib/validation/caseload';

/*
 * The caseload table's state lives in the URL (/therapist?q=…&status=…&sort=…): reading it from
 * Next's searchParams and writing it back into links. Pure, so it is unit-tested.
 */

export const CASELOAD_PATH = '/therapist';
export const CASELOAD_DEFAULTS: CaseloadQuery = caseloadQuerySchema.parse({});

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The table state from the URL. Unknown or malformed values fall back to their defaults one key at
 * a time (a bookmarked URL with one bad value still shows the rest of the view), never an error.
 */
export function parseCaseloadQuery(params: SearchParams): CaseloadQuery {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') raw[key] = first;
  }
  // Each failing key is dropped and the rest parsed again; there are at most as many rounds as keys.
  for (let round = 0; round <= Object.keys(raw).length; round++) {
    const parsed = caseloadQuerySchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string') delete raw[key];
    }
  }
  return CASELOAD_DEFAULTS;
}

/** True when no filter narrows the view (the default status, no search, no flags). */
export function hasNoFilters(query: CaseloadQuery): boolean {
  return !query.q && query.status === CASELOAD_DEFAULTS.status && !query.alerts && !query.reviewDue;
}

/** The URL of a table state; defaults are left out so links stay short and bookmarks readable. */
export function caseloadHref(query: CaseloadQuery, change: Partial<CaseloadQuery> = {}): string {
  const next: CaseloadQuery = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.status !== CASELOAD_DEFAULTS.status) params.set('status', next.status);
  if (next.alerts) params.set('alerts', '1');
  if (next.reviewDue) params.set('reviewDue', '1');
  if (next.sort !== CASELOAD_DEFAULTS.sort) params.set('sort', next.sort);
  if (next.dir !== CASELOAD_DEFAULTS.dir) params.set('dir', next.dir);
  if (next.page !== 1) params.set('page', String(next.page));
  if (next.size !== CASELOAD_DEFAULTS.size) params.set('size', String(next.size));
  const search = params.toString();
  return search ? `${CASELOAD_PATH}?${search}` : CASELOAD_PATH;
}

/**
 * The direction a column sorts in when first chosen: whatever brings the clients who need
 * attention to the top (weakest alliance, highest symptom scores, most alerts, soonest review).
 */
export const FIRST_SORT_DIRECTION: Record<CaseloadSort, CaseloadQuery['dir']> = {
  name: 'asc',
  status: 'asc',
  sessions: 'desc',
  lastSession: 'desc',
  alliance: 'asc',
  phq9: 'desc',
  gad7: 'desc',
  alerts: 'desc',
  reviewDue: 'asc',
  // Lowest completion first: the clients whose forms go unanswered.
  forms: 'asc',
};

/** Where a column's header link goes: that column in its first direction, or the current one reversed. Back to page 1. */
export function sortHref(query: CaseloadQuery, column: CaseloadSort): { href: string; dir: CaseloadQuery['dir'] } {
  const dir = query.sort === column ? (query.dir === 'asc' ? 'desc' : 'asc') : FIRST_SORT_DIRECTION[column];
  return { href: caseloadHref(query, { sort: column, dir, page: 1 }), dir };
}

/** The same view with the filters cleared (sort and page size kept). */
export function clearFiltersHref(query: CaseloadQuery): string {
  return caseloadHref(query, { q: undefined, status: CASELOAD_DEFAULTS.status, alerts: false, reviewDue: false, page: 1 });
}
