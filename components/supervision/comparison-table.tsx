'use client';

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  getSortedRowModel,
  useReactTable,
  type ExpandedState,
  type Header,
  type SortingState,
} from '@tanstack/react-table';
import Link from 'next/link';
import { Fragment, useId, useState, type ReactNode } from 'react';
import type { TherapistComparisonRow } from '@/lib/data/supervisor';
import { coverage, interval2, mean2, NONE, percent, signed2 } from './format';
import { ScrollRegion } from '@/components/ui/scroll-region';

/*
 * The supervisor's comparison table: one row per supervised therapist, sortable in the browser
 * (a handful of rows), every column explained in the legend below it (and on hover). Goal, task
 * and bond open under each row.
 */

type Row = TherapistComparisonRow;

type ColumnMeta = {
  /** The header's short text. */
  label: string;
  /** What the number means, in a sentence (legend and hover title). */
  help: string;
  align?: 'left' | 'right';
};

const help = createColumnHelper<Row>();

/** Sort values: null (nothing to show) becomes undefined so it always sorts last. */
const orLast = (value: number | null | undefined): number | undefined => (value === null || value === undefined ? undefined : value);

function Cell({ main, sub }: { main: ReactNode; sub?: ReactNode }) {
  return (
    <>
      <span className="block font-medium text-slate-900">{main}</span>
      {sub ? <span className="block text-xs font-normal whitespace-nowrap text-slate-600">{sub}</span> : null}
    </>
  );
}

function ofN(part: number, whole: number, empty: string): string {
  return whole === 0 ? empty : `${part} of ${whole}`;
}

export type ComparisonTableProps = {
  rows: Row[];
  /** Interval coverage, e.g. 0.9. */
  interval: number;
  /** The clinic's low-alliance threshold on the WAI-SR mean. */
  lowAlliance: number;
  /** Whether estimates are shrunk (empirical Bayes / clinic prior) or each therapist's own data only. */
  pooled: boolean;
};

function buildColumns({ interval, lowAlliance, pooled }: Omit<ComparisonTableProps, 'rows'>) {
  const cover = coverage(interval);
  const info = new Map<string, ColumnMeta>();
  /** Registers a column's header text and explanation (kept beside the columns, not in tanstack's meta). */
  const m = (id: string, meta: ColumnMeta) => {
    info.set(id, meta);
    return id;
  };
  const columns = [
    help.accessor((r) => r.name, {
      id: m('therapist', { label: 'Therapist', help: 'Select a name to see that therapist’s clients, alerts and supervision notes.', align: 'left' }),
      sortingFn: 'text',
      cell: () => null, // rendered by the row header below
    }),
    help.accessor((r) => r.activeClients, {
      id: m('activeClients', { label: 'Active clients', help: 'Clients in treatment with this therapist today (not limited to the date range).' }),
      cell: ({ row }) => <Cell main={row.original.activeClients} />,
    }),
    help.accessor((r) => orLast(r.measures.rate), {
      id: m('responseRate', {
        label: 'Response rate',
        help: 'Client questionnaires due in the range that were completed, of those due (cancelled ones left out).',
      }),
      sortUndefined: 'last',
      cell: ({ row }) => <Cell main={percent(row.original.measures.rate)} sub={ofN(row.original.measures.completed, row.original.measures.due, 'none due')} />,
    }),
    help.group({
      id: 'alliance',
      header: 'Alliance (client WAI-SR, 1–5)',
      columns: [
        help.accessor((r) => r.alliance.overall.n, {
          id: m('allianceN', {
            label: 'n',
            help: 'Clients with at least one client-rated WAI-SR in the range. Each client counts once, by the mean of their ratings.',
          }),
          cell: ({ row }) => <Cell main={row.original.alliance.overall.n} />,
        }),
        help.accessor((r) => orLast(r.alliance.overall.rawMean), {
          id: m('rawMean', { label: 'Raw mean', help: 'The mean of those clients’ WAI-SR means (1–5; higher is a stronger alliance), taken at face value.' }),
          sortUndefined: 'last',
          cell: ({ row }) => <Cell main={mean2(row.original.alliance.overall.rawMean)} />,
        }),
        help.accessor((r) => orLast(r.alliance.overall.estimate), {
          id: m('estimate', {
            label: `Estimate (${cover} interval)`,
            help: pooled
              ? `The raw mean pulled towards the mean of your supervisees, more strongly the fewer clients it rests on, with the ${cover} interval it plausibly lies in. Compare therapists by this, not by the raw mean.`
              : `Each therapist’s own mean with its ${cover} interval (too few therapists to compare against each other, so it is simply the average of their clients). Wide intervals mean few clients: do not read much into them.`,
          }),
          sortUndefined: 'last',
          cell: ({ row }) => {
            const e = row.original.alliance.overall;
            return <Cell main={mean2(e.estimate)} sub={e.estimate === null ? undefined : interval2(e.lower, e.upper)} />;
          },
        }),
      ],
    }),
    help.accessor((r) => orLast(r.belowThreshold.share), {
      id: m('belowThreshold', {
        label: `Below ${mean2(lowAlliance)}`,
        help: `Share of client WAI-SR measurements in the range whose overall mean is below the clinic’s low-alliance threshold (${mean2(lowAlliance)}).`,
      }),
      sortUndefined: 'last',
      cell: ({ row }) => (
        <Cell main={percent(row.original.belowThreshold.share)} sub={ofN(row.original.belowThreshold.below, row.original.belowThreshold.n, 'none rated')} />
      ),
    }),
    help.group({
      id: 'ruptures',
      header: 'Ruptures',
      columns: [
        help.accessor((r) => r.ruptures.detected, {
          id: m('rupturesDetected', {
            label: 'Detected',
            help: 'Rupture alerts raised in the range (a reliable drop in the client’s alliance, or a score well below their usual level).',
          }),
          cell: ({ row }) => <Cell main={row.original.ruptures.detected} />,
        }),
        help.accessor((r) => (r.ruptures.detected === 0 ? undefined : r.ruptures.acknowledgedWithin7Days / r.ruptures.detected), {
          id: m('rupturesAcknowledged', {
            label: 'Answered ≤ 7 days',
            help: 'Of the ruptures detected, how many the therapist acknowledged (with a repair note) within 7 days of the alert.',
          }),
          sortUndefined: 'last',
          cell: ({ row }) => {
            const r = row.original.ruptures;
            return (
              <Cell
                main={r.detected === 0 ? NONE : `${r.acknowledgedWithin7Days} of ${r.detected}`}
                sub={r.detected === 0 ? undefined : percent(r.acknowledgedWithin7Days / r.detected)}
              />
            );
          },
        }),
        help.accessor((r) => orLast(r.ruptures.repairRate), {
          id: m('rupturesRepaired', {
            label: 'Repaired',
            help: 'Ruptures after which the alliance was back at its pre-drop level within the next 3 measurements. The percent (repair rate) counts only ruptures already decided, leaving out those still waiting for measurements.',
          }),
          sortUndefined: 'last',
          cell: ({ row }) => {
            const r = row.original.ruptures;
            return <Cell main={r.repaired} sub={r.repairRate === null ? (r.detected === 0 ? undefined : 'none decided') : `${percent(r.repairRate)} rate`} />;
          },
        }),
      ],
    }),
    help.accessor((r) => orLast(r.ratingGap.meanGap), {
      id: m('ratingGap', {
        label: 'Rating gap',
        help: 'Mean of client minus therapist WAI-SR over sessions both of them rated in the range. Positive: clients rate the alliance higher than the therapist does; negative: lower.',
      }),
      sortUndefined: 'last',
      cell: ({ row }) => {
        const g = row.original.ratingGap;
        return <Cell main={signed2(g.meanGap)} sub={g.sessions === 0 ? 'no pairs' : `${g.sessions} ${g.sessions === 1 ? 'session' : 'sessions'}`} />;
      },
    }),
    ...(['phq9', 'gad7'] as const).map((key) => {
      const name = key === 'phq9' ? 'PHQ-9' : 'GAD-7';
      const what = key === 'phq9' ? 'depression' : 'anxiety';
      return help.group({
        id: key,
        header: `${name} (${what})`,
        columns: [
          help.accessor((r) => (r[key].n === 0 ? undefined : r[key].improved / r[key].n), {
            id: m(`${key}Improved`, {
              label: 'Improved',
              help: `Clients with a ${name} in the range whose latest score is reliably lower (better) than their first ${name}, by at least the clinic’s reliable-change threshold.`,
            }),
            sortUndefined: 'last',
            cell: ({ row }) => <Cell main={row.original[key].n === 0 ? NONE : `${row.original[key].improved} of ${row.original[key].n}`} />,
          }),
          help.accessor((r) => (r[key].n === 0 ? undefined : r[key].deteriorated / r[key].n), {
            id: m(`${key}Deteriorated`, {
              label: 'Worse',
              help: `Clients whose latest ${name} in the range is reliably higher (worse) than their first ${name}: a reliable deterioration.`,
            }),
            sortUndefined: 'last',
            cell: ({ row }) => <Cell main={row.original[key].n === 0 ? NONE : `${row.original[key].deteriorated} of ${row.original[key].n}`} />,
          }),
        ],
      });
    }),
  ];
  return { columns, info };
}

const SCALES = [
  ['overall', 'Overall'],
  ['goal', 'Goal (agreement on the goals of therapy)'],
  ['task', 'Task (agreement on how to get there)'],
  ['bond', 'Bond (trust and liking)'],
] as const;

function SubscaleTable({ row, interval, id }: { row: Row; interval: number; id: string }) {
  return (
    <div id={id} className="px-3 py-3">
      <table className="text-sm">
        <caption className="mb-1 text-left font-semibold text-slate-900">{row.name}: alliance by subscale</caption>
        <thead className="text-left text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-4 font-semibold">
              Scale
            </th>
            <th scope="col" className="py-1 pr-4 text-right font-semibold">
              n
            </th>
            <th scope="col" className="py-1 pr-4 text-right font-semibold">
              Raw mean
            </th>
            <th scope="col" className="py-1 pr-4 text-right font-semibold">
              Estimate
            </th>
            <th scope="col" className="py-1 pr-4 text-right font-semibold">
              {coverage(interval)} interval
            </th>
            <th scope="col" className="py-1 text-right font-semibold">
              <abbr title="How much the estimate is pulled towards the mean of your supervisees: 0 % is none (own data only), 100 % is all the way.">
                Pulled to mean of your supervisees
              </abbr>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {SCALES.map(([key, label]) => {
            const e = row.alliance[key];
            return (
              <tr key={key}>
                <th scope="row" className="py-1 pr-4 text-left font-medium">
                  {label}
                </th>
                <td className="py-1 pr-4 text-right">{e.n}</td>
                <td className="py-1 pr-4 text-right">{mean2(e.rawMean)}</td>
                <td className="py-1 pr-4 text-right">{mean2(e.estimate)}</td>
                <td className="py-1 pr-4 text-right whitespace-nowrap">{interval2(e.lower, e.upper)}</td>
                <td className="py-1 text-right">{percent(e.shrinkage)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const SORT_WORD = { asc: 'ascending', desc: 'descending' } as const;

function SortHeader({ header, meta, helpId }: { header: Header<Row, unknown>; meta: ColumnMeta | undefined; helpId: string }) {
  const sorted = header.column.getIsSorted();
  const label = meta?.label ?? header.column.id;
  return (
    <button
      type="button"
      onClick={header.column.getToggleSortingHandler()}
      aria-describedby={helpId}
      // Inline text, so a long heading wraps (the arrow too) instead of widening its column.
      className={`block min-h-11 w-full rounded px-1 py-1 font-semibold text-slate-800 hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-teal-600 ${meta?.align === 'left' ? 'text-left' : 'text-right'}`}
    >
      <abbr title={meta?.help} className="no-underline">
        {label}
      </abbr>{' '}
      <span aria-hidden="true" className={`text-xs ${sorted ? 'text-teal-800' : 'text-slate-400'}`}>
        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
      </span>
    </button>
  );
}

export function ComparisonTable({ rows, interval, lowAlliance, pooled }: ComparisonTableProps) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [expanded, setExpanded] = useState<ExpandedState>({});
  const [{ columns, info }] = useState(() => buildColumns({ interval, lowAlliance, pooled }));
  const baseId = useId();
  const helpId = (columnId: string) => `${baseId}-help-${columnId}`;

  // TanStack's table object is not memoisable by the React Compiler (not enabled here); the table
  // re-renders on each sort/expand, which is all it needs.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting, expanded },
    onSortingChange: setSorting,
    onExpandedChange: setExpanded,
    getRowId: (r) => r.therapistId,
    getRowCanExpand: () => true,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
    enableSortingRemoval: false,
  });

  const leafColumns = table.getAllLeafColumns();
  const current = sorting[0];
  const currentLabel = current ? (info.get(current.id)?.label ?? current.id) : null;

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-600">
        Select a column heading to sort by it. Hover a heading, or open “What the columns mean” below the table, for what each number is.
      </p>
      <ScrollRegion className="rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Supervised therapists compared over the date range. Column headers are buttons that sort the table.</caption>
          <thead className="bg-slate-50 text-slate-700">
            {table.getHeaderGroups().map((group, depth, groups) => (
              <tr key={group.id} className={depth < groups.length - 1 ? '' : 'border-b border-slate-200'}>
                {group.headers.map((header) => {
                  const isLeafRow = depth === groups.length - 1;
                  const sticky = header.column.id === 'therapist' ? 'sticky left-0 z-10 bg-slate-50' : '';
                  if (header.isPlaceholder) {
                    return <td key={header.id} colSpan={header.colSpan} className={sticky} />;
                  }
                  if (!isLeafRow) {
                    return (
                      <th
                        key={header.id}
                        scope="colgroup"
                        colSpan={header.colSpan}
                        className="border-x border-b border-slate-200 px-1 py-1 text-center text-xs font-semibold text-slate-600"
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                      </th>
                    );
                  }
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted ? SORT_WORD[sorted] : undefined}
                      className={`px-0.5 py-1 align-bottom ${info.get(header.column.id)?.align === 'left' ? 'text-left' : 'text-right'} ${sticky}`}
                    >
                      <SortHeader header={header} meta={info.get(header.column.id)} helpId={helpId(header.column.id)} />
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => {
              const panelId = `${baseId}-subscales-${row.id}`;
              const open = row.getIsExpanded();
              return (
                <Fragment key={row.id}>
                  <tr className="border-t border-slate-100 align-top">
                    {row.getVisibleCells().map((cell) =>
                      cell.column.id === 'therapist' ? (
                        <th key={cell.id} scope="row" className="sticky left-0 z-10 bg-white px-2 py-2 text-left font-normal">
                          <Link
                            href={`/supervisor/therapists/${row.original.therapistId}`}
                            className="font-semibold whitespace-nowrap text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600"
                          >
                            {row.original.name}
                          </Link>
                          <button
                            type="button"
                            onClick={row.getToggleExpandedHandler()}
                            aria-expanded={open}
                            aria-controls={open ? panelId : undefined}
                            aria-label={`Subscales (goal, task, bond) for ${row.original.name}`}
                            className="mt-1 flex min-h-8 items-center gap-1 rounded text-xs font-medium whitespace-nowrap text-slate-700 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600"
                          >
                            <span aria-hidden="true">{open ? '▾' : '▸'}</span> Subscales
                          </button>
                        </th>
                      ) : (
                        <td key={cell.id} data-column={cell.column.id} className="px-1.25 py-2 text-right tabular-nums">
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </td>
                      ),
                    )}
                  </tr>
                  {open ? (
                    <tr className="bg-slate-50">
                      <td colSpan={leafColumns.length}>
                        <div className="sticky left-0 w-max max-w-[calc(100vw-3rem)] overflow-x-auto">
                          <SubscaleTable row={row.original} interval={interval} id={panelId} />
                        </div>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <p aria-live="polite" className="sr-only">
        {current && currentLabel ? `Sorted by ${currentLabel}, ${SORT_WORD[current.desc ? 'desc' : 'asc']}.` : ''}
      </p>
      <details className="rounded-lg border border-slate-200 bg-white px-4 py-1 text-sm">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
          What the columns mean
        </summary>
        <dl className="grid gap-x-6 gap-y-2 pb-3 md:grid-cols-2 lg:grid-cols-3">
          {leafColumns.map((column) => (
            <div key={column.id}>
              <dt className="font-semibold text-slate-900">
                {column.parent ? `${String(column.parent.columnDef.header)}: ` : ''}
                {info.get(column.id)?.label}
              </dt>
              <dd id={helpId(column.id)} className="text-slate-700">
                {info.get(column.id)?.help}
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}
