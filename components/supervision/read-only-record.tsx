import { AlertSummary } from '@/components/alerts/alert-summary';
import type { AlertDto } from '@/lib/data/alerts';
import type { PlanSummary } from '@/lib/data/plans';
import type { ResponseDto } from '@/lib/data/responses';
import type { SessionRow } from '@/lib/data/sessions';
import { formatDate } from '@/lib/format';
import { formatScore, renderItemText } from '@/lib/instruments';
import { Empty, ScrollTable, td, th, When } from './card';

/*
 * The pieces of a client's record as a supervisor reads it: no forms, no actions, only what the
 * treating therapist recorded and what the client answered.
 */

const SOURCE_LABEL: Record<ResponseDto['source'], string> = {
  portal: 'Client · portal',
  in_session: 'Client · entered in session',
  paper: 'Client · from paper',
  therapist: 'Therapist',
};

/** WAI-SR: the mean to two decimals; PHQ-9 / GAD-7: the total with its band. */
function headlineText(r: Pick<ResponseDto, 'headline' | 'scoreKind' | 'band'>): string {
  if (r.scoreKind === 'mean') return `${formatScore(r.headline, 'mean')} mean`;
  return `${formatScore(r.headline, 'sum')}${r.band ? ` · ${r.band}` : ''}`;
}

const SUBSCALE_ORDER = ['goal', 'task', 'bond'];
const rank = (key: string) => (SUBSCALE_ORDER.includes(key) ? SUBSCALE_ORDER.indexOf(key) : SUBSCALE_ORDER.length);

function subscaleText(subscales: ResponseDto['subscales']): string {
  const entries = Object.entries(subscales).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return entries.length === 0 ? '—' : entries.map(([key, mean]) => `${key.charAt(0).toUpperCase()}${key.slice(1)} ${formatScore(mean, 'mean')}`).join(' · ');
}

export function MeasuresTable({ responses, timeZone }: { responses: ResponseDto[]; timeZone: string }) {
  if (responses.length === 0) return <Empty>No measures completed yet.</Empty>;
  return (
    <ScrollTable caption="Completed measures with scores, newest first">
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
            <td className={`${td} whitespace-nowrap`}>
              <When at={r.submittedAt} timeZone={timeZone} />
            </td>
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
                      <span className="text-slate-600">
                        {a.number}. {renderItemText(a.text)}
                      </span>{' '}
                      — <strong className="font-semibold">{a.answer}</strong>
                    </li>
                  ))}
                </ol>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

const ALERT_STATUS_LABEL: Record<AlertDto['status'], string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
const ALERT_STATUS_STYLE: Record<AlertDto['status'], string> = {
  open: 'bg-amber-100 text-amber-950',
  acknowledged: 'bg-slate-100 text-slate-800',
  resolved: 'bg-green-100 text-green-950',
};

export function AlertsList({ alerts, timeZone }: { alerts: AlertDto[]; timeZone: string }) {
  if (alerts.length === 0) return <Empty>No alerts for this client.</Empty>;
  return (
    <ul aria-label="Alerts for this client" className="flex flex-col gap-3">
      {alerts.map((alert) => (
        <li key={alert.id} className={`flex flex-col gap-2 rounded-md border p-3 ${alert.status === 'open' ? 'border-amber-300' : 'border-slate-200'}`}>
          <div className="flex flex-wrap items-start justify-between gap-2">
            <p className="text-sm">
              <AlertSummary alert={alert} />
            </p>
            <span className={`rounded px-2 py-0.5 text-xs font-semibold ${ALERT_STATUS_STYLE[alert.status]}`}>{ALERT_STATUS_LABEL[alert.status]}</span>
          </div>
          <p className="text-xs text-slate-600">
            Raised <When at={alert.createdAt} timeZone={timeZone} />
            {alert.therapistName ? ` · therapist at the time: ${alert.therapistName}` : ''}
            {alert.escalatedAt ? (
              <>
                {' '}
                · escalated <When at={alert.escalatedAt} timeZone={timeZone} />
              </>
            ) : null}
          </p>
          {alert.repairedAt ? (
            <p className="text-sm text-green-900">
              Repaired: the alliance was back at its pre-drop level on <When at={alert.repairedAt} timeZone={timeZone} withTime={false} />.
            </p>
          ) : null}
          {alert.acknowledgedAt || alert.acknowledgementNote ? (
            <div className="rounded bg-slate-50 p-2 text-sm">
              <p className="text-xs font-medium text-slate-600">
                Acknowledged
                {alert.acknowledgedAt ? (
                  <>
                    {' '}
                    <When at={alert.acknowledgedAt} timeZone={timeZone} />
                  </>
                ) : null}
                {alert.acknowledgementNote ? ' — repair note' : ''}
              </p>
              {alert.acknowledgementNote ? <p className="whitespace-pre-wrap text-slate-900">{alert.acknowledgementNote}</p> : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const ATTENDANCE_LABEL: Record<SessionRow['attendance'], string> = { attended: 'Attended', no_show: 'No-show', cancelled: 'Cancelled' };

export function SessionsTable({ sessions, timeZone }: { sessions: SessionRow[]; timeZone: string }) {
  if (sessions.length === 0) return <Empty>No sessions recorded yet.</Empty>;
  return (
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
            <td className={`${td} whitespace-nowrap`}>
              <When at={s.occurredAt} timeZone={timeZone} />
            </td>
            <td className={`${td} whitespace-nowrap`}>{ATTENDANCE_LABEL[s.attendance]}</td>
            <td className={`${td} text-right tabular-nums`}>{s.sessionNumber ?? '—'}</td>
            <td className={`${td} min-w-48 text-slate-700`}>{s.note ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

const PLAN_STATUS_LABEL: Record<string, string> = { draft: 'Draft', active: 'Active', completed: 'Completed', archived: 'Archived' };

export function PlansTable({ plans, timeZone }: { plans: PlanSummary[]; timeZone: string }) {
  if (plans.length === 0) return <Empty>No treatment plans yet.</Empty>;
  return (
    <ScrollTable caption="Treatment plans, most recently updated first">
      <thead className="bg-slate-50 text-slate-700">
        <tr>
          <th scope="col" className={th}>Plan</th>
          <th scope="col" className={th}>Status</th>
          <th scope="col" className={`${th} text-right`}>Version</th>
          <th scope="col" className={th}>Next review</th>
          <th scope="col" className={th}>Last updated</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {plans.map((p) => (
          <tr key={p.id}>
            <th scope="row" className={`${td} text-left font-medium`}>{p.title}</th>
            <td className={td}>{PLAN_STATUS_LABEL[p.status] ?? p.status}</td>
            <td className={`${td} text-right tabular-nums`}>{p.version}</td>
            <td className={`${td} whitespace-nowrap`}>{formatDate(p.nextReviewDate)}</td>
            <td className={`${td} whitespace-nowrap`}>
              <When at={p.updatedAt} timeZone={timeZone} withTime={false} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
