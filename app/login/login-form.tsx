'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { signInSchema } from '@/lib/validation/auth';
import { signInAction } from './actions';

/**
 * Email and password; then, for an account with two-step sign-in, the code. The password stays in
 * this form (never in a cookie or the URL) and is checked again with the code: no session exists
 * until both are right. `returnTo`, the page asked for before sign-in, is kept through both steps.
 */
export function LoginForm({ returnTo }: { returnTo?: string }) {
  const [step, setStep] = useState<'password' | 'code'>('password');
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof signInSchema>, unknown, z.output<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: '', password: '', code: '', rememberDevice: false },
  });

  const startOver = () => {
    setValue('password', '');
    setValue('code', '');
    setStep('password');
  };

  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async (values) => {
        const result = await signInAction({ credentials: step === 'code' ? values : { email: values.email, password: values.password }, returnTo });
        if (result.ok && result.codeNeeded) {
          // The password was right; the account uses two-step sign-in (asked again: no code was sent).
          if (step === 'code') setError('code', { message: 'Enter the code from your authenticator app.' });
          setStep('code');
          return;
        }
        if (step === 'code' && !result.ok && !result.fieldErrors?.code) {
          // Refused outright (say, the account was locked meanwhile): back to the first step.
          startOver();
        }
        applyActionResult(result, setError);
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      {step === 'password' ? (
        <>
          <TextField label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
          <TextField label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...register('password')} />
        </>
      ) : (
        <>
          <Notice>This account uses two-step sign-in. Open your authenticator app and enter the 6-digit code it shows for Rapport.</Notice>
          <TextField
            label="Authentication code"
            autoComplete="one-time-code"
            autoFocus
            spellCheck={false}
            hint="Lost your phone? Enter one of your recovery codes instead."
            error={errors.code?.message}
            {...register('code')}
          />
          <label className="flex min-h-11 cursor-pointer items-center gap-3 text-sm text-slate-900">
            <input type="checkbox" className="size-5 accent-teal-700" {...register('rememberDevice')} />
            Remember this device for 30 days
          </label>
        </>
      )}
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
      {step === 'code' ? (
        <button type="button" onClick={startOver} className="min-h-11 text-sm font-medium text-teal-800 underline underline-offset-2">
          Use a different account
        </button>
      ) : null}
    </form>
  );
}
