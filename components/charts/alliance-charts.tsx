import { formatDate } from '@/lib/format';
import { formatScore } from '@/lib/instruments';
import { ChartFigure, ChartLegend, type LegendItem } from './chart-figure';
import { DataTable, type DataColumn } from './data-table';
import type { AlliancePoint, AllianceSeries } from './series';
import { SUBSCALES } from './series';
import { CHART_COLOURS } from './shapes';
import { TimeChart, type ChartMarker, type ChartRule, type ChartSeries } from './time-chart';

/*
 * The alliance picture of one client: the WAI-SR overall mean with the therapist's own rating beside
 * the client's, the ruptures marked and the clinic's low-alliance threshold drawn (as on the
 * supervisor's chart), then one small chart per subscale (Goal with the plan
 * reviews marked), and every rating in one table.
 */

const Y = { min: 1, max: 5, ticks: [1, 2, 3, 4, 5], decimals: 0 };
const mean = (v: number | null) => (v === null ? '—' : formatScore(v, 'mean'));

function lines(series: AllianceSeries, pick: (p: AlliancePoint) => number | null): ChartSeries[] {
  // Three decimals draw the same line and keep the points sent to the browser short.
  const points = (list: AlliancePoint[]) => list.flatMap((p) => (pick(p) === null ? [] : [{ t: p.t, v: Math.round(pick(p)! * 1000) / 1000 }]));
  return [
    { id: 'client', label: 'Client', points: points(series.client), color: CHART_COLOURS.client, symbol: 'circle' },
    { id: 'therapist', label: 'Therapist', points: points(series.therapist), color: CHART_COLOURS.therapist, dashed: true, symbol: 'square' },
  ];
}

const TABLE_COLUMNS: DataColumn[] = [
  { label: 'Date' },
  { label: 'Rated by' },
  { label: 'Overall', numeric: true, strong: true },
  ...SUBSCALES.map((s) => ({ label: s.label, numeric: true })),
  { label: 'Event' },
];

const LINE_LEGEND: LegendItem[] = [
  { kind: 'line', label: 'Client’s rating', color: CHART_COLOURS.client, symbol: 'circle' },
  { kind: 'line', label: 'Therapist’s rating', color: CHART_COLOURS.therapist, dashed: true, symbol: 'square' },
];

function describe(series: AllianceSeries, pick: (p: AlliancePoint) => number | null, timeZone: string, what: string): string {
  const client = series.client.filter((p) => pick(p) !== null);
  const therapist = series.therapist.filter((p) => pick(p) !== null);
  const first = client[0];
  const last = client[client.length - 1];
  let text: string;
  if (!first || !last) text = `No client ratings of the ${what} yet.`;
  else if (client.length === 1)
    text = `One client rating so far (${mean(pick(first))} on ${formatDate(new Date(first.t), timeZone)}): a trend needs at least two.`;
  else
    text = `${client.length} client ratings from ${formatDate(new Date(first.t), timeZone)} to ${formatDate(new Date(last.t), timeZone)}: ${mean(pick(first))} → ${mean(pick(last))}.`;
  const lastTherapist = therapist[therapist.length - 1];
  if (lastTherapist) text += ` Therapist’s latest: ${mean(pick(lastTherapist))} (${therapist.length} ${therapist.length === 1 ? 'rating' : 'ratings'}).`;
  return text;
}

function ruptureMarkers(series: AllianceSeries): ChartMarker[] {
  return series.ruptures.map((r) => ({ id: r.id, t: r.t, v: r.v, shape: 'triangle-down', placement: 'above', color: CHART_COLOURS.rupture, text: 'Rupture' }));
}

export function AllianceCharts({
  series,
  lowAlliance,
  timeZone,
}: {
  series: AllianceSeries;
  /** The clinic's low-alliance threshold (settings). */ lowAlliance: number;
  timeZone: string;
}) {
  const overall = (p: AlliancePoint) => p.overall;
  const canDraw = (pick: (p: AlliancePoint) => number | null) => series.client.filter((p) => pick(p) !== null).length >= 2;
  const ruptureText =
    series.ruptures.length === 0
      ? ' No ruptures.'
      : ` ${series.ruptures.length} ${series.ruptures.length === 1 ? 'rupture' : 'ruptures'} (${series.ruptures.filter((r) => r.repaired).length} repaired, ${series.ruptures.filter((r) => r.open).length} open).`;
  const thresholdLabel = `Clinic’s low-alliance threshold (${mean(lowAlliance)})`;
  const thresholdRule: ChartRule = {
    id: 'low-alliance',
    axis: 'y',
    at: lowAlliance,
    label: `Low alliance ${mean(lowAlliance)}`,
    color: CHART_COLOURS.lowAlliance,
  };
  const below = series.client.filter((p) => p.overall < lowAlliance).length;
  const thresholdText =
    series.client.length === 0
      ? ''
      : ` ${below} of ${series.client.length} client ${series.client.length === 1 ? 'rating' : 'ratings'} below the clinic’s low-alliance threshold of ${mean(lowAlliance)}.`;
  const reviewRules: ChartRule[] = series.reviews.map((t, i) => ({ id: `review-${i}`, axis: 'x', at: t, label: 'Review', color: CHART_COLOURS.review }));
  const rows = [...series.client.map((p) => ({ ...p, by: 'Client' as const })), ...series.therapist.map((p) => ({ ...p, by: 'Therapist' as const }))].sort(
    (a, b) => a.t - b.t || a.by.localeCompare(b.by),
  );
  const ruptureAt = new Map(series.ruptures.map((r) => [r.t, r.label]));

  return (
    <div className="flex flex-col gap-6">
      <ChartFigure
        id="alliance-overall"
        title="Alliance over time (WAI-SR, mean 1–5)"
        summary={describe(series, overall, timeZone, 'alliance') + (series.client.length > 0 ? ruptureText : '') + thresholdText}
        legend={[
          ...LINE_LEGEND,
          { kind: 'rule', label: thresholdLabel, color: CHART_COLOURS.lowAlliance },
          ...(series.ruptures.length > 0
            ? [{ kind: 'marker', label: 'Rupture (alert raised)', color: CHART_COLOURS.rupture, shape: 'triangle-down' } as const]
            : []),
        ]}
        chart={
          canDraw(overall) ? (
            <TimeChart series={lines(series, overall)} markers={ruptureMarkers(series)} rules={[thresholdRule]} y={Y} timeZone={timeZone} />
          ) : null
        }
        tableLabel="Show alliance ratings as a table"
        table={
          rows.length === 0 ? null : (
            <DataTable
              caption="Alliance ratings (WAI-SR), oldest first"
              columns={TABLE_COLUMNS}
              rows={rows.map((r) => [
                formatDate(new Date(r.t), timeZone),
                r.by,
                mean(r.overall),
                ...SUBSCALES.map((s) => mean(r[s.key])),
                r.by === 'Client' ? (ruptureAt.get(r.t) ?? '') : '',
              ])}
            />
          )
        }
      />
      {series.client.length > 0 || series.therapist.length > 0 ? (
        <div role="group" aria-labelledby="alliance-subscales-heading" className="flex flex-col gap-3">
          <h3 id="alliance-subscales-heading" className="text-base font-semibold text-slate-900">
            Alliance by subscale
          </h3>
          <ChartLegend items={LINE_LEGEND} />
          <div className="grid gap-6 lg:grid-cols-3">
            {SUBSCALES.map(({ key, label }) => {
              const pick = (p: AlliancePoint) => p[key];
              const reviews = key === 'goal' ? reviewRules : [];
              const reviewText =
                key === 'goal'
                  ? series.reviews.length === 0
                    ? ' No plan reviews yet.'
                    : ` Plan reviews: ${series.reviews.map((t) => formatDate(new Date(t), timeZone)).join(', ')}.`
                  : '';
              return (
                <ChartFigure
                  key={key}
                  id={`alliance-${key}`}
                  level={4}
                  title={`${label}${key === 'goal' ? ' (agreement on goals)' : key === 'task' ? ' (agreement on tasks)' : ' (the bond)'}`}
                  summary={describe(series, pick, timeZone, `${label.toLowerCase()} subscale`) + reviewText}
                  legend={reviews.length > 0 ? [{ kind: 'rule', label: 'Plan review', color: CHART_COLOURS.review }] : undefined}
                  chart={canDraw(pick) ? <TimeChart series={lines(series, pick)} rules={reviews} y={Y} timeZone={timeZone} height={200} /> : null}
                />
              );
            })}
          </div>
        </div>
      ) : null}
    </div>
  );
}
