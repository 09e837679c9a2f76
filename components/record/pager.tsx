import Link from 'next/link';
import { pageWindow } from '@/components/caseload/pagination';
import { recordHref, type RecordSearchParams } from './paging';

/*
 * Paging for the long lists of a client record (response history, sessions): plain links with the
 * page in a search parameter and the section as the fragment, so it works without JavaScript and
 * Back returns to the same page. Each list keeps its own parameter; the others are carried along.
 */

const item =
  'inline-flex min-h-11 min-w-11 items-center justify-center rounded-md border px-3 text-sm font-medium focus-visible:outline-3 focus-visible:outline-teal-600';
const idle = `${item} border-slate-300 bg-white text-slate-900 hover:bg-slate-50`;
const current = `${item} border-teal-700 bg-teal-700 text-white`;

/**
 * "Showing 11–20 of 257 responses" and, when there is more than one page, links to the others.
 * `label` names the list for screen readers ("Response history pages").
 */
export function RecordPager({
  label,
  noun,
  page,
  pageSize,
  total,
  path,
  params,
  param,
  fragment,
}: {
  label: string;
  noun: string;
  page: number;
  pageSize: number;
  total: number;
  path: string;
  params: RecordSearchParams;
  param: string;
  fragment: string;
}) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const href = (p: number) => recordHref(path, params, { [param]: p === 1 ? null : String(p) }, fragment);
  return (
    <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-700">{pageCount === 1 ? `${total} ${noun}.` : `Showing ${first}–${last} of ${total} ${noun}, newest first.`}</p>
      {pageCount > 1 ? (
        <nav aria-label={label}>
          <ul className="flex flex-wrap items-center gap-1">
            {page > 1 ? (
              <li>
                <Link href={href(page - 1)} className={idle} rel="prev">
                  Newer<span className="sr-only"> {noun}</span>
                </Link>
              </li>
            ) : null}
            {pageWindow(page, pageCount).map((p, i) =>
              p === 'gap' ? (
                <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-slate-500">
                  …
                </li>
              ) : (
                <li key={p}>
                  <Link href={href(p)} className={p === page ? current : idle} aria-current={p === page ? 'page' : undefined}>
                    <span className="sr-only">Page </span>
                    {p}
                  </Link>
                </li>
              ),
            )}
            {page < pageCount ? (
              <li>
                <Link href={href(page + 1)} className={idle} rel="next">
                  Older<span className="sr-only"> {noun}</span>
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
