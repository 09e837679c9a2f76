import type { Metadata } from 'next';
import QRCode from 'qrcode';
import { AppShell } from '@/components/app-shell';
import { Notice } from '@/components/ui/notice';
import { requireActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { homePath } from '@/lib/authz/policy';
import { getMfaStatus, startMfaEnrolment } from '@/lib/data/mfa';
import { formatDateTime } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { ConfirmMfaForm } from './confirm-form';

export const metadata: Metadata = { title: 'Two-step sign-in' };

/** The setup key in groups of four, as authenticator apps show it. */
function grouped(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export default async function MfaPage() {
  const actor = await requireActor({ allowMfaEnrolment: true });
  const [status, timeZone] = await orHttpError(Promise.all([getMfaStatus(actor), getClinicTimeZone(actor)]));
  const home = homePath(actor.role);
  const enrolment = status.enabled ? null : await orHttpError(startMfaEnrolment(actor));
  // Drawn on the server as SVG (a data URL: the CSP allows data: images, and nothing leaves the server).
  const qr = enrolment
    ? `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(enrolment.uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })).toString('base64')}`
    : null;

  return (
    <AppShell areaLabel="My account" userName={actor.name} nav={actor.mustEnrolMfa ? [] : [{ href: home, label: 'Home' }]}>
      <div className="flex max-w-xl flex-col gap-4">
        <h1 className="text-2xl font-bold">Two-step sign-in</h1>
        {status.enabled ? (
          <>
            <Notice tone="success">
              Two-step sign-in is on{status.enabledAt ? ` (since ${formatDateTime(status.enabledAt, timeZone)})` : ''}. You have {status.recoveryCodesLeft}{' '}
              unused recovery {status.recoveryCodesLeft === 1 ? 'code' : 'codes'}.
            </Notice>
            <p className="text-sm text-slate-700">
              Lost your phone and your recovery codes? Ask your clinic&apos;s admin to reset two-step sign-in, then set it up again.
            </p>
          </>
        ) : (
          <>
            {actor.mustEnrolMfa ? <Notice>Your clinic requires two-step sign-in for staff. Please set it up before you continue.</Notice> : null}
            <p className="text-sm text-slate-700">
              After your password, Rapport will also ask for a 6-digit code from an authenticator app on your phone (for example Google Authenticator, Microsoft
              Authenticator, 1Password or Aegis), so a stolen password alone is not enough to sign in.
            </p>
            <ol className="ml-5 flex list-decimal flex-col gap-4 text-sm text-slate-900">
              <li>
                <p>Scan this QR code with your authenticator app.</p>
                {/* eslint-disable-next-line @next/next/no-img-element -- a server-drawn data URL, not an optimisable asset */}
                <img
                  src={qr!}
                  alt="QR code to set up two-step sign-in in an authenticator app"
                  width={200}
                  height={200}
                  className="mt-2 rounded border border-slate-200 bg-white"
                />
                <p className="mt-2">
                  Can&apos;t scan it? Enter this setup key in the app instead (time-based):{' '}
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-base break-all" aria-label="Setup key">
                    {grouped(enrolment!.secret)}
                  </code>
                </p>
              </li>
              <li>
                <p className="mb-2">Enter the code the app shows, to check it is set up.</p>
                <ConfirmMfaForm homeHref={home} />
              </li>
            </ol>
          </>
        )}
      </div>
    </AppShell>
  );
}
