'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { adoptThresholdsAction } from './actions';

/**
 * Adopts the proposal. Only the settings version goes to the server: it recomputes the thresholds
 * itself, and the answer says exactly what was adopted.
 */
export function AdoptButton({ expectedVersion }: { expectedVersion: number }) {
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  return (
    <div className="flex flex-col gap-3">
      <div>
        <Button
          type="button"
          disabled={pending}
          onClick={async () => {
            setPending(true);
            setOutcome(null);
            try {
              const result = await adoptThresholdsAction({ expectedVersion });
              setOutcome(
                result.ok
                  ? { tone: 'success', text: result.message ?? 'Thresholds adopted.' }
                  : { tone: 'error', text: result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? 'Nothing was adopted.' },
              );
            } catch {
              setOutcome({ tone: 'error', text: 'Something went wrong; nothing was adopted. Please try again.' });
            } finally {
              setPending(false);
            }
          }}
        >
          {pending ? 'Adopting…' : 'Adopt these thresholds'}
        </Button>
      </div>
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
    </div>
  );
}
