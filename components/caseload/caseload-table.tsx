import Link from 'next/link';
import { createColumnHelper, createTable, flexRender, getCoreRowModel, type TableState } from '@tanstack/react-table';
import type { CaseloadTableRow } from '@/lib/data/caseload';
import { formatDate } from '@/lib/format';
import { formatScore } from '@/lib/instruments';
import type { CaseloadQuery, CaseloadSort } from '@/lib/validation/caseload';
import { sortHref } from './query';
import { Sparkline } from './sparkline';

/*
 * The caseload as a @tanstack/react-table table in manual mode: the server has already filtered,
 * sorted and paged the rows (lib/data/caseload), so the table only models the state it was given —
 * the URL's — and renders. It renders on the server (createTable, no hooks): sort headers are plain
 * links, so the table works without JavaScript, every view is a URL, and Back goes to the last one.
 */

export const CASELOAD_TABLE_CAPTION = 'Clients in my caseload';

const STATUS_LABEL: Record<CaseloadTableRow['status'], string> = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' };
const STATUS_STYLE: Record<CaseloadTableRow['status'], string> = {
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

function Symptom({ value, label }: { value: CaseloadTableRow['phq9']; label: string }) {
  if (!value) return <None label={`No ${label} yet`} />;
  return (
    <span className="flex flex-col leading-tight">
      <span className="font-semibold tabular-nums">{value.total}</span>
      <span className="text-xs text-slate-700">{value.band}</span>
    </span>
  );
}

function columns(timeZone: string) {
  const col = createColumnHelper<CaseloadTableRow>();
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
      cell: ({ getValue }) => <span className={`inline-flex rounded px-2 py-0.5 text-xs font-semibold ring-1 ${STATUS_STYLE[getValue()]}`}>{STATUS_LABEL[getValue()]}</span>,
    }),
    col.accessor('attendedSessions', { id: 'sessions', header: 'Sessions', cell: ({ getValue }) => <span className="tabular-nums">{getValue()}</span> }),
    col.accessor('lastSessionAt', {
      id: 'lastSession',
      header: 'Last session',
      cell: ({ getValue }) => {
        const at = getValue();
        return at ? <time dateTime={at.toISOString()}>{formatDate(at, timeZone)}</time> : <None label="No session yet" />;
      },
    }),
    col.accessor('alliance', {
      id: 'alliance',
      header: 'Alliance (WAI-SR)',
      cell: ({ row }) => {
        const { alliance, allianceTrend } = row.original;
        if (alliance === null) return <None label="No WAI-SR yet" />;
        return (
          <span className="flex items-center gap-2">
            <span className="font-semibold tabular-nums">{formatScore(alliance, 'mean')}</span>
            <Sparkline values={allianceTrend} />
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
    col.accessor('nextReviewDate', {
      id: 'reviewDue',
      header: 'Plan review',
      cell: ({ row }) => {
        const { nextReviewDate, reviewDue } = row.original;
        if (!nextReviewDate) return <None label="No review date" />;
        const date = <time dateTime={nextReviewDate}>{formatDate(nextReviewDate, 'UTC')}</time>;
        return reviewDue ? (
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

export function CaseloadTable({ rows, total, query, timeZone }: { rows: CaseloadTableRow[]; total: number; query: CaseloadQuery; timeZone: string }) {
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
  const table = createTable<CaseloadTableRow>({
    data: rows,
    columns: columns(timeZone),
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
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{CASELOAD_TABLE_CAPTION}</caption>
        <thead className="bg-slate-50 text-left text-slate-700">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header, index) => {
                const id = header.column.id as CaseloadSort;
                const sorted = header.column.getIsSorted();
                const next = sortHref(query, id);
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
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="group">
              {row.getVisibleCells().map((cell, index) => {
                const id = cell.column.id as CaseloadSort;
                const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                return index === 0 ? (
                  <th key={cell.id} scope="row" className="sticky left-0 z-10 bg-white px-3 py-2 text-left align-middle font-medium whitespace-nowrap">
                    {content}
                  </th>
                ) : (
                  <td key={cell.id} className={`px-3 py-2 align-middle whitespace-nowrap ${COLUMN_ALIGN[id] === 'right' ? 'text-right' : ''}`}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
