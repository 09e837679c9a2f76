'use client';

import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { useState } from 'react';
import { FAILED, outcomeOf, type Outcome } from '@/components/admin/action-outcome';
import { Badge, type BadgeTone } from '@/components/admin/badge';
import { DisclosureRow } from '@/components/admin/disclosure-row';
import { ACCOUNT_STATE_LABEL, ROLE_LABEL } from '@/components/admin/labels';
import { LinkHandover, type LinkHandoverView } from '@/components/admin/link-handover';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import type { Role } from '@/lib/authz/policy';
import { resetMfaAction, sendPasswordLinkAction, setAccountDisabledAction, unlockAccountAction } from './actions';

export type AccountView = {
  id: string;
  name: string;
  email: string;
  role: Role;
  state: 'active' | 'disabled' | 'locked';
  /** Formatted on the server, in the clinic's time zone. */ lastSignIn: string;
  mfaEnabled: boolean;
};

const ACCOUNT_COLUMNS = 6;
const STATE_TONE: Record<AccountView['state'], BadgeTone> = { active: 'green', disabled: 'slate', locked: 'amber' };
const cell = 'px-3 py-3 align-top sm:px-4';

/** One account: its row in the accounts table, and a "Manage" panel with what an admin may do to it. */
export function AccountRow({ account, isSelf }: { account: AccountView; isSelf: boolean }) {
  return (
    <DisclosureRow
      toggleText="Manage"
      subject={account.name}
      columns={ACCOUNT_COLUMNS}
      cells={
        <>
          <th scope="row" className={`${cell} text-left font-medium`}>
            <span className="break-words">{account.name}</span>
            {/* On a phone the email and role columns fold in under the name. */}
            <span className="mt-0.5 block text-xs font-normal [overflow-wrap:anywhere] text-slate-600 md:hidden">{account.email}</span>
            <span className="mt-0.5 block text-xs font-normal text-slate-600 sm:hidden">{ROLE_LABEL[account.role]}</span>
          </th>
          <td className={`${cell} hidden [overflow-wrap:anywhere] md:table-cell`}>{account.email}</td>
          <td className={`${cell} hidden sm:table-cell`}>{ROLE_LABEL[account.role]}</td>
          <td className={cell}>
            <Badge tone={STATE_TONE[account.state]}>{ACCOUNT_STATE_LABEL[account.state]}</Badge>
          </td>
          <td className={`${cell} hidden whitespace-nowrap lg:table-cell`}>{account.lastSignIn}</td>
        </>
      }
    >
      <AccountPanel account={account} isSelf={isSelf} />
    </DisclosureRow>
  );
}

function AccountPanel({ account, isSelf }: { account: AccountView; isSelf: boolean }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <div className="flex flex-col gap-5">
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-600">Email</dt>
        <dd className="[overflow-wrap:anywhere]">{account.email}</dd>
        <dt className="text-slate-600">Role</dt>
        <dd>{ROLE_LABEL[account.role]}</dd>
        <dt className="text-slate-600">Last sign-in</dt>
        <dd>{account.lastSignIn}</dd>
        <dt className="text-slate-600">Two-step sign-in</dt>
        <dd>{account.mfaEnabled ? 'On' : 'Off'}</dd>
      </dl>
      {isSelf ? <Notice>This is your own account.</Notice> : null}
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
      <div className="flex flex-col gap-5 lg:flex-row lg:items-start">
        <div className="flex flex-col gap-3 lg:w-1/2">
          <AccessControls account={account} onOutcome={setOutcome} />
          {account.mfaEnabled && !isSelf ? <ResetMfaControl account={account} onOutcome={setOutcome} /> : null}
        </div>
        <div className="border-t border-slate-200 pt-4 lg:w-1/2 lg:border-t-0 lg:border-l lg:pt-0 lg:pl-5">
          {isSelf ? (
            <p className="text-sm text-slate-700">
              To change your own password, use{' '}
              <Link href="/account/password" className="font-medium text-teal-800 underline underline-offset-2">
                Change password
              </Link>
              .
            </p>
          ) : (
            <PasswordLinkPanel account={account} onOutcome={setOutcome} />
          )}
        </div>
      </div>
    </div>
  );
}

/** Disable / re-enable (each confirmed first), and unlock when the account is locked. */
function AccessControls({ account, onOutcome }: { account: AccountView; onOutcome: (o: Outcome | null) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const disabled = account.state === 'disabled';

  async function run(action: () => Promise<Parameters<typeof outcomeOf>[0]>, success: string) {
    setPending(true);
    onOutcome(null);
    try {
      onOutcome(outcomeOf(await action(), success));
    } catch (error) {
      // A redirect (say, the admin's own session has ended) must still happen.
      unstable_rethrow(error);
      onOutcome(FAILED);
    } finally {
      setPending(false);
      setConfirming(false);
    }
  }

  return (
    <>
      <h3 className="text-base font-semibold text-slate-900">Access</h3>
      {confirming ? (
        <div
          role="group"
          aria-label={disabled ? 'Confirm enabling' : 'Confirm disabling'}
          className={`flex flex-col gap-3 rounded-md border p-3 text-sm ${disabled ? 'border-slate-300 bg-slate-50' : 'border-red-300 bg-red-50 text-red-950'}`}
        >
          <p>
            {disabled ? (
              <>
                Enable <strong>{account.name}</strong>? They can sign in again with their current password.
              </>
            ) : (
              <>
                Disable <strong>{account.name}</strong>? They are signed out everywhere at once and cannot sign in until the account is enabled again. Nothing
                they recorded is removed.
              </>
            )}
          </p>
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant={disabled ? 'primary' : 'danger'}
              disabled={pending}
              onClick={() =>
                void run(
                  () => setAccountDisabledAction({ userId: account.id, disabled: !disabled }),
                  disabled ? `${account.name} is enabled and can sign in again.` : `${account.name} is disabled and has been signed out everywhere.`,
                )
              }
            >
              {pending ? (disabled ? 'Enabling…' : 'Disabling…') : disabled ? 'Enable account' : 'Disable account'}
            </Button>
            <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
            {disabled ? 'Enable…' : 'Disable…'}
          </Button>
          {account.state === 'locked' ? (
            <Button
              type="button"
              variant="secondary"
              disabled={pending}
              onClick={() => void run(() => unlockAccountAction({ userId: account.id }), `${account.name} is unlocked and can try to sign in again.`)}
            >
              {pending ? 'Unlocking…' : 'Unlock'}
            </Button>
          ) : null}
        </div>
      )}
      <p className="text-sm text-slate-600" hidden={confirming}>
        {disabled
          ? 'A disabled account cannot sign in.'
          : account.state === 'locked'
            ? 'Locked after too many wrong passwords. Unlocking lets them try again now.'
            : 'Disabling signs the account out everywhere at once.'}
      </p>
    </>
  );
}

/**
 * "Send a password link": a one-time link with which the person sets their own password. A client's
 * link only ever goes to the client's mailbox; a staff link is mailed, or shown here once when no mail
 * is set up. The admin never types or sees a password.
 */
function PasswordLinkPanel({ account, onOutcome }: { account: AccountView; onOutcome: (o: Outcome | null) => void }) {
  const [pending, setPending] = useState(false);
  const [handover, setHandover] = useState<LinkHandoverView | null>(null);
  const isClient = account.role === 'client';

  async function send() {
    setPending(true);
    onOutcome(null);
    setHandover(null);
    try {
      const result = await sendPasswordLinkAction({ userId: account.id });
      if (result.ok) setHandover(result.handover);
      else onOutcome(outcomeOf(result, ''));
    } catch (error) {
      unstable_rethrow(error);
      onOutcome(FAILED);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-3">
      <h3 className="text-base font-semibold text-slate-900">Password</h3>
      <p className="text-sm text-slate-700">
        {isClient
          ? `${account.name} gets a one-time link by email, to their own address only, to choose a new password. You never see the link, so you cannot sign in as a client.`
          : `${account.name} gets a one-time link to choose a new password. Their current password keeps working until they use it; then every session of the account ends.`}
      </p>
      {handover ? (
        <div role="status" className="flex flex-col gap-2 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-950">
          <LinkHandover handover={handover} personName={account.name} />
        </div>
      ) : null}
      <div>
        <Button type="button" variant="secondary" disabled={pending} onClick={() => void send()}>
          {pending ? 'Sending…' : handover ? 'Make a new link' : isClient ? 'Email a password link' : 'Send a password link'}
        </Button>
      </div>
    </div>
  );
}

/** Switches off a user's two-step sign-in (lost phone and recovery codes), confirmed first. */
function ResetMfaControl({ account, onOutcome }: { account: AccountView; onOutcome: (o: Outcome | null) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  async function reset() {
    setPending(true);
    onOutcome(null);
    try {
      onOutcome(
        outcomeOf(
          await resetMfaAction({ userId: account.id }),
          `Two-step sign-in of ${account.name} is reset and they have been signed out everywhere. They set it up again at their next sign-in.`,
        ),
      );
    } catch (error) {
      unstable_rethrow(error);
      onOutcome(FAILED);
    } finally {
      setPending(false);
      setConfirming(false);
    }
  }
  return (
    <>
      <h3 className="mt-2 text-base font-semibold text-slate-900">Two-step sign-in</h3>
      {confirming ? (
        <div
          role="group"
          aria-label="Confirm resetting two-step sign-in"
          className="flex flex-col gap-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950"
        >
          <p>
            Reset two-step sign-in for <strong>{account.name}</strong>? Their authenticator app, recovery codes and remembered devices stop working, and they
            are signed out everywhere. Only do this once you are sure the request comes from them.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="danger" disabled={pending} onClick={() => void reset()}>
              {pending ? 'Resetting…' : 'Reset two-step sign-in'}
            </Button>
            <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div>
          <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
            Reset two-step sign-in…
          </Button>
        </div>
      )}
    </>
  );
}
