import type { MeasureResponse } from '@/lib/data/responses';
import { formatScore, renderItemText } from '@/lib/instruments';
import type { ResponseHistoryRow } from './response-history-table';

/*
 * A page of stored responses as the short strings the response history table shows (server side:
 * scores and item texts are formatted here, so the table receives only strings).
 */

export const SOURCE_LABEL: Record<MeasureResponse['source'], string> = {
  portal: 'Client · portal',
  in_session: 'Client · entered in session',
  paper: 'Client · from paper',
  therapist: 'Therapist',
};

/** WAI-SR: the mean to two decimals; PHQ-9 / GAD-7: the total with its band. */
export function headlineText(r: Pick<MeasureResponse, 'headline' | 'scoreKind' | 'band'>): string {
  if (r.scoreKind === 'mean') return `${formatScore(r.headline, 'mean')} mean`;
  return `${formatScore(r.headline, 'sum')}${r.band ? ` · ${r.band}` : ''}`;
}

// The WAI-SR's own order (stored JSON does not keep key order).
const SUBSCALE_ORDER = ['goal', 'task', 'bond'];
const rank = (key: string) => (SUBSCALE_ORDER.includes(key) ? SUBSCALE_ORDER.indexOf(key) : SUBSCALE_ORDER.length);

export function subscaleText(subscales: MeasureResponse['subscales']): string {
  const entries = Object.entries(subscales).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return entries.length === 0 ? '—' : entries.map(([key, mean]) => `${key.charAt(0).toUpperCase()}${key.slice(1)} ${formatScore(mean, 'mean')}`).join(' · ');
}

/** `date` formats the submission time as the page shows times; `withDateTime` adds the ISO instant. */
export function responseHistoryRows(responses: MeasureResponse[], date: (at: Date) => string, withDateTime = false): ResponseHistoryRow[] {
  return responses.map((r) => ({
    date: date(r.submittedAt),
    ...(withDateTime ? { dateTime: r.submittedAt.toISOString() } : {}),
    title: r.shortTitle,
    source: SOURCE_LABEL[r.source],
    score: headlineText(r),
    subscales: subscaleText(r.subscales),
    answers: r.answers.map((a): [string, string] => [`${a.number}. ${renderItemText(a.text)}`, a.answer]),
  }));
}
