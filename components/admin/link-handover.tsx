'use client';

import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

/*
 * A set-password link as the admin gets it: either "emailed to …", or (a staff account, no mail
 * set up) the link itself, shown once with a Copy button. Never a password: the person chooses it.
 */

export type LinkHandoverView = { emailedTo: string | null; link: string | null; expiresLabel: string };

export function LinkHandover({ handover, personName }: { handover: LinkHandoverView; personName: string }) {
  const id = useId();
  const linkRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('copied');
    } catch {
      // No clipboard access (permissions, old browser): select the text so Ctrl/Cmd+C copies it.
      linkRef.current?.select();
      setCopied('failed');
    }
  }

  if (handover.emailedTo) {
    return (
      <p>
        A one-time link to set a password was emailed to <strong className="font-semibold">{handover.emailedTo}</strong>. It works once, until{' '}
        {handover.expiresLabel}. You do not see the link or any password.
      </p>
    );
  }
  const link = handover.link ?? '';
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="font-medium text-slate-900">
        One-time set-password link for {personName}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          ref={linkRef}
          id={id}
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
          className="min-h-11 w-full min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm text-slate-900 focus-visible:outline-3 focus-visible:outline-teal-600"
        />
        <Button type="button" variant="secondary" onClick={() => void copy(link)} className="shrink-0">
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
      <p>
        The link was not emailed (no mail server is set up, or sending failed), so pass it on to {personName} yourself, by a channel only they read. It is shown
        only now, works once, until {handover.expiresLabel}; they choose their own password with it and every session of the account ends. Making a new link
        cancels this one.
      </p>
    </div>
  );
}
