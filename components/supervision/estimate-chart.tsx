'use client';

import { useId } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  LabelList,
  Legend,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  type LabelProps,
  type TooltipContentProps,
} from 'recharts';
import { useMounted } from '@/components/charts/use-mounted';
import { coverage, interval2, mean2, percent } from './format';
import { ScrollRegion } from '@/components/ui/scroll-region';

/*
 * Each therapist's alliance estimate (with its interval) against the number of clients it rests
 * on, and the mean of the supervisor's supervisees as a reference line: the picture of "few clients, wide interval". The
 * same numbers follow in a table for anyone who cannot see or read the chart.
 */

export type EstimatePoint = {
  therapistId: string;
  name: string;
  n: number;
  rawMean: number | null;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  shrinkage: number | null;
};

type Props = {
  points: EstimatePoint[];
  grandMean: number | null;
  lowAlliance: number;
  interval: number;
  /** Estimates are shrunk towards the mean of the supervisees (otherwise they equal the raw means). */
  pooled: boolean;
};

type Plotted = EstimatePoint & { estimate: number; lower: number; upper: number; x: number; error: [number, number] };

const TEAL = '#0f766e';
const SLATE = '#475569';
const AMBER = '#b45309';

/** Therapists with the same n sit side by side rather than on top of each other. */
function withJitter(points: EstimatePoint[]): Plotted[] {
  const plotted = points.filter(
    (p): p is EstimatePoint & { estimate: number; lower: number; upper: number } => p.estimate !== null && p.lower !== null && p.upper !== null,
  );
  const byN = new Map<number, number>();
  for (const p of plotted) byN.set(p.n, (byN.get(p.n) ?? 0) + 1);
  const seen = new Map<number, number>();
  return plotted.map((p) => {
    const count = byN.get(p.n) ?? 1;
    const index = seen.get(p.n) ?? 0;
    seen.set(p.n, index + 1);
    const offset = count === 1 ? 0 : (index - (count - 1) / 2) * 0.18;
    return { ...p, x: p.n + offset, error: [p.estimate - p.lower, p.upper - p.estimate] };
  });
}

type Box = { x: number; y: number; width: number; height: number };

function boxOf(value: unknown): Box | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const nums = ['x', 'y', 'width', 'height'].map((k) => (typeof v[k] === 'number' && Number.isFinite(v[k]) ? v[k] : null));
  return nums.every((n) => n !== null) ? { x: nums[0]!, y: nums[1]!, width: nums[2]!, height: nums[3]! } : null;
}

/**
 * A therapist's name beside their dot, on one line (recharts would wrap it to the symbol's width),
 * with a white halo so it stays legible over grid and reference lines; to the left of the dot when
 * it would run off the plot on the right.
 */
function NameLabel({ viewBox, parentViewBox, value }: LabelProps) {
  const box = boxOf(viewBox);
  if (!box || value === undefined || value === null) return null;
  const text = String(value);
  const plot = boxOf(parentViewBox);
  const estimatedWidth = text.length * 6.6;
  const right = box.x + box.width + 8;
  const flip = plot !== null && right + estimatedWidth > plot.x + plot.width;
  return (
    <text
      x={flip ? box.x - 8 : right}
      y={box.y + box.height / 2}
      dominantBaseline="central"
      textAnchor={flip ? 'end' : 'start'}
      fontSize={12}
      fill="#0f172a"
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
    >
      {text}
    </text>
  );
}

function PointTooltip({ active, payload, interval }: TooltipContentProps & { interval: number }) {
  const point = active ? (payload?.[0]?.payload as Plotted | undefined) : undefined;
  if (!point) return null;
  return (
    <div className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
      <p className="font-semibold text-slate-900">{point.name}</p>
      <p className="text-slate-700">
        Estimate {mean2(point.estimate)} ({coverage(interval)} interval {interval2(point.lower, point.upper)})
      </p>
      <p className="text-slate-700">
        Raw mean {mean2(point.rawMean)} · n = {point.n} {point.n === 1 ? 'client' : 'clients'}
      </p>
    </div>
  );
}

export function EstimateChart({ points, grandMean, lowAlliance, interval, pooled }: Props) {
  const id = useId();
  const mounted = useMounted();
  const plotted = withJitter(points);
  const maxN = Math.max(1, ...points.map((p) => p.n));
  const cover = coverage(interval);
  const missing = points.filter((p) => p.estimate === null);
  const summary =
    plotted.length === 0
      ? 'No client-rated WAI-SR in this date range, so there is nothing to plot.'
      : `${plotted.map((p) => `${p.name}: estimate ${mean2(p.estimate)}, ${cover} interval ${interval2(p.lower, p.upper)}, n = ${p.n}`).join('; ')}.` +
        (grandMean === null ? '' : ` Mean of your supervisees ${mean2(grandMean)}.`);

  return (
    <figure aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <figcaption>
        <h3 id={`${id}-title`} className="text-base font-semibold text-slate-900">
          Alliance estimate against number of clients
        </h3>
        <p className="mt-1 text-sm text-slate-600">
          Each dot is a therapist’s estimated client-rated alliance (WAI-SR, 1–5) with its {cover} interval as a vertical bar, placed by how many clients it
          rests on. Fewer clients, wider bar.
          {grandMean === null
            ? ''
            : ` The dashed line is the mean of your supervisees (${mean2(grandMean)}); the amber line the low-alliance threshold (${mean2(lowAlliance)}).`}
          {pooled ? ' Hollow circles are the plain averages before they are pulled towards the mean.' : ''}
        </p>
      </figcaption>
      {plotted.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-700">{summary}</p>
      ) : (
        <div role="img" aria-label={summary} className="w-full">
          {/* Drawn in the browser only (see useMounted); the server reserves its height. */}
          {!mounted ? (
            <div className="w-full" style={{ height: 320 }} />
          ) : (
            <ScatterChart responsive accessibilityLayer={false} style={{ width: '100%', height: 320 }} margin={{ top: 16, right: 12, bottom: 28, left: 0 }}>
              <CartesianGrid stroke="#e2e8f0" />
              <XAxis
                type="number"
                dataKey="x"
                name="Clients"
                domain={[0, maxN + 2]}
                allowDecimals={false}
                tick={{ fill: SLATE, fontSize: 12 }}
                label={{ value: 'Clients with a WAI-SR in the range (n)', position: 'insideBottom', offset: -16, fill: SLATE, fontSize: 12 }}
              />
              <YAxis type="number" dataKey="estimate" name="Estimate" domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} width={36} tick={{ fill: SLATE, fontSize: 12 }} />
              <ReferenceLine y={lowAlliance} stroke={AMBER} strokeDasharray="2 4" ifOverflow="extendDomain" />
              {grandMean === null ? null : (
                <ReferenceLine
                  y={grandMean}
                  stroke={SLATE}
                  strokeDasharray="6 4"
                  label={{ value: `Mean of your supervisees ${mean2(grandMean)}`, position: 'insideTopLeft', fill: SLATE, fontSize: 12 }}
                />
              )}
              <Tooltip cursor={false} content={(props) => <PointTooltip {...props} interval={interval} />} />
              {pooled ? (
                <Scatter
                  name="Raw mean"
                  data={plotted.map((p) => ({ ...p, estimate: p.rawMean }))}
                  fill="#ffffff"
                  stroke={SLATE}
                  isAnimationActive={false}
                  legendType="circle"
                />
              ) : null}
              <Scatter name={`Estimate with ${cover} interval`} data={plotted} fill={TEAL} isAnimationActive={false} legendType="circle">
                <ErrorBar dataKey="error" direction="y" width={8} stroke={TEAL} strokeWidth={2} isAnimationActive={false} />
                <LabelList dataKey="name" content={NameLabel} />
              </Scatter>
              <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
            </ScatterChart>
          )}
        </div>
      )}
      {missing.length > 0 ? (
        <p className="text-sm text-slate-600">Not plotted (no client-rated WAI-SR in the range): {missing.map((p) => p.name).join(', ')}.</p>
      ) : null}
      <details className="text-sm">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
          Show the chart’s numbers as a table
        </summary>
        <ScrollRegion className="mt-2">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Alliance estimate, interval and number of clients per therapist</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-4 font-semibold">
                  Therapist
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-semibold">
                  n (clients)
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-semibold">
                  Raw mean
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-semibold">
                  Estimate
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-semibold">
                  {cover} interval
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-semibold">
                  Pulled to mean of your supervisees
                </th>
                <th scope="col" className="py-1 text-right font-semibold">
                  vs mean of your supervisees
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {points.map((p) => (
                <tr key={p.therapistId}>
                  <th scope="row" className="py-1 pr-4 font-medium whitespace-nowrap">
                    {p.name}
                  </th>
                  <td className="py-1 pr-4 text-right">{p.n}</td>
                  <td className="py-1 pr-4 text-right">{mean2(p.rawMean)}</td>
                  <td className="py-1 pr-4 text-right">{mean2(p.estimate)}</td>
                  <td className="py-1 pr-4 text-right whitespace-nowrap">{interval2(p.lower, p.upper)}</td>
                  <td className="py-1 pr-4 text-right">{percent(p.shrinkage)}</td>
                  <td className="py-1 text-right">{relativeTo(p, grandMean)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {grandMean === null ? null : <p className="mt-2 text-slate-600">Mean of your supervisees: {mean2(grandMean)}.</p>}
        </ScrollRegion>
      </details>
    </figure>
  );
}

/** Whether the interval lies above, below or across the mean of the supervisees. */
function relativeTo(p: EstimatePoint, grandMean: number | null): string {
  if (grandMean === null || p.lower === null || p.upper === null) return '—';
  if (p.lower > grandMean) return 'above';
  if (p.upper < grandMean) return 'below';
  return 'interval includes it';
}
