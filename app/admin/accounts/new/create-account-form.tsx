'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { TemporaryPasswordField } from '@/components/admin/temporary-password-field';
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

export function CreateAccountForm() {
  const roleId = useId();
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, CreateStaff>({
    resolver: zodResolver(createStaffSchema),
    // No role preselected: an admin account should be a deliberate choice.
    defaultValues: { name: '', email: '', role: undefined, temporaryPassword: '' },
  });
  const roleError = errors.role?.message;

  return (
    <form
      noValidate
      aria-label="Create account"
      className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4 sm:p-5"
      onSubmit={handleSubmit(async (values) => {
        // On success the action redirects to the accounts list, which names the new account.
        const result = await createAccountAction(values);
        if (result) applyActionResult(result, setError);
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <TextField label="Full name" autoComplete="off" error={errors.name?.message} {...register('name')} />
      <TextField label="Email" type="email" autoComplete="off" autoCapitalize="off" spellCheck={false} hint="They sign in with this address." error={errors.email?.message} {...register('email')} />
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
      <TemporaryPasswordField
        field={register('temporaryPassword')}
        error={errors.temporaryPassword?.message}
        onGenerate={(password) => setValue('temporaryPassword', password, { shouldValidate: true, shouldDirty: true })}
      />
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Creating…' : 'Create account'}
        </Button>
      </div>
    </form>
  );
}
