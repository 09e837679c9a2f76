'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { mfaCodeSchema, type MfaCodeInput } from '@/lib/validation/auth';
import { confirmMfaAction } from './actions';

/** The first code from the app; then, once, the recovery codes. */
export function ConfirmMfaForm({ homeHref }: { homeHref: string }) {
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<MfaCodeInput>({ resolver: zodResolver(mfaCodeSchema), defaultValues: { code: '' } });

  if (recoveryCodes) {
    return (
      <section aria-labelledby="recovery-codes-heading" className="flex flex-col gap-3">
        <Notice tone="success">Two-step sign-in is on. From now on, Rapport asks for a code from your app after your password.</Notice>
        <h2 id="recovery-codes-heading" className="text-lg font-semibold">
          Your recovery codes
        </h2>
        <p className="text-sm text-slate-700">
          If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Save them somewhere safe now (a password manager, or
          printed and locked away): they are shown only this once.
        </p>
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md border border-slate-300 bg-white p-4 font-mono text-base">
          {recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <div>
          <Link
            href={homeHref}
            className="inline-flex min-h-11 items-center rounded-md bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800"
          >
            I have saved my recovery codes
          </Link>
        </div>
      </section>
    );
  }

  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async (values) => {
        const result = await confirmMfaAction(values);
        if (applyActionResult(result, setError) && result.ok) setRecoveryCodes(result.recoveryCodes);
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <TextField
        label="Code from your app"
        autoComplete="one-time-code"
        inputMode="numeric"
        spellCheck={false}
        hint="The 6-digit code your app shows for Rapport now."
        error={errors.code?.message}
        {...register('code')}
      />
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Checking…' : 'Turn on two-step sign-in'}
        </Button>
      </div>
    </form>
  );
}
