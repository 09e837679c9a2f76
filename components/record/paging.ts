/*
 * Pure helpers for the long lists of a client record (therapist's and supervisor's): page numbers
 * from search parameters, links that change one parameter and keep the rest, and which alerts to
 * list before "Show all". No I/O, so they are unit-tested.
 */

export type RecordSearchParams = Record<string, string | string[] | undefined>;

/** A page number from a search parameter: a positive whole number, else 1 (the data layer clamps the top). */
export function pageParam(value: string | string[] | undefined): number {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^\d{1,6}$/.test(raw)) return 1;
  return Math.max(1, Number(raw));
}

/** A path with one or more parameters changed (null removes one), the others kept, and a fragment. */
export function recordHref(path: string, params: RecordSearchParams, change: Record<string, string | null>, fragment: string): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && !(key in change)) search.set(key, first);
  }
  for (const [key, value] of Object.entries(change)) if (value !== null) search.set(key, value);
  const query = search.toString();
  return `${path}${query ? `?${query}` : ''}#${fragment}`;
}

/** Closed alerts are listed up to this many in all before "Show all"; open ones always are. */
export const RECENT_ALERTS = 10;
/** A just-acknowledged alert stays listed this long, so its confirmation is not hidden by the refresh. */
const JUST_ACKNOWLEDGED_MS = 60 * 60_000;

/**
 * Open, or acknowledged within the hour: always listed, and the only alerts that need the
 * acknowledge form (an open one to fill in, a just-acknowledged one to keep its confirmation).
 */
export function isPinnedAlert(a: { status: string; acknowledgedAt: Date | null }, now = Date.now()): boolean {
  return a.status === 'open' || (a.acknowledgedAt !== null && now - a.acknowledgedAt.getTime() < JUST_ACKNOWLEDGED_MS);
}

/**
 * Which alerts (newest first) to list: all of them, or every open (and just-acknowledged) one and
 * the newest others up to `recent` in all, in the same order.
 */
export function visibleAlerts<T extends { status: string; acknowledgedAt: Date | null }>(
  alerts: readonly T[],
  showAll: boolean,
  now = Date.now(),
  recent = RECENT_ALERTS,
): T[] {
  if (showAll) return [...alerts];
  const pinned = (a: T) => isPinnedAlert(a, now);
  let others = Math.max(0, recent - alerts.filter(pinned).length);
  return alerts.filter((a) => pinned(a) || others-- > 0);
}
