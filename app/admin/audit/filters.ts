import { auditFilterSchema, type AuditFilter } from '@/lib/validation/admin';

/*
 * The audit log's filters live in the URL (who, which client, what, when, page), so a filtered view
 * can be bookmarked, shared between admins and exported exactly as shown.
 */

export type SearchParams = Record<string, string | string[] | undefined>;

const KEYS = ['actorUserId', 'clientId', 'action', 'from', 'to', 'page'] as const;
const LABELS: Record<(typeof KEYS)[number], string> = { actorUserId: 'Who', clientId: 'Which client', action: 'What', from: 'From', to: 'To', page: 'Page' };

function firstValues(params: SearchParams | URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params instanceof URLSearchParams ? params.get(key) : params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

/** Strict: the filter exactly as asked, or the reasons it cannot be used (for the CSV export). */
export function parseAuditFilter(params: SearchParams | URLSearchParams): { ok: true; filter: AuditFilter } | { ok: false; problems: string[] } {
  const parsed = auditFilterSchema.safeParse(firstValues(params));
  if (parsed.success) return { ok: true, filter: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${LABELS[i.path[0] as (typeof KEYS)[number]] ?? String(i.path[0])}: ${i.message}`) };
}

/** Lenient: what can be used of the filter, and what was left out and why (for the page). */
export function readAuditFilter(params: SearchParams | URLSearchParams): { filter: AuditFilter; problems: string[] } {
  const raw = firstValues(params);
  const strict = parseAuditFilter(raw);
  if (strict.ok) return { filter: strict.filter, problems: [] };
  const problems: string[] = [];
  for (const issue of auditFilterSchema.safeParse(raw).error?.issues ?? []) {
    const key = issue.path[0] as (typeof KEYS)[number];
    if (key in raw) {
      delete raw[key];
      problems.push(`${LABELS[key]} was left out: ${key === 'actorUserId' || key === 'clientId' ? 'not a known choice.' : issue.message}`);
    }
  }
  const retry = auditFilterSchema.safeParse(raw);
  return { filter: retry.success ? retry.data : auditFilterSchema.parse({}), problems };
}

/** The query string for a filter (empty values left out), optionally on another page. */
export function auditQuery(filter: AuditFilter, page?: number): string {
  const params = new URLSearchParams();
  for (const key of ['actorUserId', 'clientId', 'action', 'from', 'to'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (page !== undefined && page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function hasAnyFilter(filter: AuditFilter): boolean {
  return Boolean(filter.actorUserId || filter.clientId || filter.action || filter.from || filter.to);
}
