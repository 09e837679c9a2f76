import type { Metadata } from 'next';
import Link from 'next/link';
import { LinkPageCard as Card, linkPageLinkClass as linkClass } from '@/components/auth/link-page-card';
import { EmailAddress } from '@/components/ui/email-address';
import { getInvitationStatus } from '@/lib/data/invitations';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { acceptInvitationAction } from './actions';

// The token is in the URL: never send it on as a referrer, never index the page.
export const metadata: Metadata = { title: 'Portal invitation', referrer: 'no-referrer', robots: { index: false, follow: false } };

/** A portal invitation: set a password for the invited address, or a plain word on why the link does not work. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await getInvitationStatus(token);
  switch (invitation.status) {
    case 'valid':
      return (
        <Card
          title={
            <>
              Set a password for <EmailAddress email={invitation.email} />
            </>
          }
        >
          <p className="mb-4 text-sm text-slate-700">
            {invitation.therapistName ? (
              <>
                {invitation.therapistName} at <strong className="font-semibold">{invitation.clinicName}</strong> has invited you to the clinic’s patient portal.
              </>
            ) : (
              <>
                <strong className="font-semibold">{invitation.clinicName}</strong> has invited you to its patient portal.
              </>
            )}{' '}
            Choose a password: you will sign in with this email address and the password you choose here.
          </p>
          <SetPasswordForm token={token} email={invitation.email} action={acceptInvitationAction} />
        </Card>
      );
    case 'used':
      return (
        <Card title="This invitation has already been used">
          <p className="text-slate-700">
            Each invitation link works once. If you set your password with it,{' '}
            <Link href="/login" className={linkClass}>
              sign in
            </Link>{' '}
            with your email address and that password.
          </p>
          <p className="mt-3 text-sm text-slate-600">If it was not you, tell your therapist straight away.</p>
        </Card>
      );
    case 'expired':
      return (
        <Card title="This invitation has expired">
          <p className="text-slate-700">Invitation links work for 7 days. Ask your therapist to send you a new one.</p>
        </Card>
      );
    default:
      return (
        <Card title="This invitation link is not valid">
          <p className="text-slate-700">Check that you copied the whole link, or ask your therapist to send you a new one.</p>
        </Card>
      );
  }
}
