'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { clientContactSchema } from '@/lib/validation/clients';
import { updateContactAction } from './actions';

type Values = z.input<typeof clientContactSchema>;

export function ContactForm({ clientId, defaults }: { clientId: string; defaults: Values }) {
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof clientContactSchema>>({ resolver: zodResolver(clientContactSchema), defaultValues: defaults });

  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async () => {
        setSaved(null);
        // The raw values: the server action parses them with the same schema.
        const result = await updateContactAction({ clientId, contact: getValues() });
        if (applyActionResult(result, setError) && result.ok) setSaved(result.message ?? 'Saved.');
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="First name" autoComplete="off" error={errors.firstName?.message} {...register('firstName')} />
        <TextField label="Last name" autoComplete="off" error={errors.lastName?.message} {...register('lastName')} />
      </div>
      <TextField label="Preferred name" autoComplete="off" error={errors.preferredName?.message} {...register('preferredName')} />
      <TextField label="Date of birth" type="date" autoComplete="off" error={errors.dateOfBirth?.message} {...register('dateOfBirth')} />
      <TextField label="Contact email" type="email" autoComplete="off" error={errors.email?.message} {...register('email')} />
      <TextField label="Phone" type="tel" autoComplete="off" error={errors.phone?.message} {...register('phone')} />
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Save contact details'}
        </Button>
      </div>
    </form>
  );
}
