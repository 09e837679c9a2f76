import { RecordPager } from './pager';
import type { RecordSearchParams } from './paging';
import { Empty, ScrollTable, th } from './table';
import type { SessionPage, SessionRow } from '@/lib/data/sessions';
import { formatDateTime } from '@/lib/format';

/** Where the page links of a list point: the record page itself, its search parameters kept. */
export type ListLocation = { path: string; params: RecordSearchParams };

const ATTENDANCE_LABEL: Record<SessionRow['attendance'], string> = { attended: 'Attended', no_show: 'No-show', cancelled: 'Cancelled' };

/** A client's sessions, a page at a time, newest first (therapist's record and supervisor's read-only one). */
export function SessionsTable({ history, timeZone, at }: { history: SessionPage; timeZone: string; at: ListLocation }) {
  const sessions = history.sessions;
  if (sessions.length === 0) return <Empty>No sessions recorded yet.</Empty>;
  return (
    <div>
      <ScrollTable caption="Sessions, newest first">
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={th}>
              Date
            </th>
            <th scope="col" className={th}>
              Attendance
            </th>
            <th scope="col" className={`${th} text-right`}>
              Session
            </th>
            <th scope="col" className={th}>
              Note
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s) => (
            <tr key={s.id}>
              <td className="whitespace-nowrap">
                <time dateTime={s.occurredAt.toISOString()}>{formatDateTime(s.occurredAt, timeZone)}</time>
              </td>
              <td className="whitespace-nowrap">{ATTENDANCE_LABEL[s.attendance]}</td>
              <td className="text-right tabular-nums">{s.sessionNumber ?? '—'}</td>
              <td className="min-w-48 text-slate-700">{s.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <RecordPager
        label="Session history pages"
        noun={history.total === 1 ? 'session' : 'sessions'}
        page={history.page}
        pageSize={history.pageSize}
        total={history.total}
        path={at.path}
        params={at.params}
        param="sessions"
        fragment="sessions"
      />
    </div>
  );
}
