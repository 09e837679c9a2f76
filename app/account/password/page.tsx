import type { Metadata } from 'next';
import { AppShell } from '@/components/app-shell';
import { Notice } from '@/components/ui/notice';
import { requireActor } from '@/lib/auth/session';
import { homePath } from '@/lib/authz/policy';
import { PasswordForm } from './password-form';

export const metadata: Metadata = { title: 'Change password' };

export default async function ChangePasswordPage() {
  const actor = await requireActor({ allowPasswordChange: true });
  return (
    <AppShell areaLabel="My account" userName={actor.name} nav={[{ href: homePath(actor.role), label: 'Home' }]}>
      <div className="max-w-md">
        <h1 className="mb-4 text-2xl font-bold">Change password</h1>
        {actor.mustChangePassword ? (
          <div className="mb-4">
            <Notice>Please choose a new password before you continue.</Notice>
          </div>
        ) : null}
        <PasswordForm />
      </div>
    </AppShell>
  );
}
