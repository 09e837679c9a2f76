import Link from 'next/link';
import { RecordPager } from '@/components/record/pager';
import type { RecordSearchParams } from '@/components/record/paging';
import { ResponseHistoryTable } from '@/components/record/response-history-table';
import { responseHistoryRows } from '@/components/record/response-rows';
import type { OpenAssignment, ResponsePage } from '@/lib/data/responses';
import { formatDateTime } from '@/lib/format';
import { AssignMeasureForm, type InstrumentOption } from './assign-measure-form';
import { Empty, RecordSection, ScrollTable, SubHeading, th } from './section';

const STATUS_LABEL: Record<OpenAssignment['status'], string> = { pending: 'Not started', in_progress: 'Started' };

const linkClass = 'font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

export function MeasuresSection({
  clientId,
  open,
  history,
  params,
  instruments,
  canWrite,
  timeZone,
}: {
  clientId: string;
  open: OpenAssignment[];
  /** One page of the response history (newest first); `params` are the page's search parameters. */
  history: ResponsePage;
  params: RecordSearchParams;
  /** The clinic's zone: times show as the clinic reads them. */
  timeZone: string;
  instruments: InstrumentOption[];
  canWrite: boolean;
}) {
  const responses = history.responses;
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
                  <th scope="col" className={th}>
                    Questionnaire
                  </th>
                  <th scope="col" className={th}>
                    For
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={th}>
                    Due
                  </th>
                  <th scope="col" className={th}>
                    Expires
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {open.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="text-left font-medium whitespace-nowrap">
                      {a.shortTitle}
                    </th>
                    <td>{a.respondent === 'therapist' ? 'Therapist' : 'Client'}</td>
                    <td className="whitespace-nowrap">{STATUS_LABEL[a.status]}</td>
                    <td className="whitespace-nowrap">{formatDateTime(a.dueAt, timeZone)}</td>
                    <td className="whitespace-nowrap">{formatDateTime(a.expiresAt, timeZone)}</td>
                    <td className="whitespace-nowrap">
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
          <ResponseHistoryTable caption="Completed measures, newest first" rows={responseHistoryRows(responses, (when) => formatDateTime(when, timeZone))} />
        )}
        {history.total > 0 ? (
          <RecordPager
            label="Response history pages"
            noun={history.total === 1 ? 'response' : 'responses'}
            page={history.page}
            pageSize={history.pageSize}
            total={history.total}
            path={`/therapist/clients/${clientId}`}
            params={params}
            param="history"
            fragment="measures"
          />
        ) : null}
      </div>
    </RecordSection>
  );
}
