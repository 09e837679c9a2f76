import { formatDate } from '@/lib/format';
import { getInstrument } from '@/lib/instruments';
import { bandFill } from './bands';
import { ChartFigure, type LegendItem } from './chart-figure';
import { DataTable, type DataColumn } from './data-table';
import type { OutcomeFindingKind, OutcomeSeries } from './series';
import { CHART_COLOURS } from './shapes';
import { TimeChart, type ChartBand, type ChartMarker, type ChartRule } from './time-chart';

/*
 * PHQ-9 or GAD-7 totals over time on their severity bands (shaded, and named in a legend under the plot), with the intake score
 * and the reliable-change thresholds either side of it drawn as labelled lines, and a triangle on
 * every result that changed reliably from intake (up: worse, down: better).
 */

const FINDING_LABEL: Record<OutcomeFindingKind, string> = { deterioration: 'Reliable deterioration', reliable_improvement: 'Reliable improvement' };

const TITLES: Record<OutcomeSeries['instrument'], string> = { 'phq-9': 'Depression (PHQ-9, 0–27)', 'gad-7': 'Anxiety (GAD-7, 0–21)' };

const TABLE_COLUMNS: DataColumn[] = [
  { label: 'Date' },
  { label: 'Total', numeric: true, strong: true },
  { label: 'Band' },
  { label: 'From intake', numeric: true },
  { label: 'Reliable change' },
];

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0';
}

export function OutcomeChart({ series, timeZone }: { series: OutcomeSeries; timeZone: string }) {
  const short = getInstrument(series.instrument).shortTitle;
  const { points, baseline, threshold, range } = series;
  const first = points[0];
  const last = points[points.length - 1];
  const date = (t: number) => formatDate(new Date(t), timeZone);

  let summary: string;
  if (!first || !last || baseline === null) summary = `No ${short} results yet.`;
  else if (points.length === 1) summary = `One result so far: ${first.v} (${first.band ?? 'no band'}) on ${date(first.t)}. A trend needs at least two.`;
  else {
    const change = last.v - baseline;
    summary =
      `${points.length} results from ${date(first.t)} to ${date(last.t)}. Intake ${baseline} (${first.band ?? '—'}), latest ${last.v} (${last.band ?? '—'}): ` +
      `${signed(change)} from intake, ${last.finding ? FINDING_LABEL[last.finding].toLowerCase() : 'not a reliable change'} (threshold ${threshold} points, ${series.convention}).`;
  }

  // One colour per band name across questionnaires (bands.ts), named in a legend below the plot.
  const bands: ChartBand[] = series.bands.map((b) => ({ ...b, fill: bandFill(b.label) }));
  const bandLegend: LegendItem[] = bands.map((b) => ({ kind: 'band', label: `${b.label} (${b.from}–${b.to === range.max ? b.to : b.to - 1})`, fill: b.fill }));
  const rules: ChartRule[] = [];
  if (baseline !== null) {
    rules.push({ id: 'intake', axis: 'y', at: baseline, label: `Intake ${baseline}` });
    if (baseline + threshold <= range.max)
      rules.push({ id: 'worse', axis: 'y', at: baseline + threshold, label: `+${threshold} reliably worse`, color: CHART_COLOURS.deterioration });
    if (baseline - threshold >= range.min)
      rules.push({ id: 'better', axis: 'y', at: baseline - threshold, label: `−${threshold} reliably better`, color: CHART_COLOURS.improvement });
  }
  const markers = points.flatMap((p): ChartMarker[] =>
    p.finding === 'deterioration'
      ? [{ id: p.id, t: p.t, v: p.v, shape: 'triangle-up' as const, placement: 'above' as const, color: CHART_COLOURS.deterioration }]
      : p.finding === 'reliable_improvement'
        ? [{ id: p.id, t: p.t, v: p.v, shape: 'triangle-down' as const, placement: 'below' as const, color: CHART_COLOURS.improvement }]
        : [],
  );
  const legend: LegendItem[] = [
    { kind: 'line', label: `${short} total`, color: CHART_COLOURS.client, symbol: 'circle' },
    { kind: 'rule', label: `Intake score and ±${threshold} (reliable change)` },
    ...(points.some((p) => p.finding === 'deterioration')
      ? [{ kind: 'marker', label: 'Reliable deterioration', color: CHART_COLOURS.deterioration, shape: 'triangle-up' } as const]
      : []),
    ...(points.some((p) => p.finding === 'reliable_improvement')
      ? [{ kind: 'marker', label: 'Reliable improvement', color: CHART_COLOURS.improvement, shape: 'triangle-down' } as const]
      : []),
  ];
  const ticks = series.bands.map((b) => b.from).concat(range.max);

  return (
    <ChartFigure
      id={`outcome-${series.instrument}`}
      title={TITLES[series.instrument]}
      summary={summary}
      legend={legend}
      bandLegend={bandLegend}
      chart={
        points.length >= 2 ? (
          <TimeChart
            series={[{ id: series.instrument, label: short, points: points.map((p) => ({ t: p.t, v: p.v })), color: CHART_COLOURS.client, symbol: 'circle' }]}
            markers={markers}
            bands={bands}
            rules={rules}
            y={{ min: range.min, max: range.max, ticks, decimals: 0 }}
            timeZone={timeZone}
          />
        ) : null
      }
      tableLabel={`Show ${short} results as a table`}
      table={
        points.length === 0 ? null : (
          <DataTable
            caption={`${short} results, oldest first`}
            columns={TABLE_COLUMNS}
            rows={points.map((p, i) => [
              date(p.t),
              String(p.v),
              p.band ?? '—',
              i === 0 ? 'Intake' : signed(p.change),
              p.finding ? FINDING_LABEL[p.finding] : i === 0 ? '' : 'No',
            ])}
          />
        )
      }
    />
  );
}
