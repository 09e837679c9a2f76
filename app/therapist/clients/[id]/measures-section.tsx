import Link from 'next/link';
import type { OpenAssignmentDto, ResponseDto } from '@/lib/data/responses';
import { formatDateTime } from '@/lib/format';
import { formatScore, renderItemText } from '@/lib/instruments';
import { AssignMeasureForm, type InstrumentOption } from './assign-measure-form';
import { Empty, RecordSection, ScrollTable, SubHeading, td, th } from './section';

const SOURCE_LABEL: Record<ResponseDto['source'], string> = {
  portal: 'Client · portal',
  in_session: 'Client · entered in session',
  paper: 'Client · from paper',
  therapist: 'Therapist',
};
const STATUS_LABEL: Record<OpenAssignmentDto['status'], string> = { pending: 'Not started', in_progress: 'Started' };

function capitalise(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** WAI-SR: the mean to two decimals; PHQ-9 / GAD-7: the total with its band. */
export function headlineText(r: Pick<ResponseDto, 'headline' | 'scoreKind' | 'band'>): string {
  if (r.scoreKind === 'mean') return `${formatScore(r.headline, 'mean')} mean`;
  return `${formatScore(r.headline, 'sum')}${r.band ? ` · ${r.band}` : ''}`;
}

// The WAI-SR's own order (stored JSON does not keep key order).
const SUBSCALE_ORDER = ['goal', 'task', 'bond'];
const rank = (key: string) => (SUBSCALE_ORDER.includes(key) ? SUBSCALE_ORDER.indexOf(key) : SUBSCALE_ORDER.length);

function subscaleText(subscales: ResponseDto['subscales']): string {
  const entries = Object.entries(subscales).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return entries.length === 0 ? '—' : entries.map(([key, mean]) => `${capitalise(key)} ${formatScore(mean, 'mean')}`).join(' · ');
}

const linkClass = 'font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

export function MeasuresSection({
  clientId,
  open,
  responses,
  instruments,
  canWrite,
}: {
  clientId: string;
  open: OpenAssignmentDto[];
  responses: ResponseDto[];
  instruments: InstrumentOption[];
  canWrite: boolean;
}) {
  return (
    <RecordSection id="measures" title="Measures">
      <div className="flex flex-col gap-4">
        <div className="min-w-0" role="region" aria-labelledby="open-measures-heading">
          <SubHeading id="open-measures-heading">Open measures</SubHeading>
          {open.length === 0 ? (
            <Empty>No open measures.</Empty>
          ) : (
            <ScrollTable caption="Open measures, soonest due first">
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className={th}>Questionnaire</th>
                  <th scope="col" className={th}>For</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Due</th>
                  <th scope="col" className={th}>Expires</th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {open.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className={`${td} text-left font-medium whitespace-nowrap`}>{a.shortTitle}</th>
                    <td className={td}>{a.respondent === 'therapist' ? 'Therapist' : 'Client'}</td>
                    <td className={`${td} whitespace-nowrap`}>{STATUS_LABEL[a.status]}</td>
                    <td className={`${td} whitespace-nowrap`}>{formatDateTime(a.dueAt)}</td>
                    <td className={`${td} whitespace-nowrap`}>{formatDateTime(a.expiresAt)}</td>
                    <td className={`${td} whitespace-nowrap`}>
                      {canWrite ? (
                        <Link href={`/therapist/clients/${clientId}/forms/${a.id}`} className={linkClass}>
                          {a.respondent === 'therapist' ? 'Rate this session' : 'Enter answers given in session or on paper'}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </div>
        {canWrite ? (
          <div className="min-w-0 rounded-md bg-slate-50 p-4">
            <SubHeading id="assign-heading">Assign a questionnaire</SubHeading>
            <p className="mb-3 text-sm text-slate-600">Due now; it expires after the clinic&apos;s usual number of days.</p>
            <AssignMeasureForm clientId={clientId} instruments={instruments} />
          </div>
        ) : null}
      </div>
      <div role="region" aria-labelledby="responses-heading">
        <SubHeading id="responses-heading">Response history</SubHeading>
        {responses.length === 0 ? (
          <Empty>No measures completed yet.</Empty>
        ) : (
          <ScrollTable caption="Completed measures, newest first">
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className={th}>Date</th>
                <th scope="col" className={th}>Questionnaire · respondent</th>
                <th scope="col" className={th}>Score</th>
                <th scope="col" className={th}>Subscale means</th>
                <th scope="col" className={th}>Answers</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {responses.map((r) => (
                <tr key={r.id}>
                  <td className={`${td} whitespace-nowrap`}>{formatDateTime(r.submittedAt)}</td>
                  <th scope="row" className={`${td} text-left whitespace-nowrap`}>
                    <span className="block font-medium">{r.shortTitle}</span>
                    <span className="block text-xs font-normal text-slate-600">{SOURCE_LABEL[r.source]}</span>
                  </th>
                  <td className={`${td} whitespace-nowrap tabular-nums`}>{headlineText(r)}</td>
                  <td className={`${td} whitespace-nowrap tabular-nums`}>{subscaleText(r.subscales)}</td>
                  <td className={`${td} min-w-40`}>
                    <details>
                      <summary className="cursor-pointer text-teal-800 underline-offset-2 hover:underline">
                        {r.answers.length} {r.answers.length === 1 ? 'answer' : 'answers'}
                      </summary>
                      <ol className="mt-2 flex max-w-md min-w-56 flex-col gap-1">
                        {r.answers.map((a) => (
                          <li key={a.number}>
                            <span className="text-slate-600">{a.number}. {renderItemText(a.text)}</span> — <strong className="font-semibold">{a.answer}</strong>
                          </li>
                        ))}
                      </ol>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </div>
    </RecordSection>
  );
}
