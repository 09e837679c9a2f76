import type { ReactNode } from 'react';
import { trianglePath } from './shapes';
import { ScrollRegion } from '@/components/ui/scroll-region';

/*
 * The frame every chart of the client record shares: a heading, one sentence that says what the
 * chart shows in words, a legend that tells series apart by line and shape (not colour alone), the
 * drawing (or why there is none), and the same numbers as a table behind "Show as table".
 */

export type LegendItem =
  | { kind: 'line'; label: string; color: string; dashed?: boolean; symbol: 'circle' | 'square' }
  | { kind: 'marker'; label: string; color: string; shape: 'triangle-down' | 'triangle-up' }
  | { kind: 'rule'; label: string; color?: string }
  /** A shaded area of the plot (a severity band), named here rather than over the points. */
  | { kind: 'band'; label: string; fill: string };

function Swatch({ item }: { item: LegendItem }) {
  if (item.kind === 'band') {
    return (
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0">
        <rect x={0.5} y={0.5} width={15} height={15} rx={2} fill={item.fill} stroke="#94a3b8" />
      </svg>
    );
  }
  if (item.kind === 'marker') {
    return (
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0">
        <path d={trianglePath(8, 8, 6, item.shape)} fill={item.color} />
      </svg>
    );
  }
  if (item.kind === 'rule') {
    return (
      <svg aria-hidden="true" viewBox="0 0 28 16" className="h-4 w-7 shrink-0">
        <line x1={1} x2={27} y1={8} y2={8} stroke={item.color ?? '#475569'} strokeWidth={1.5} strokeDasharray="4 3" />
      </svg>
    );
  }
  return (
    <svg aria-hidden="true" viewBox="0 0 28 16" className="h-4 w-7 shrink-0">
      <line x1={1} x2={27} y1={8} y2={8} stroke={item.color} strokeWidth={2} strokeDasharray={item.dashed ? '6 4' : undefined} />
      {item.symbol === 'square' ? (
        <rect x={10.5} y={4.5} width={7} height={7} fill="#ffffff" stroke={item.color} strokeWidth={1.8} />
      ) : (
        <circle cx={14} cy={8} r={3.5} fill="#ffffff" stroke={item.color} strokeWidth={1.8} />
      )}
    </svg>
  );
}

export function ChartLegend({ items, label = 'Legend' }: { items: LegendItem[]; label?: string }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label={label}>
      {items.map((item) => (
        <li key={item.label} className="inline-flex items-center gap-1.5">
          <Swatch item={item} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export function ChartFigure({
  id,
  title,
  level = 3,
  summary,
  legend,
  bandLegend,
  chart,
  table,
  tableLabel = 'Show as table',
}: {
  id: string;
  title: string;
  level?: 3 | 4;
  summary: ReactNode;
  legend?: LegendItem[];
  /** Shaded bands of the plot, in a legend of their own (their names never sit on the points). */
  bandLegend?: LegendItem[];
  /** The drawing, or null when there are too few points for one (the summary says why). */
  chart: ReactNode | null;
  table?: ReactNode;
  tableLabel?: string;
}) {
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <section aria-labelledby={`${id}-heading`} className="flex min-w-0 flex-col gap-2">
      <Heading id={`${id}-heading`} className={level === 3 ? 'text-base font-semibold text-slate-900' : 'text-sm font-semibold text-slate-900'}>
        {title}
      </Heading>
      <p className="text-sm text-slate-700">{summary}</p>
      {chart ? (
        <>
          {legend && legend.length > 0 ? <ChartLegend items={legend} /> : null}
          {chart}
          {bandLegend && bandLegend.length > 0 ? <ChartLegend items={bandLegend} label="Severity bands" /> : null}
        </>
      ) : null}
      {table ? (
        <details className="text-sm">
          <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
            {tableLabel}
          </summary>
          <ScrollRegion className="relative mt-1 rounded-md border border-slate-200">{table}</ScrollRegion>
        </details>
      ) : null}
    </section>
  );
}
