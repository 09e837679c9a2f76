'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { unstable_rethrow } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FAILED, outcomeOf, type Outcome } from '@/components/admin/action-outcome';
import { DisclosureRow } from '@/components/admin/disclosure-row';
import { SelectField } from '@/components/admin/select-field';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { supervisionSchema, type SupervisionInput } from '@/lib/validation/admin';
import { endSupervisionAction, startSupervisionAction } from './actions';
import { ScrollRegion } from '@/components/ui/scroll-region';

export type PersonOption = { id: string; name: string };
export type PairView = { supervisorId: string; supervisorName: string; therapistId: string; therapistName: string; since: string };

const th = 'px-3 py-3 font-semibold sm:px-4';
const cell = 'px-3 py-3 align-top sm:px-4';

/** Who supervises whom: the current pairs (each can be ended) and a form to start one. */
export function SupervisionSection({ pairs, supervisors, therapists }: { pairs: PairView[]; supervisors: PersonOption[]; therapists: PersonOption[] }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <div className="flex flex-col gap-4">
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
      {pairs.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">Nobody is supervised yet.</p>
      ) : (
        <ScrollRegion className="rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Current supervision pairs</caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className={th}>
                  Supervisor
                </th>
                <th scope="col" className={th}>
                  Therapist
                </th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>
                  Since
                </th>
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {pairs.map((pair) => (
                <DisclosureRow
                  key={`${pair.supervisorId}:${pair.therapistId}`}
                  toggleText="End"
                  subject={`${pair.supervisorName}’s supervision of ${pair.therapistName}`}
                  columns={4}
                  cells={
                    <>
                      <th scope="row" className={`${cell} text-left font-medium`}>
                        {pair.supervisorName}
                      </th>
                      <td className={cell}>
                        {pair.therapistName}
                        <span className="mt-0.5 block text-xs text-slate-600 sm:hidden">since {pair.since}</span>
                      </td>
                      <td className={`${cell} hidden whitespace-nowrap sm:table-cell`}>{pair.since}</td>
                    </>
                  }
                >
                  {(close) => <EndPairing pair={pair} onCancel={close} onOutcome={setOutcome} />}
                </DisclosureRow>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <StartPairingForm
        supervisors={supervisors}
        therapists={therapists}
        pairsKey={pairs.map((p) => `${p.supervisorId}:${p.therapistId}`).join(',')}
        onOutcome={setOutcome}
      />
    </div>
  );
}

function EndPairing({ pair, onCancel, onOutcome }: { pair: PairView; onCancel: () => void; onOutcome: (o: Outcome | null) => void }) {
  const [pending, setPending] = useState(false);
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p>
        End <strong>{pair.supervisorName}</strong>’s supervision of <strong>{pair.therapistName}</strong>? From now on {pair.supervisorName} no longer sees{' '}
        {pair.therapistName}’s clients, alerts or figures. Supervision notes already written are kept.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="danger"
          disabled={pending}
          onClick={async () => {
            setPending(true);
            onOutcome(null);
            try {
              const result = await endSupervisionAction({ supervisorId: pair.supervisorId, therapistId: pair.therapistId });
              onOutcome(outcomeOf(result, `${pair.supervisorName} no longer supervises ${pair.therapistName}.`));
            } catch (error) {
              unstable_rethrow(error);
              onOutcome(FAILED);
            } finally {
              setPending(false);
            }
          }}
        >
          {pending ? 'Ending…' : 'End supervision'}
        </Button>
        <Button type="button" variant="secondary" disabled={pending} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

type StartValues = z.input<typeof supervisionSchema>;

function StartPairingForm({
  supervisors,
  therapists,
  pairsKey,
  onOutcome,
}: {
  supervisors: PersonOption[];
  therapists: PersonOption[];
  /** Changes when the pairs change, so a refusal about a pair that has since ended goes away. */
  pairsKey: string;
  onOutcome: (o: Outcome | null) => void;
}) {
  const {
    register,
    handleSubmit,
    setError,
    clearErrors,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<StartValues, unknown, SupervisionInput>({ resolver: zodResolver(supervisionSchema), defaultValues: { supervisorId: '', therapistId: '' } });
  useEffect(() => clearErrors('root'), [pairsKey, clearErrors]);
  const nameOf = (list: PersonOption[], id: string) => list.find((p) => p.id === id)?.name ?? 'The supervisor';

  return (
    <form
      noValidate
      aria-labelledby="start-supervision-heading"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5"
      onSubmit={handleSubmit(async (values) => {
        onOutcome(null);
        try {
          const result = await startSupervisionAction(values);
          if (applyActionResult(result, setError)) {
            reset();
            onOutcome({ tone: 'success', text: `${nameOf(supervisors, values.supervisorId)} now supervises ${nameOf(therapists, values.therapistId)}.` });
          }
        } catch (error) {
          unstable_rethrow(error);
          onOutcome(FAILED);
        }
      })}
    >
      <h3 id="start-supervision-heading" className="text-base font-semibold text-slate-900">
        Start supervision
      </h3>
      {supervisors.length === 0 || therapists.length === 0 ? (
        <p className="text-sm text-slate-700">
          {supervisors.length === 0 ? 'There is no active supervisor account.' : 'There is no active therapist account.'} Create one under Accounts first.
        </p>
      ) : (
        <>
          {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Supervisor" error={errors.supervisorId?.message} {...register('supervisorId')}>
              <option value="">Choose a supervisor…</option>
              {supervisors.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </SelectField>
            <SelectField label="Therapist" error={errors.therapistId?.message} {...register('therapistId')}>
              <option value="">Choose a therapist…</option>
              {therapists.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </SelectField>
          </div>
          <p className="text-sm text-slate-600">The supervisor then sees this therapist’s clients, alerts and alliance figures (read-only).</p>
          <div>
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting ? 'Starting…' : 'Start supervision'}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}
