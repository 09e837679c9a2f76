import { RecordPager } from '@/components/record/pager';
import type { RecordSearchParams } from '@/components/record/paging';
import type { SessionPage, SessionRow } from '@/lib/data/sessions';
import { formatDateTime } from '@/lib/format';
import { RecordSessionForm } from './record-session-form';
import { Empty, RecordSection, ScrollTable, SubHeading, th } from './section';

const ATTENDANCE_LABEL: Record<SessionRow['attendance'], string> = { attended: 'Attended', no_show: 'No-show', cancelled: 'Cancelled' };

export function SessionsSection({ clientId, sessions: history, params, canRecord }: { clientId: string; sessions: SessionPage; params: RecordSearchParams; canRecord: boolean }) {
  const sessions = history.sessions;
  return (
    <RecordSection id="sessions" title="Sessions" description="Recording an attended session creates the measures due after it; no-shows and cancellations do not advance the schedule.">
      <div className={`grid gap-6 ${canRecord ? 'lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]' : ''}`}>
        {canRecord ? (
          <div className="min-w-0 self-start rounded-md bg-slate-50 p-4">
            <SubHeading id="record-session-heading">Record a session</SubHeading>
            <RecordSessionForm clientId={clientId} />
          </div>
        ) : null}
        <div className="min-w-0">
          <SubHeading id="session-list-heading">Session history</SubHeading>
          {sessions.length === 0 ? (
            <Empty>No sessions recorded yet.</Empty>
          ) : (
            <ScrollTable caption="Sessions, newest first">
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className={th}>Date</th>
                  <th scope="col" className={th}>Attendance</th>
                  <th scope="col" className={`${th} text-right`}>Session</th>
                  <th scope="col" className={th}>Note</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {sessions.map((s) => (
                  <tr key={s.id}>
                    <td className="whitespace-nowrap">{formatDateTime(s.occurredAt)}</td>
                    <td className="whitespace-nowrap">{ATTENDANCE_LABEL[s.attendance]}</td>
                    <td className="text-right tabular-nums">{s.sessionNumber ?? '—'}</td>
                    <td className="min-w-48 text-slate-700">{s.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
          {history.total > 0 ? (
            <RecordPager
              label="Session history pages"
              noun={history.total === 1 ? 'session' : 'sessions'}
              page={history.page}
              pageSize={history.pageSize}
              total={history.total}
              path={`/therapist/clients/${clientId}`}
              params={params}
              param="sessions"
              fragment="sessions"
            />
          ) : null}
        </div>
      </div>
    </RecordSection>
  );
}
