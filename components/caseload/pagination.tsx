import Link from 'next/link';
import { CASELOAD_PAGE_SIZES, type CaseloadQuery } from '@/lib/validation/caseload';
import { caseloadHref } from './query';

/** Page numbers for the pagination bar: first, last, and the pages either side of the current one. */
export function pageWindow(page: number, pageCount: number): (number | 'gap')[] {
  const pages = [...new Set([1, pageCount, page - 1, page, page + 1])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  pages.forEach((p, i) => {
    if (i > 0 && p - pages[i - 1]! > 1) out.push('gap');
    out.push(p);
  });
  return out;
}

const item =
  'inline-flex min-h-11 min-w-11 items-center justify-center rounded-md border px-3 text-sm font-medium focus-visible:outline-3 focus-visible:outline-teal-600';
const idle = `${item} border-slate-300 bg-white text-slate-900 hover:bg-slate-50`;
const current = `${item} border-teal-700 bg-teal-700 text-white`;
const disabled = `${item} border-slate-200 bg-slate-50 text-slate-400`;

/** Pages as links (so Back and bookmarks work), with the rows-per-page choice beside them. */
export function CaseloadPagination({ query, total }: { query: CaseloadQuery; total: number }) {
  const pageCount = Math.max(1, Math.ceil(total / query.size));
  const page = query.page;
  const first = total === 0 ? 0 : (page - 1) * query.size + 1;
  const last = Math.min(total, page * query.size);
  return (
    <div className="mt-3 flex flex-col gap-3 lg:flex-row lg:items-center lg:justify-between">
      <p className="text-sm text-slate-700" aria-live="polite">
        {first > last ? `No rows on page ${page}` : `Showing ${first}–${last} of ${total}`}
      </p>
      {pageCount > 1 || page > 1 ? (
        <nav aria-label="Pages">
          <ul className="flex flex-wrap items-center gap-1">
            <li>
              {page > 1 ? (
                <Link href={caseloadHref(query, { page: Math.min(page - 1, pageCount) })} className={idle} rel="prev">
                  Previous<span className="sr-only"> page</span>
                </Link>
              ) : (
                <span className={disabled} aria-hidden="true">
                  Previous
                </span>
              )}
            </li>
            {pageWindow(Math.min(page, pageCount), pageCount).map((p, i) =>
              p === 'gap' ? (
                <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-slate-500">
                  …
                </li>
              ) : (
                <li key={p}>
                  <Link href={caseloadHref(query, { page: p })} className={p === page ? current : idle} aria-current={p === page ? 'page' : undefined}>
                    <span className="sr-only">Page </span>
                    {p}
                  </Link>
                </li>
              ),
            )}
            <li>
              {page < pageCount ? (
                <Link href={caseloadHref(query, { page: page + 1 })} className={idle} rel="next">
                  Next<span className="sr-only"> page</span>
                </Link>
              ) : (
                <span className={disabled} aria-hidden="true">
                  Next
                </span>
              )}
            </li>
          </ul>
        </nav>
      ) : null}
      <nav aria-label="Rows per page" className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-700" aria-hidden="true">
          Rows per page
        </span>
        <ul className="flex gap-1">
          {CASELOAD_PAGE_SIZES.map((size) => (
            <li key={size}>
              <Link
                href={caseloadHref(query, { size, page: 1 })}
                className={size === query.size ? current : idle}
                aria-current={size === query.size ? 'true' : undefined}
              >
                {size}
                <span className="sr-only"> rows per page</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
