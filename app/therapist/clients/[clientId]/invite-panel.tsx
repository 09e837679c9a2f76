'use client';

import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmailAddress } from '@/components/ui/email-address';
import { Notice } from '@/components/ui/notice';
import { inviteToPortalAction, revokeInvitationAction, type InviteActionResult } from './actions';

/*
 * "Invite to the portal": creates a one-time link, shows it once with a Copy button, when it expires
 * and whether it was also emailed. A refusal (no email on file, already has an account…) says what
 * to do instead. Only the link's hash is stored, so after a reload the panel can say that an
 * invitation is outstanding (sent when, expires when) but not show the link again: it offers a new
 * link, which replaces the old one, and revoking it.
 */

type Created = Extract<InviteActionResult, { ok: true }>;

/** The open invitation the server knows about (labels already in the clinic's time zone). */
export type OutstandingInvitation = { email: string; createdLabel: string; expiresLabel: string; expiresAt: string };

const linkClass = 'font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

export function InvitePanel({
  clientId,
  clientName,
  email,
  outstanding,
}: {
  clientId: string;
  clientName: string;
  email: string | null;
  outstanding: OutstandingInvitation | null;
}) {
  const [created, setCreated] = useState<Created | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; missingEmail: boolean } | null>(null);
  const [pending, setPending] = useState(false);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const linkRef = useRef<HTMLInputElement>(null);

  async function invite() {
    setPending(true);
    setError(null);
    setCopied(null);
    setRevoked(null);
    try {
      const result = await inviteToPortalAction({ clientId });
      if (result.ok) setCreated(result);
      else {
        const fieldError = result.fieldErrors?.email;
        setCreated(null);
        setError({
          message: fieldError ?? result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? 'The invitation could not be created.',
          missingEmail: Boolean(fieldError),
        });
      }
    } catch {
      setError({ message: 'The invitation could not be created: the server did not answer. Please try again.', missingEmail: false });
    } finally {
      setPending(false);
    }
  }

  async function revoke() {
    setPending(true);
    setError(null);
    setCopied(null);
    try {
      const result = await revokeInvitationAction({ clientId });
      if (result.ok) {
        setCreated(null);
        setRevoked(result.message ?? 'Invitation revoked.');
      } else
        setError({ message: result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? 'The invitation could not be revoked.', missingEmail: false });
    } catch {
      setError({ message: 'The invitation could not be revoked: the server did not answer. Please try again.', missingEmail: false });
    } finally {
      setPending(false);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.link);
      setCopied('copied');
    } catch {
      // No clipboard access (permissions, old browser): select the text so Ctrl/Cmd+C copies it.
      linkRef.current?.select();
      setCopied('failed');
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {revoked ? (
        <p role="status" className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-900">
          {revoked}
        </p>
      ) : null}
      {/* Open: the link was shown when it was made and cannot be shown again. */}
      {!created && outstanding ? (
        <div
          role="group"
          aria-label="Open invitation"
          className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
        >
          <p className="font-semibold">An invitation is waiting to be used.</p>
          <p>
            Created <span className="whitespace-nowrap">{outstanding.createdLabel}</span> for{' '}
            <strong className="font-semibold">
              <EmailAddress email={outstanding.email} />
            </strong>
            ; expires{' '}
            <time dateTime={outstanding.expiresAt} className="whitespace-nowrap">
              {outstanding.expiresLabel}
            </time>
            .
          </p>
          <p>For security the link is shown only once, when it is created. If the client has lost it, send a new link.</p>
        </div>
      ) : null}
      {created || outstanding ? null : (
        <p className="text-sm text-slate-700">
          {email ? (
            <>
              {clientName} gets a one-time link to set a password and sign in with{' '}
              <strong className="font-semibold">
                <EmailAddress email={email} />
              </strong>
              . It works once, for 7 days.
            </>
          ) : (
            <>
              The portal account signs in with the client’s email address, and none is on file yet.{' '}
              <a href="#contact-heading" className={linkClass}>
                Add it under Contact details
              </a>{' '}
              first.
            </>
          )}
        </p>
      )}
      {error ? (
        <Notice tone="error">
          {error.message}
          {error.missingEmail ? (
            <>
              {' '}
              <a href="#contact-heading" className={linkClass}>
                Go to Contact details
              </a>
            </>
          ) : null}
        </Notice>
      ) : null}
      {created ? (
        <div className="flex flex-col gap-3 rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-950" role="status">
          <p className="font-semibold">Invitation link created.</p>
          <div className="flex flex-col gap-1">
            <label htmlFor={`invite-link-${clientId}`} className="font-medium text-slate-900">
              One-time invitation link
            </label>
            <div className="flex flex-col gap-2 sm:flex-row">
              <input
                ref={linkRef}
                id={`invite-link-${clientId}`}
                readOnly
                value={created.link}
                onFocus={(e) => e.currentTarget.select()}
                className="min-h-11 w-full min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm text-slate-900 focus-visible:outline-3 focus-visible:outline-teal-600"
              />
              <Button type="button" variant="secondary" onClick={copy} className="shrink-0">
                Copy link
              </Button>
            </div>
            <p aria-live="polite" className="min-h-5 text-slate-800">
              {copied === 'copied'
                ? 'Copied to the clipboard.'
                : copied === 'failed'
                  ? 'Could not copy automatically: the link is selected, press Ctrl+C (⌘C on a Mac).'
                  : ''}
            </p>
          </div>
          <p>
            Expires <time dateTime={created.expiresAt}>{created.expiresLabel}</time>. It works once; sending a new link cancels this one.
          </p>
          <p>
            {created.emailedTo ? (
              <>
                Also emailed to{' '}
                <strong className="font-semibold">
                  <EmailAddress email={created.emailedTo} />
                </strong>
                .
              </>
            ) : (
              'Not emailed (no mail server is set up, or sending failed): send this link to the client yourself, by a channel only they can read.'
            )}
          </p>
        </div>
      ) : null}
      {created || outstanding ? (
        <div className="flex flex-col gap-2">
          <p id={`invite-replace-${clientId}`} className="text-sm text-slate-700">
            A new link replaces the old one: the earlier link stops working. Revoke withdraws the link without sending another.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="secondary" disabled={pending} onClick={invite} aria-describedby={`invite-replace-${clientId}`}>
              {pending ? 'Working…' : 'Send a new link'}
            </Button>
            <Button type="button" variant="secondary" disabled={pending} onClick={revoke}>
              Revoke
            </Button>
          </div>
        </div>
      ) : (
        <div>
          <Button type="button" disabled={pending} onClick={invite}>
            {pending ? 'Creating link…' : 'Create invitation link'}
          </Button>
        </div>
      )}
    </div>
  );
}
