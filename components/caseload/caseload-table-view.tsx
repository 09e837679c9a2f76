'use client';

import Link from 'next/link';
import { createColumnHelper, createTable, flexRender, getCoreRowModel, type TableState } from '@tanstack/react-table';
import type { CaseloadQuery, CaseloadSort } from '@/lib/validation/caseload';
import { Sparkline } from './sparkline';
import { ScrollRegion } from '@/components/ui/scroll-region';

/*
 * The caseload as a @tanstack/react-table table in manual mode: the server has already filtered,
 * sorted and paged the rows (lib/data/caseload) and turned them into display values
 * (caseload-table.tsx), so the table only models the state it was given — the URL's — and renders.
 * Sort headers are plain links: the table works without JavaScript, every view is a URL, and Back
 * goes to the last one.
 *
 * A client component on purpose, although it has no state: the server renders it to HTML once from
 * these compact rows, instead of serialising every cell's element tree into the page's RSC payload
 * and then rendering that again (measured: about a third of the caseload page's server CPU).
 */

export const CASELOAD_TABLE_CAPTION = 'Clients in my caseload';

/** One caseload row, ready to show: numbers and dates already formatted on the server. */
export type CaseloadViewRow = {
  id: string;
  name: string;
  status: 'active' | 'waitlist' | 'discharged';
  attendedSessions: number;
  lastSession: { iso: string; text: string } | null;
  alliance: { text: string; trend: number[]; trendLabel: string } | null;
  phq9: { total: number; band: string } | null;
  gad7: { total: number; band: string } | null;
  openAlerts: number;
  urgentAlerts: number;
  review: { iso: string; text: string; due: boolean } | null;
  /** Forms done in the last 90 days: "3 of 4" and the rate; null when none was due or all are still open. */
  forms: { text: string; rate: string } | null;
};

export type SortLinks = Record<CaseloadSort, { href: string; dir: CaseloadQuery['dir'] }>;

const STATUS_LABEL: Record<CaseloadViewRow['status'], string> = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' };
const STATUS_STYLE: Record<CaseloadViewRow['status'], string> = {
  active: 'bg-green-50 text-green-900 ring-green-200',
  waitlist: 'bg-slate-100 text-slate-800 ring-slate-300',
  discharged: 'bg-slate-200 text-slate-900 ring-slate-300',
};

type Align = 'left' | 'right';
const COLUMN_ALIGN: Partial<Record<CaseloadSort, Align>> = { sessions: 'right' };

const link = 'font-medium text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600';

function None({ children = '—', label }: { children?: string; label: string }) {
  return (
    <span className="text-slate-500">
      <span aria-hidden="true">{children}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

function WarningIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0" fill="currentColor">
      <path d="M8.9 1.6a1 1 0 0 0-1.8 0L.6 13.5A1 1 0 0 0 1.5 15h13a1 1 0 0 0 .9-1.5L8.9 1.6ZM7.25 5.5h1.5v4.5h-1.5V5.5Zm0 5.75h1.5v1.5h-1.5v-1.5Z" />
    </svg>
  );
}

function Symptom({ value, label }: { value: CaseloadViewRow['phq9']; label: string }) {
  if (!value) return <None label={`No ${label} yet`} />;
  return (
    <span className="flex flex-col leading-tight">
      <span className="font-semibold tabular-nums">{value.total}</span>
      <span className="text-xs text-slate-700">{value.band}</span>
    </span>
  );
}

function columns() {
  const col = createColumnHelper<CaseloadViewRow>();
  return [
    col.accessor('name', {
      id: 'name',
      header: 'Client',
      cell: ({ row }) => (
        <Link href={`/therapist/clients/${row.original.id}`} className={link}>
          {row.original.name}
        </Link>
      ),
    }),
    col.accessor('status', {
      id: 'status',
      header: 'Status',
      cell: ({ getValue }) => (
        <span className={`inline-flex rounded px-2 py-0.5 text-xs font-semibold ring-1 ${STATUS_STYLE[getValue()]}`}>{STATUS_LABEL[getValue()]}</span>
      ),
    }),
    col.accessor('attendedSessions', { id: 'sessions', header: 'Sessions', cell: ({ getValue }) => <span className="tabular-nums">{getValue()}</span> }),
    col.accessor('lastSession', {
      id: 'lastSession',
      header: 'Last session',
      cell: ({ getValue }) => {
        const at = getValue();
        return at ? <time dateTime={at.iso}>{at.text}</time> : <None label="No session yet" />;
      },
    }),
    col.accessor('alliance', {
      id: 'alliance',
      header: 'Alliance (WAI-SR)',
      cell: ({ row }) => {
        const { alliance } = row.original;
        if (alliance === null) return <None label="No WAI-SR yet" />;
        return (
          <span className="flex items-center gap-2">
            <span className="font-semibold tabular-nums">{alliance.text}</span>
            <Sparkline values={alliance.trend} label={alliance.trendLabel} />
          </span>
        );
      },
    }),
    col.accessor('phq9', { id: 'phq9', header: 'PHQ-9', cell: ({ getValue }) => <Symptom value={getValue()} label="PHQ-9" /> }),
    col.accessor('gad7', { id: 'gad7', header: 'GAD-7', cell: ({ getValue }) => <Symptom value={getValue()} label="GAD-7" /> }),
    col.accessor('openAlerts', {
      id: 'alerts',
      header: 'Open alerts',
      cell: ({ row }) => {
        const { openAlerts, urgentAlerts } = row.original;
        if (openAlerts === 0) return <span className="text-slate-600">None</span>;
        return (
          <span className="flex flex-col gap-0.5 leading-tight">
            <span className="text-amber-900">{openAlerts} open</span>
            {urgentAlerts > 0 ? (
              <span className="inline-flex items-center gap-1 font-semibold text-red-800">
                <WarningIcon />
                {urgentAlerts} urgent
              </span>
            ) : null}
          </span>
        );
      },
    }),
    col.accessor('review', {
      id: 'reviewDue',
      header: 'Plan review',
      cell: ({ row }) => {
        const { review } = row.original;
        if (!review) return <None label="No review date" />;
        const date = <time dateTime={review.iso}>{review.text}</time>;
        return review.due ? (
          <span className="flex flex-col gap-0.5 leading-tight">
            <span className="inline-flex items-center gap-1 font-semibold text-amber-900">
              <WarningIcon />
              Review due
            </span>
            <span className="text-xs text-slate-700">{date}</span>
          </span>
        ) : (
          date
        );
      },
    }),
    col.accessor('forms', {
      id: 'forms',
      header: 'Forms done (90 days)',
      cell: ({ getValue }) => {
        const forms = getValue();
        if (!forms) return <None label="No forms due yet" />;
        return (
          <span className="flex flex-col leading-tight">
            <span className="font-semibold tabular-nums">{forms.rate}</span>
            <span className="text-xs text-slate-700">{forms.text}</span>
          </span>
        );
      },
    }),
  ];
}

function SortIcon({ sorted }: { sorted: false | 'asc' | 'desc' }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 10 14" className={`h-3.5 w-2.5 shrink-0 ${sorted ? 'text-teal-800' : 'text-slate-400'}`} fill="currentColor">
      <path d="M5 0 9.5 5h-9z" opacity={sorted === 'desc' ? 0.25 : 1} />
      <path d="M5 14 .5 9h9z" opacity={sorted === 'asc' ? 0.25 : 1} />
    </svg>
  );
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const DIRECTION_WORD = { asc: 'ascending', desc: 'descending' } as const;

export function CaseloadTableView({ rows, total, query, sortLinks }: { rows: CaseloadViewRow[]; total: number; query: CaseloadQuery; sortLinks: SortLinks }) {
  const state: Partial<TableState> = {
    sorting: [{ id: query.sort, desc: query.dir === 'desc' }],
    pagination: { pageIndex: query.page - 1, pageSize: query.size },
    globalFilter: query.q ?? '',
    columnFilters: [
      { id: 'status', value: query.status },
      ...(query.alerts ? [{ id: 'alerts', value: true }] : []),
      ...(query.reviewDue ? [{ id: 'reviewDue', value: true }] : []),
    ],
  };
  const table = createTable<CaseloadViewRow>({
    data: rows,
    columns: columns(),
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    rowCount: total,
    state,
    onStateChange: () => {},
    renderFallbackValue: null,
  });
  // Every feature's defaults, then the URL's state on top (what useReactTable does with its own state).
  table.setOptions((prev) => ({ ...prev, state: { ...table.initialState, ...state } }));

  return (
    <ScrollRegion className="relative rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{CASELOAD_TABLE_CAPTION}</caption>
        <thead className="bg-slate-50 text-left text-slate-700">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header, index) => {
                const id = header.column.id as CaseloadSort;
                const sorted = header.column.getIsSorted();
                const next = sortLinks[id];
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted ? ARIA_SORT[sorted] : undefined}
                    className={`px-3 py-2 font-semibold whitespace-nowrap ${COLUMN_ALIGN[id] === 'right' ? 'text-right' : ''} ${index === 0 ? 'sticky left-0 z-10 bg-slate-50' : ''}`}
                  >
                    <Link
                      href={next.href}
                      className={`inline-flex min-h-11 items-center gap-1.5 rounded hover:text-slate-950 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600 ${sorted ? 'text-slate-950' : ''}`}
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span className="sr-only">, sort {DIRECTION_WORD[next.dir]}</span>
                      <SortIcon sorted={sorted} />
                    </Link>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        {/* Cell padding once on the body, not on every cell: it keeps the page (and its payload) small. */}
        <tbody className="divide-y divide-slate-100 *:*:px-3 *:*:py-2 *:*:align-middle *:*:whitespace-nowrap">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="group">
              {row.getVisibleCells().map((cell, index) => {
                const id = cell.column.id as CaseloadSort;
                const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                return index === 0 ? (
                  <th key={cell.id} scope="row" className="sticky left-0 z-10 bg-white text-left font-medium">
                    {content}
                  </th>
                ) : (
                  <td key={cell.id} className={COLUMN_ALIGN[id] === 'right' ? 'text-right' : undefined}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
