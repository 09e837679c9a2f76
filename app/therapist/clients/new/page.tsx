import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { NewClientForm } from './new-client-form';

export const metadata: Metadata = { title: 'Add client' };

export default async function NewClientPage() {
  await requireAreaActor('therapist');
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/therapist" className="text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
          ← Caseload
        </Link>
      </p>
      <PageHeader title="Add a client" />
      <div className="max-w-xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <p className="mb-4 text-sm text-slate-600">
          The client joins your caseload. Add an email address if you want to invite them to the portal later; you can also add it afterwards.
        </p>
        <NewClientForm />
      </div>
    </>
  );
}
