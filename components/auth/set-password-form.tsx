'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { acceptInvitationSchema, PASSWORD_MIN_LENGTH, type AcceptInvitationInput } from '@/lib/validation/auth';
import type { ActionResult } from '@/lib/action';

type Values = z.input<typeof acceptInvitationSchema>;

const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words work well; common passwords and ones containing your email address are refused.`;

/**
 * Choosing one's own password from a one-time link: a portal invitation or a set-password link an
 * admin sent. `action` is that link's server action; on success it signs the person in and redirects.
 */
export function SetPasswordForm({
  token,
  email,
  action,
}: {
  token: string;
  email: string;
  action: (input: AcceptInvitationInput & { token: string }) => Promise<ActionResult<object>>;
}) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof acceptInvitationSchema>>({
    resolver: zodResolver(acceptInvitationSchema),
    defaultValues: { password: '', confirmPassword: '' },
  });
  const refused = errors.root?.message;

  return (
    <form
      noValidate
      aria-label="Set your password"
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async (values) => {
        applyActionResult(await action({ token, ...values }), setError);
      })}
    >
      {refused ? (
        <Notice tone="error">
          {refused}
          {/already been used|signing you in/.test(refused) ? (
            <>
              {' '}
              <Link href="/login" className="font-semibold underline underline-offset-2">
                Go to sign in
              </Link>
            </>
          ) : null}
        </Notice>
      ) : null}
      {/* Lets password managers save the new password against the right account. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_HINT}
        error={errors.password?.message}
        {...register('password')}
      />
      <TextField
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword?.message}
        {...register('confirmPassword')}
      />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Setting password…' : 'Set password and sign in'}
      </Button>
    </form>
  );
}
