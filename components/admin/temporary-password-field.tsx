'use client';

import type { UseFormRegisterReturn } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { generateTemporaryPassword, TEMPORARY_PASSWORD_HINT } from './temporary-password';

/**
 * The temporary password an admin hands over: shown as plain text (it has to be read out or passed
 * on, and is replaced at first sign-in), with a button that fills in a random one.
 */
export function TemporaryPasswordField({ field, error, onGenerate, label = 'Temporary password' }: { field: UseFormRegisterReturn; error?: string; onGenerate: (password: string) => void; label?: string }) {
  return (
    <div className="flex flex-col gap-2">
      <TextField label={label} type="text" autoComplete="off" autoCapitalize="off" spellCheck={false} hint={TEMPORARY_PASSWORD_HINT} error={error} className="[&_input]:font-mono" {...field} />
      <div>
        <Button type="button" variant="secondary" onClick={() => onGenerate(generateTemporaryPassword())}>
          Generate a password
        </Button>
      </div>
    </div>
  );
}
