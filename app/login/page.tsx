import type { Metadata } from 'next';
import { Notice } from '@/components/ui/notice';
import { RETURN_PARAM, safeReturnPath } from '@/lib/auth/return-path';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

const reasons: Record<string, string> = {
  'signed-out': 'You have signed out.',
  ended: 'Your session has ended. Please sign in again.',
  'password-changed': 'Your password was changed. Please sign in with the new one.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = params.reason;
  const returnTo = safeReturnPath(params[RETURN_PARAM]) ?? undefined;
  const message = typeof reason === 'string' ? reasons[reason] : undefined;
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-lg font-bold text-teal-800">Rapport</p>
        <h1 className="mb-4 mt-1 text-2xl font-bold">Sign in</h1>
        {message ? (
          <div className="mb-4">
            <Notice>{message}</Notice>
          </div>
        ) : null}
        <LoginForm returnTo={returnTo} />
      </div>
    </main>
  );
}
