import type { SessionRow } from '@/lib/data/sessions';
import { formatDateTime } from '@/lib/format';
import { RecordSessionForm } from './record-session-form';
import { Empty, RecordSection, ScrollTable, SubHeading, td, th } from './section';

const ATTENDANCE_LABEL: Record<SessionRow['attendance'], string> = { attended: 'Attended', no_show: 'No-show', cancelled: 'Cancelled' };

export function SessionsSection({ clientId, sessions, canRecord }: { clientId: string; sessions: SessionRow[]; canRecord: boolean }) {
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
                    <td className={`${td} whitespace-nowrap`}>{formatDateTime(s.occurredAt)}</td>
                    <td className={`${td} whitespace-nowrap`}>{ATTENDANCE_LABEL[s.attendance]}</td>
                    <td className={`${td} text-right tabular-nums`}>{s.sessionNumber ?? '—'}</td>
                    <td className={`${td} min-w-48 text-slate-700`}>{s.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </div>
      </div>
    </RecordSection>
  );
}
