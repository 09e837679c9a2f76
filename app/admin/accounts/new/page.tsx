import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { CreateAccountForm } from './create-account-form';

export const metadata: Metadata = { title: 'Create account' };

export default async function NewAccountPage() {
  await requireAreaActor('admin');
  return (
    <div className="max-w-2xl">
      <p className="mb-2 text-sm">
        <Link href="/admin" className="font-medium text-teal-800 underline underline-offset-2">
          ← Accounts
        </Link>
      </p>
      <PageHeader title="Create account" />
      <p className="mb-6 text-sm text-slate-700">
        A staff account for a therapist, supervisor or admin of this clinic. Clients get their portal account by invitation from their therapist.
      </p>
      <CreateAccountForm />
    </div>
  );
}
