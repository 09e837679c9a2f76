import type { Metadata } from 'next';
import Link from 'next/link';
import { LinkPageCard as Card, linkPageLinkClass as linkClass } from '@/components/auth/link-page-card';
import { EmailAddress } from '@/components/ui/email-address';
import { getPasswordLinkStatus } from '@/lib/data/password-links';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { setPasswordWithLinkAction } from './actions';

// The token is in the URL: never send it on as a referrer, never index the page.
export const metadata: Metadata = { title: 'Set your password', referrer: 'no-referrer', robots: { index: false, follow: false } };

/** A one-time set-password link (new account or reset): choose a password, or a plain word on why the link does not work. */
export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await getPasswordLinkStatus(token);
  switch (link.status) {
    case 'valid':
      return (
        <Card
          title={
            <>
              Set a password for <EmailAddress email={link.email} />
            </>
          }
        >
          <p className="mb-4 text-sm text-slate-700">
            {link.purpose === 'setup'
              ? 'An account was created for you. Choose a password; you will sign in with this email address and the password you choose here.'
              : 'Choose a new password. When you save it, every session of your account ends and the old password stops working.'}
          </p>
          <SetPasswordForm token={token} email={link.email} action={setPasswordWithLinkAction} />
        </Card>
      );
    case 'used':
      return (
        <Card title="This link has already been used">
          <p className="text-slate-700">
            Each link works once. If you set your password with it,{' '}
            <Link href="/login" className={linkClass}>
              sign in
            </Link>{' '}
            with your email address and that password.
          </p>
          <p className="mt-3 text-sm text-slate-600">If it was not you, tell your clinic straight away.</p>
        </Card>
      );
    case 'expired':
      return (
        <Card title="This link has expired">
          <p className="text-slate-700">Ask your clinic for a new one.</p>
        </Card>
      );
    default:
      return (
        <Card title="This link is not valid">
          <p className="text-slate-700">Check that you copied the whole link, or ask your clinic for a new one. A newer link cancels older ones.</p>
        </Card>
      );
  }
}
