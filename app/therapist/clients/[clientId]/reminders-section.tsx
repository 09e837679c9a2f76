import type { ClientReminders } from '@/lib/data/reminders';
import { formatDate, formatDateTime } from '@/lib/format';
import { Empty, RecordSection, ScrollTable, th } from './section';

const KIND_LABEL = { assigned: 'When assigned', before_expiry: 'Before it expires' } as const;

/** When the client was emailed about waiting forms (the email itself names no form). */
export function RemindersSection({ reminders, hasPortalAccount, timeZone }: { reminders: ClientReminders; hasPortalAccount: boolean; timeZone: string }) {
  const status = !reminders.clinicSendsReminders
    ? 'The clinic does not send form reminders at the moment.'
    : reminders.optedOutAt
      ? `The client switched reminders off in the portal on ${formatDate(reminders.optedOutAt, timeZone)}.`
      : hasPortalAccount
        ? 'The client is emailed when a form is assigned and before it expires, outside the clinic’s quiet hours.'
        : 'Reminders start once the client has a portal account.';
  return (
    <RecordSection id="reminders" title="Form reminders" description={status}>
      {reminders.reminders.length === 0 ? (
        <Empty>No reminders have been sent to this client.</Empty>
      ) : (
        <ScrollTable caption="Reminders sent, newest first">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className={th}>
                Sent
              </th>
              <th scope="col" className={th}>
                Form
              </th>
              <th scope="col" className={th}>
                Reminder
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {reminders.reminders.map((r) => (
              <tr key={r.id}>
                <td className="whitespace-nowrap">
                  <time dateTime={r.sentAt.toISOString()}>{formatDateTime(r.sentAt, timeZone)}</time>
                </td>
                <td>{r.formTitle}</td>
                <td>
                  {KIND_LABEL[r.kind]} (no. {r.reminderNumber})
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </RecordSection>
  );
}
