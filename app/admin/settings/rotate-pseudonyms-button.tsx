'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { rotateExportPseudonymsAction } from './actions';

/** "Rotate export pseudonyms", confirmed first: it cannot be undone. */
export function RotatePseudonymsButton() {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  async function rotate() {
    setPending(true);
    setOutcome(null);
    try {
      const result = await rotateExportPseudonymsAction({});
      setOutcome(
        result.ok
          ? { tone: 'success', text: result.message ?? 'Export pseudonyms rotated.' }
          : { tone: 'error', text: result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? 'Nothing was changed.' },
      );
    } catch {
      setOutcome({ tone: 'error', text: 'Something went wrong; the pseudonyms may not have changed. Please reload the page and try again.' });
    } finally {
      setPending(false);
      setConfirming(false);
    }
  }

  return (
    <div className="flex flex-col gap-3">
      {confirming ? (
        <div
          role="group"
          aria-label="Confirm rotating"
          className="flex flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          <p>
            Rotate the export pseudonyms? Every client and alert gets a new pseudonym in exports from now on. Files exported before and after cannot be matched
            with each other, and this cannot be undone.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button type="button" disabled={pending} onClick={() => void rotate()}>
              {pending ? 'Rotating…' : 'Rotate pseudonyms'}
            </Button>
            <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div>
          <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
            Rotate export pseudonyms…
          </Button>
        </div>
      )}
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
    </div>
  );
}
