'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { LinkHandover, type LinkHandoverView } from '@/components/admin/link-handover';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { createStaffSchema, type CreateStaff } from '@/lib/validation/admin';
import { createAccountAction } from '../actions';

type Values = z.input<typeof createStaffSchema>;

const ROLES = [
  { value: 'therapist', label: 'Therapist', description: 'Keeps a caseload: clients, plans, sessions and measures.' },
  { value: 'supervisor', label: 'Supervisor', description: 'Reviews the alliance quality of the therapists assigned to them.' },
  { value: 'admin', label: 'Admin', description: 'Runs accounts, assignments, settings and the audit log; sees no clinical content.' },
] as const;

/** After creating: who the account is for, and how their one-time set-password link reached them. */
function Created({ name, handover }: { name: string; handover: LinkHandoverView }) {
  return (
    <div role="status" className="flex flex-col gap-3 rounded-lg border border-green-300 bg-green-50 p-4 text-sm text-green-950 sm:p-5">
      <p className="font-semibold">Account created for {name}.</p>
      <p>It has no password yet: {name} chooses one with the link below, and you never know it.</p>
      <LinkHandover handover={handover} personName={name} />
      <p>
        <Link href="/admin" className="font-medium text-teal-800 underline underline-offset-2">
          Back to accounts
        </Link>
      </p>
    </div>
  );
}

export function CreateAccountForm() {
  const roleId = useId();
  const [created, setCreated] = useState<{ name: string; handover: LinkHandoverView } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, CreateStaff>({
    resolver: zodResolver(createStaffSchema),
    // No role preselected: an admin account should be a deliberate choice.
    defaultValues: { name: '', email: '', role: undefined },
  });
  const roleError = errors.role?.message;

  if (created) return <Created name={created.name} handover={created.handover} />;

  return (
    <form
      noValidate
      aria-label="Create account"
      className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4 sm:p-5"
      onSubmit={handleSubmit(async (values) => {
        const result = await createAccountAction(values);
        if (applyActionResult(result, setError) && result.ok) setCreated({ name: values.name, handover: result.handover });
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <TextField label="Full name" autoComplete="off" error={errors.name?.message} {...register('name')} />
      <TextField
        label="Email"
        type="email"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        hint="They sign in with this address."
        error={errors.email?.message}
        {...register('email')}
      />
      <fieldset className="flex flex-col gap-2" aria-describedby={roleError ? `${roleId}-error` : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-900">Role</legend>
        <div className="flex flex-col gap-2">
          {ROLES.map((role) => (
            <label
              key={role.value}
              className="flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-slate-300 px-3 py-2 has-checked:border-teal-700 has-checked:bg-teal-50 has-focus-visible:outline-3 has-focus-visible:outline-teal-600"
            >
              <input type="radio" value={role.value} className="mt-1 size-4 accent-teal-700" {...register('role')} />
              <span className="text-sm">
                <span className="font-medium text-slate-900">{role.label}</span>
                <span className="block text-slate-600">{role.description}</span>
              </span>
            </label>
          ))}
        </div>
        {roleError ? (
          <p id={`${roleId}-error`} className="text-sm text-red-700">
            {roleError}
          </p>
        ) : null}
      </fieldset>
      <p className="text-sm text-slate-700">
        No password is set here. The person gets a one-time link to choose their own: emailed to them when mail is set up, otherwise shown to you once to pass
        on.
      </p>
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Creating…' : 'Create account'}
        </Button>
      </div>
    </form>
  );
}
