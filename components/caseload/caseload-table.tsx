import type { CaseloadTableRow } from '@/lib/data/caseload';
import { formatDate } from '@/lib/format';
import { formatScore } from '@/lib/instruments';
import { formatRate } from '@/lib/reminders/completion';
import { CASELOAD_SORTS, type CaseloadQuery } from '@/lib/validation/caseload';
import { CaseloadTableView, type CaseloadViewRow, type SortLinks } from './caseload-table-view';
import { sortHref } from './query';
import { sparklineLabel } from './sparkline';

export { CASELOAD_TABLE_CAPTION } from './caseload-table-view';

/** The caseload rows as the table shows them: scores, dates and links worked out here, on the server. */
export function toViewRow(row: CaseloadTableRow, timeZone: string): CaseloadViewRow {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    attendedSessions: row.attendedSessions,
    lastSession: row.lastSessionAt ? { iso: row.lastSessionAt.toISOString(), text: formatDate(row.lastSessionAt, timeZone) } : null,
    alliance:
      row.alliance === null ? null : { text: formatScore(row.alliance, 'mean'), trend: row.allianceTrend, trendLabel: sparklineLabel(row.allianceTrend) },
    phq9: row.phq9,
    gad7: row.gad7,
    openAlerts: row.openAlerts,
    urgentAlerts: row.urgentAlerts,
    // A review date is a calendar date: shown as written, whatever the zone.
    review: row.nextReviewDate ? { iso: row.nextReviewDate, text: formatDate(row.nextReviewDate, 'UTC'), due: row.reviewDue } : null,
    forms:
      row.forms.decided === 0 ? null : { text: `${row.forms.completed} of ${row.forms.decided}`, rate: formatRate(row.forms.completed / row.forms.decided) },
  };
}

/** The therapist's caseload table for one URL state (see caseload-table-view.tsx). */
export function CaseloadTable({ rows, total, query, timeZone }: { rows: CaseloadTableRow[]; total: number; query: CaseloadQuery; timeZone: string }) {
  const sortLinks = Object.fromEntries(CASELOAD_SORTS.map((column) => [column, sortHref(query, column)])) as SortLinks;
  return <CaseloadTableView rows={rows.map((row) => toViewRow(row, timeZone))} total={total} query={query} sortLinks={sortLinks} />;
}
