import type { Metadata } from 'next';
import { LinkButton } from '@/components/admin/link-button';
import { COMPLETION_DEFINITIONS, CompletionTable, trendSentence } from '@/components/completion/completion-table';
import { DateRangeForm } from '@/components/supervision/date-range-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getClinicCompletion } from '@/lib/data/completion';
import { listUrgentAlertsAwaitingPerson } from '@/lib/data/escalation';
import { listClinicUsers } from '@/lib/data/users';
import { formatDateTime, formatDay } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { dateRangeSchema } from '@/lib/validation/supervision';
import { AccountRow, type AccountView } from './accounts/account-row';
import { UrgentAlertsSection } from './urgent-alerts-section';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Accounts' };

const th = 'px-3 py-3 font-semibold sm:px-4';

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export default async function AdminHome({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireAreaActor('admin');
  const params = await searchParams;
  const range = dateRangeSchema.parse({ from: one(params.from), to: one(params.to) });
  const [accounts, urgent, timeZone, completion] = await Promise.all([
    orHttpError(listClinicUsers(actor)),
    orHttpError(listUrgentAlertsAwaitingPerson(actor)),
    getClinicTimeZone(actor),
    orHttpError(getClinicCompletion(actor, range)),
  ]);
  const readAt = new Date();
  const views: AccountView[] = accounts.map((a) => ({
    id: a.id,
    name: a.name,
    email: a.email,
    role: a.role,
    state: a.state,
    lastSignIn: a.lastSignInAt ? formatDateTime(a.lastSignInAt, timeZone) : 'Never',
    mfaEnabled: a.mfaEnabled,
  }));
  const counts = { disabled: accounts.filter((a) => a.state === 'disabled').length, locked: accounts.filter((a) => a.state === 'locked').length };

  return (
    <>
      <PageHeader title="Accounts">
        <LinkButton href="/admin/accounts/new" className="self-start sm:self-auto">
          Create account
        </LinkButton>
      </PageHeader>
      <UrgentAlertsSection alerts={urgent.alerts} total={urgent.total} now={readAt} timeZone={timeZone} />
      <div className="flex flex-col gap-4">
        <p className="text-sm text-slate-600">
          {accounts.length} accounts
          {counts.locked > 0 ? `, ${counts.locked} locked` : ''}
          {counts.disabled > 0 ? `, ${counts.disabled} disabled` : ''}. Staff and clients’ portal accounts. Use <strong>Manage</strong> to disable or enable an
          account, unlock it, or send a one-time link with which its owner chooses a new password (you never set or see a password).
        </p>
        <ScrollRegion className="rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Accounts of this clinic</caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className={th}>
                  Name
                </th>
                <th scope="col" className={`${th} hidden md:table-cell`}>
                  Email
                </th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>
                  Role
                </th>
                <th scope="col" className={th}>
                  State
                </th>
                <th scope="col" className={`${th} hidden lg:table-cell`}>
                  Last sign-in
                </th>
                <th scope="col" className={`${th} text-right`}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {views.map((account) => (
                <AccountRow key={account.id} account={account} isSelf={account.id === actor.userId} />
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </div>

      <section aria-labelledby="completion-heading" className="mt-8 flex flex-col gap-3">
        <div className="flex flex-col gap-1">
          <h2 id="completion-heading" className="text-lg font-semibold">
            Form completion
          </h2>
          <p className="text-sm text-slate-600">
            {COMPLETION_DEFINITIONS} From {formatDay(range.from)} to {formatDay(range.to)}.
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <DateRangeForm action="/admin" from={range.from} to={range.to} today={new Date().toISOString().slice(0, 10)} />
        </div>
        <CompletionTable
          caption="Form completion in the clinic"
          rowLabel="Forms"
          rows={[
            { key: 'all', label: 'All forms in the range', counts: completion.total, total: true },
            ...(completion.trend.before && completion.trend.after
              ? [
                  { key: 'before', label: 'Assigned before reminders', counts: completion.trend.before },
                  { key: 'after', label: 'Assigned since reminders', counts: completion.trend.after },
                ]
              : []),
          ]}
        />
        <p className="text-sm text-slate-800" data-testid="completion-trend">
          {trendSentence(completion.trend, timeZone)}
        </p>
      </section>
    </>
  );
}
