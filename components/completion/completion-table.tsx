import { formatRate, type CompletionCounts, type CompletionTrend } from '@/lib/reminders/completion';
import { formatDate } from '@/lib/format';
import { ScrollRegion } from '@/components/ui/scroll-region';

/*
 * Form completion counts as a table (supervisor comparison, admin home): one row per therapist or
 * per period. Counts only: who answered which form never reaches these pages.
 */

const th = 'px-3 py-2 text-left font-semibold whitespace-nowrap';
const num = 'px-3 py-2 text-right tabular-nums';

export type CompletionRow = { key: string; label: string; counts: CompletionCounts; total?: boolean };

export function CompletionTable({ caption, rowLabel, rows }: { caption: string; rowLabel: string; rows: CompletionRow[] }) {
  return (
    <ScrollRegion className="relative rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={th}>
              {rowLabel}
            </th>
            {['Forms assigned', 'Done on time', 'Done late', 'Expired', 'Still open', 'Completion rate'].map((label) => (
              <th key={label} scope="col" className={`${th} text-right`}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key} className={row.total ? 'bg-slate-50 font-semibold' : undefined}>
              <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                {row.label}
              </th>
              <td className={num}>{row.counts.assigned}</td>
              <td className={num}>{row.counts.onTime}</td>
              <td className={num}>{row.counts.late}</td>
              <td className={num}>{row.counts.expired}</td>
              <td className={num}>{row.counts.open}</td>
              <td className={`${num} font-semibold`}>{formatRate(row.counts.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** One sentence on the rate before and since reminders went on (or that they are off). */
export function trendSentence(trend: CompletionTrend, timeZone: string): string {
  if (!trend.remindersSince || !trend.before || !trend.after) return 'Form reminders are switched off, so there is no before-and-after comparison.';
  const since = formatDate(trend.remindersSince, timeZone);
  const change = trend.change === null ? '' : ` (${trend.change >= 0 ? '+' : '−'}${Math.abs(Math.round(trend.change * 100))} percentage points)`;
  return `Reminders were switched on ${since}: completion ${formatRate(trend.before.rate)} for forms assigned before, ${formatRate(trend.after.rate)} for forms assigned since${change}.`;
}

export const COMPLETION_DEFINITIONS =
  'Client forms due in the range. On time: answered within two days of being due; late: answered after that, before it expired. The rate is forms answered out of those answered or expired (forms still open are not counted yet).';
