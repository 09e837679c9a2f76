import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getMyReminderSettings } from '@/lib/data/reminders';
import { orHttpError } from '@/lib/http';
import { ReminderSwitch } from './reminder-switch';

export const metadata: Metadata = { title: 'Reminders' };

export default async function PortalReminders() {
  const actor = await requireAreaActor('portal');
  const settings = await orHttpError(getMyReminderSettings(actor));
  return (
    <>
      <PageHeader title="Reminders" />
      <section aria-labelledby="reminders-heading" className="flex max-w-3xl flex-col gap-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="reminders-heading" className="text-lg font-semibold">
          Email reminders about forms
        </h2>
        {settings.clinicSendsReminders ? null : (
          <p className="text-sm text-slate-700">Your clinic does not send reminders at the moment. Your choice here is kept for when it does.</p>
        )}
        <ReminderSwitch remindersOn={!settings.optedOut} />
      </section>
    </>
  );
}
