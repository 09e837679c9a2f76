import 'server-only';

/*
 * Paged lists of one client's records (response history, sessions), read in one statement as "the
 * client row in the actor's scope LEFT JOIN its records, with count(*) over ()": no rows at all
 * means out of scope or past the last page, and only then is a second, counting statement needed.
 */

/** A caller's page options made safe: page from 1, size 1–100. */
export function pageRequest({ page, pageSize }: { page?: number; pageSize?: number }, defaultSize: number): { wanted: number; size: number } {
  return { wanted: Math.max(1, Math.trunc(page ?? 1) || 1), size: Math.max(1, Math.min(100, Math.trunc(pageSize ?? defaultSize) || defaultSize)) };
}

/**
 * Reads page `wanted` with `pageOf`; when it comes back empty, asks `countInScope` (null: the client
 * is out of scope) and answers a page past the end with the last page. Null when out of scope.
 */
export async function readScopedPage<Row extends { total: number }>(
  wanted: number,
  size: number,
  pageOf: (page: number) => Promise<Row[]>,
  countInScope: () => Promise<number | null>,
): Promise<{ rows: Row[]; total: number; page: number } | null> {
  const rows = await pageOf(wanted);
  if (rows[0] !== undefined) return { rows, total: rows[0].total, page: wanted };
  const total = await countInScope();
  if (total === null) return null;
  const last = Math.max(1, Math.ceil(total / size));
  return { rows: last === wanted ? [] : await pageOf(last), total, page: last };
}
