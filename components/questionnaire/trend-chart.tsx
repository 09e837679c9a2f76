import { formatDate } from '@/lib/format';

/*
 * A small line chart drawn on the server as SVG (no chart code in the browser), with the same
 * points in a table for anyone who cannot see or read the chart.
 */

export type TrendChartPoint = { at: Date; value: number };

type Props = {
  id: string;
  title: string;
  /** One sentence on how to read the scores, in plain language. */
  hint: string;
  points: TrendChartPoint[];
  range: { min: number; max: number };
  /** Where to draw faint guide lines (e.g. band boundaries); the range ends are always drawn. */
  guides?: number[];
  format: (value: number) => string;
  /** A word for a value, e.g. its band ("Mild"). */
  describe?: (value: number) => string | null;
  emptyText: string;
  /** The clinic's zone: dates show as the clinic reads them. */
  timeZone: string;
};

const WIDTH = 320;
const HEIGHT = 150;
const PAD = { top: 10, right: 12, bottom: 24, left: 30 };

export function TrendChart({ id, title, hint, points, range, guides = [], format, describe, emptyText, timeZone }: Props) {
  const headingId = `${id}-heading`;
  if (points.length === 0) {
    return (
      <section aria-labelledby={headingId} className="flex flex-col gap-2">
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          {title}
        </h3>
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-700">{emptyText}</p>
      </section>
    );
  }

  const first = points[0]!;
  const last = points[points.length - 1]!;
  const t0 = first.at.getTime();
  const t1 = last.at.getTime();
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (at: Date) => PAD.left + (t1 === t0 ? plotW / 2 : ((at.getTime() - t0) / (t1 - t0)) * plotW);
  const y = (value: number) => PAD.top + (1 - (Math.min(Math.max(value, range.min), range.max) - range.min) / (range.max - range.min)) * plotH;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const ticks = [...new Set([range.min, ...guides, range.max])].sort((a, b) => a - b);
  const latestWord = describe?.(last.value);
  const summary =
    `${points.length} ${points.length === 1 ? 'result' : 'results'}` +
    (points.length > 1 ? ` from ${formatDate(first.at, timeZone)} to ${formatDate(last.at, timeZone)}` : ` on ${formatDate(first.at, timeZone)}`) +
    `. Latest: ${format(last.value)}${latestWord ? ` (${latestWord})` : ''}.` +
    (points.length > 1 ? ` First: ${format(first.value)}.` : '');

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <h3 id={headingId} className="text-base font-semibold text-slate-900">
        {title}
      </h3>
      <p className="text-sm text-slate-600">{hint}</p>
      <p className="text-sm text-slate-800">{summary}</p>
      {/* The summary above and the table below carry the same information in text. */}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full max-w-md" aria-hidden="true" focusable="false">
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
              stroke="#cbd5e1"
              strokeWidth={tick === range.min ? 1 : 0.6}
              strokeDasharray={tick === range.min || tick === range.max ? undefined : '3 3'}
            />
            <text x={PAD.left - 5} y={y(tick) + 3.5} textAnchor="end" fontSize="11" fill="#475569">
              {format(tick)}
            </text>
          </g>
        ))}
        <text
          x={PAD.left}
          y={HEIGHT - 6}
          fontSize="11"
          fill="#475569"
          textAnchor={points.length > 1 ? 'start' : 'middle'}
          dx={points.length > 1 ? 0 : plotW / 2}
        >
          {formatDate(first.at, timeZone)}
        </text>
        {points.length > 1 ? (
          <text x={WIDTH - PAD.right} y={HEIGHT - 6} fontSize="11" fill="#475569" textAnchor="end">
            {formatDate(last.at, timeZone)}
          </text>
        ) : null}
        {points.length > 1 ? <path d={path} fill="none" stroke="#0f766e" strokeWidth={2} strokeLinejoin="round" strokeLinecap="round" /> : null}
        {points.map((p, i) => (
          <circle key={i} cx={x(p.at)} cy={y(p.value)} r={p === last ? 4 : 2.8} fill={p === last ? '#0f766e' : '#ffffff'} stroke="#0f766e" strokeWidth={1.6} />
        ))}
      </svg>
      <details className="text-sm">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
          Show these results as a table
        </summary>
        <table className="mt-2 w-full max-w-md text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-4 font-semibold">
                Date
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-semibold">
                Score
              </th>
              {describe ? (
                <th scope="col" className="py-1 font-semibold">
                  Meaning
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {points.map((p, i) => (
              <tr key={i}>
                <td className="py-1 pr-4">{formatDate(p.at, timeZone)}</td>
                <td className="py-1 pr-4 text-right tabular-nums">{format(p.value)}</td>
                {describe ? <td className="py-1">{describe(p.value) ?? '—'}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
