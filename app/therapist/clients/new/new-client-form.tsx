'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { newClientSchema, type NewClient, type NewClientInput } from '@/lib/validation/caseload';
import { createClientAction } from './actions';

const STATUSES = [
  { value: 'active', label: 'Active', hint: 'In treatment now' },
  { value: 'waitlist', label: 'Waitlist', hint: 'Waiting to start' },
] as const;

export function NewClientForm() {
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<NewClientInput, unknown, NewClient>({
    resolver: zodResolver(newClientSchema),
    defaultValues: { firstName: '', lastName: '', preferredName: '', dateOfBirth: '', email: '', status: 'active' },
  });
  const statusError = errors.status?.message;

  return (
    <form
      noValidate
      aria-label="Add a client"
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async () => {
        // The raw values: the server action parses them with the same schema. On success it redirects.
        applyActionResult(await createClientAction(getValues()), setError);
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="First name" autoComplete="off" error={errors.firstName?.message} {...register('firstName')} />
        <TextField label="Last name" autoComplete="off" error={errors.lastName?.message} {...register('lastName')} />
      </div>
      <TextField label="Preferred name (optional)" autoComplete="off" error={errors.preferredName?.message} {...register('preferredName')} />
      <TextField label="Date of birth (optional)" type="date" max="9999-12-31" error={errors.dateOfBirth?.message} {...register('dateOfBirth')} />
      <TextField
        label="Email (optional)"
        type="email"
        autoComplete="off"
        hint="Needed to invite the client to the portal: their portal account signs in with it."
        error={errors.email?.message}
        {...register('email')}
      />
      <fieldset aria-describedby={statusError ? 'new-client-status-error' : undefined} className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-900">Status</legend>
        <div className="flex flex-wrap gap-2">
          {STATUSES.map((option) => (
            <label
              key={option.value}
              className="inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm has-checked:border-teal-700 has-checked:bg-teal-50 has-focus-visible:outline-3 has-focus-visible:outline-teal-600"
            >
              <input type="radio" value={option.value} className="size-4 accent-teal-700" {...register('status')} />
              <span>
                {option.label} <span className="text-slate-600">· {option.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {statusError ? (
          <p id="new-client-status-error" className="text-sm text-red-700">
            {statusError}
          </p>
        ) : null}
      </fieldset>
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Adding…' : 'Add client'}
        </Button>
      </div>
    </form>
  );
}
