import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { listClinicUsers } from '@/lib/data/users';
import { formatDateTime } from '@/lib/format';
import { orHttpError } from '@/lib/http';

export const metadata: Metadata = { title: 'Accounts' };

const ROLE_LABEL = { admin: 'Admin', supervisor: 'Supervisor', therapist: 'Therapist', client: 'Client' } as const;
const STATE_LABEL = { active: 'Active', disabled: 'Disabled', locked: 'Locked' } as const;

export default async function AdminHome() {
  const actor = await requireAreaActor('admin');
  const accounts = await orHttpError(listClinicUsers(actor));
  return (
    <>
      <PageHeader title="Accounts">
        <p className="text-sm text-slate-600">{accounts.length} accounts</p>
      </PageHeader>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Accounts of this clinic</caption>
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">Name</th>
              <th scope="col" className="px-4 py-3 font-semibold">Email</th>
              <th scope="col" className="px-4 py-3 font-semibold">Role</th>
              <th scope="col" className="px-4 py-3 font-semibold">State</th>
              <th scope="col" className="px-4 py-3 font-semibold">Last sign-in</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {accounts.map((u) => (
              <tr key={u.id}>
                <th scope="row" className="px-4 py-3 text-left font-medium">{u.name}</th>
                <td className="px-4 py-3">{u.email}</td>
                <td className="px-4 py-3">{ROLE_LABEL[u.role]}</td>
                <td className="px-4 py-3">{STATE_LABEL[u.state]}</td>
                <td className="px-4 py-3">{formatDateTime(u.lastSignInAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
