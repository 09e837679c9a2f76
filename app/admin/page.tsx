import type { Metadata } from 'next';
import { LinkButton } from '@/components/admin/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { listUrgentAlertsAwaitingPerson } from '@/lib/data/escalation';
import { listClinicUsers } from '@/lib/data/users';
import { formatDateTime } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { AccountRow, type AccountView } from './accounts/account-row';
import { UrgentAlertsSection } from './urgent-alerts-section';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Accounts' };

const th = 'px-3 py-3 font-semibold sm:px-4';

export default async function AdminHome() {
  const actor = await requireAreaActor('admin');
  const [accounts, urgent, timeZone] = await Promise.all([orHttpError(listClinicUsers(actor)), orHttpError(listUrgentAlertsAwaitingPerson(actor)), getClinicTimeZone(actor)]);
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
    </>
  );
}
