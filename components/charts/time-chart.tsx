'use client';

import { trianglePath, type MarkerShape } from './shapes';
import { useMounted } from './use-mounted';
import { dateTimeFormat } from '@/lib/format';
import { CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceDot, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';

/*
 * One time-series chart (recharts): lines told apart by dash and point shape as well as colour,
 * shaded bands (named in the figure's legend, not over the points), event markers with a shape and a word, and reference lines with
 * labels. It takes only plain numbers and strings (times in epoch ms) from the server wrapper,
 * which also renders the same data as a table; the drawing is therefore hidden from screen readers.
 */

export type ChartSeries = { id: string; label: string; points: { t: number; v: number }[]; color: string; dashed?: boolean; symbol: 'circle' | 'square' };
/** A marker beside a point: `above` it (pointing at it when triangle-down) or `below` it, with an optional word. */
export type ChartMarker = { id: string; t: number; v: number; shape: MarkerShape; placement: 'above' | 'below'; color: string; text?: string };
export type ChartBand = { from: number; to: number; label: string; fill: string };
export type ChartRule = { id: string; axis: 'x' | 'y'; at: number; label: string; color?: string };

export type TimeChartProps = {
  series: ChartSeries[];
  markers?: ChartMarker[];
  bands?: ChartBand[];
  rules?: ChartRule[];
  y: { min: number; max: number; ticks: number[]; decimals: number };
  timeZone: string;
  height?: number;
};

const DAY = 86_400_000;

function xDomain(series: ChartSeries[], markers: ChartMarker[], rules: ChartRule[]): [number, number] {
  const times = [...series.flatMap((s) => s.points.map((p) => p.t)), ...markers.map((m) => m.t), ...rules.filter((r) => r.axis === 'x').map((r) => r.at)];
  const min = Math.min(...times);
  const max = Math.max(...times);
  // Room either side so end points and their markers are not cut in half.
  const pad = Math.max((max - min) * 0.04, 2 * DAY);
  return [min - pad, max + pad];
}

function ticksBetween([min, max]: [number, number], count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round(min + ((max - min) * (i + 0.5)) / count));
}

export function TimeChart({ series, markers = [], bands = [], rules = [], y, timeZone, height = 260 }: TimeChartProps) {
  const mounted = useMounted();
  if (!mounted) return <div aria-hidden="true" className="w-full" style={{ height }} />;
  const domain = xDomain(series, markers, rules);
  const long = domain[1] - domain[0] > 300 * DAY;
  const dateFormat = dateTimeFormat('en-GB', long ? { month: 'short', year: '2-digit', timeZone } : { day: 'numeric', month: 'short', timeZone });
  const decimals = y.decimals;
  return (
    <div aria-hidden="true" className="w-full">
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 640, height }}>
        <ComposedChart margin={{ top: 22, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          {bands.map((b) => (
            // Unlabelled: a name inside the plot sat on the latest point; the band legend names them.
            <ReferenceArea key={b.label} y1={b.from} y2={b.to} fill={b.fill} fillOpacity={1} ifOverflow="hidden" />
          ))}
          <XAxis
            dataKey="t"
            type="number"
            domain={domain}
            ticks={ticksBetween(domain, 4)}
            tickFormatter={(t: number) => dateFormat.format(t)}
            allowDuplicatedCategory={false}
            tick={{ fontSize: 11, fill: '#475569' }}
            stroke="#94a3b8"
          />
          <YAxis
            type="number"
            domain={[y.min, y.max]}
            ticks={y.ticks}
            tickFormatter={(v: number) => v.toFixed(decimals)}
            width={36}
            tick={{ fontSize: 11, fill: '#475569' }}
            stroke="#94a3b8"
            allowDataOverflow
          />
          {rules.map((r) =>
            r.axis === 'x' ? (
              <ReferenceLine
                key={r.id}
                x={r.at}
                stroke={r.color ?? '#475569'}
                strokeDasharray="4 3"
                label={{ value: r.label, position: 'top', fontSize: 10, fill: '#334155' }}
              />
            ) : (
              <ReferenceLine
                key={r.id}
                y={r.at}
                stroke={r.color ?? '#475569'}
                strokeDasharray="6 4"
                label={{ value: r.label, position: 'insideBottomLeft', fontSize: 10, fill: '#334155' }}
              />
            ),
          )}
          {series.map((s) => (
            <Line
              key={s.id}
              data={s.points}
              dataKey="v"
              name={s.label}
              type="linear"
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '6 4' : undefined}
              dot={{ symbol: s.symbol, r: 3.5, fill: '#ffffff', stroke: s.color, strokeWidth: 1.8, strokeDasharray: '' }}
              activeDot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
          {markers.map((m) => (
            <ReferenceDot
              key={m.id}
              x={m.t}
              y={m.v}
              ifOverflow="extendDomain"
              shape={({ cx = 0, cy = 0 }) => (
                <g>
                  <path d={trianglePath(cx, cy + (m.placement === 'above' ? -13 : 13), 6, m.shape)} fill={m.color} stroke="#ffffff" strokeWidth={1} />
                  {m.text ? (
                    <text x={cx} y={cy + (m.placement === 'above' ? -24 : 32)} textAnchor="middle" fontSize={10} fontWeight={600} fill={m.color}>
                      {m.text}
                    </text>
                  ) : null}
                </g>
              )}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
