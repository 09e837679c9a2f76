import { AllianceCharts } from '@/components/charts/alliance-charts';
import { OutcomeChart } from '@/components/charts/outcome-chart';
import { allianceSeries, outcomeSeries, seriesIsCapped } from '@/components/charts/series';
import type { OutcomeRuleSettings } from '@/lib/alliance/outcomes';
import type { Alert } from '@/lib/data/alerts';
import { SCORE_SERIES_PER_INSTRUMENT, type ScoreSeries } from '@/lib/data/responses';
import { Empty, RecordSection } from './section';

/**
 * The client's alliance and outcome charts, from the light score series (no answers): each
 * instrument's first result and its latest ones; the Measures section pages through all of them.
 */
export function ChartsSection({
  series,
  alerts,
  reviewDates,
  outcomeRules,
  lowAlliance,
  timeZone,
}: {
  series: ScoreSeries;
  alerts: Alert[];
  reviewDates: string[];
  outcomeRules: Record<'phq-9' | 'gad-7', Pick<OutcomeRuleSettings, 'threshold' | 'convention'>>;
  /** The clinic's low-alliance threshold, drawn on the alliance chart. */
  lowAlliance: number;
  timeZone: string;
}) {
  const responses = series.points;
  const capped = seriesIsCapped(responses, series.totals);
  return (
    <RecordSection
      id="progress"
      title="Alliance and outcomes"
      description={
        responses.length === 0
          ? undefined
          : `Oldest on the left. Each chart has its numbers in a table below it.${capped ? ` Long histories show the first result and the latest ${SCORE_SERIES_PER_INSTRUMENT} of each questionnaire; every result is in the response history under Measures.` : ''}`
      }
    >
      {responses.length === 0 ? (
        <Empty>No measures yet. Charts appear here once the client (and you) have completed questionnaires.</Empty>
      ) : (
        <>
          <AllianceCharts series={allianceSeries(responses, alerts, reviewDates)} lowAlliance={lowAlliance} timeZone={timeZone} />
          <div className="grid gap-6 lg:grid-cols-2">
            <OutcomeChart series={outcomeSeries(responses, 'phq-9', outcomeRules['phq-9'])} timeZone={timeZone} />
            <OutcomeChart series={outcomeSeries(responses, 'gad-7', outcomeRules['gad-7'])} timeZone={timeZone} />
          </div>
        </>
      )}
    </RecordSection>
  );
}
