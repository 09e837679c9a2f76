'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { unstable_rethrow } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FAILED, type Outcome } from '@/components/admin/action-outcome';
import { Badge } from '@/components/admin/badge';
import { DisclosureRow } from '@/components/admin/disclosure-row';
import { CLIENT_STATUS_LABEL } from '@/components/admin/labels';
import { SelectField } from '@/components/admin/select-field';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { reassignClientSchema, type ReassignClient } from '@/lib/validation/admin';
import { reassignClientAction } from './actions';
import type { PersonOption } from './supervision-section';

export type ClientView = { id: string; name: string; status: keyof typeof CLIENT_STATUS_LABEL; therapistId: string | null; therapistName: string | null };

const CLIENT_COLUMNS = 4;
const cell = 'px-3 py-3 align-top sm:px-4';

/** A client, the therapist they are with, and a "Reassign" panel. Names only: nothing clinical. */
export function ClientRow({ client, therapists }: { client: ClientView; therapists: PersonOption[] }) {
  return (
    <DisclosureRow
      toggleText="Reassign"
      subject={client.name}
      columns={CLIENT_COLUMNS}
      cells={
        <>
          <th scope="row" className={`${cell} text-left font-medium`}>
            {client.name}
            {client.status !== 'active' ? (
              <span className="mt-1 block sm:hidden">
                <Badge tone="slate">{CLIENT_STATUS_LABEL[client.status]}</Badge>
              </span>
            ) : null}
          </th>
          <td className={`${cell} hidden sm:table-cell`}>
            <Badge tone={client.status === 'active' ? 'green' : 'slate'}>{CLIENT_STATUS_LABEL[client.status]}</Badge>
          </td>
          <td className={cell}>{client.therapistName ?? <span className="text-slate-600">No therapist</span>}</td>
        </>
      }
    >
      <ReassignForm client={client} therapists={therapists.filter((t) => t.id !== client.therapistId)} />
    </DisclosureRow>
  );
}

type Values = z.input<typeof reassignClientSchema>;

function ReassignForm({ client, therapists }: { client: ClientView; therapists: PersonOption[] }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, ReassignClient>({ resolver: zodResolver(reassignClientSchema), defaultValues: { therapistId: '', reason: '' } });

  return (
    <form
      noValidate
      aria-label={`Reassign ${client.name}`}
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async (values) => {
        setOutcome(null);
        const previous = client.therapistName;
        const next = therapists.find((t) => t.id === values.therapistId)?.name ?? 'the new therapist';
        try {
          const result = await reassignClientAction({ ...values, clientId: client.id });
          if (applyActionResult(result, setError)) {
            reset();
            setOutcome({
              tone: 'success',
              text: previous
                ? `${client.name} is now with ${next}. The caseload history keeps the time with ${previous}, and past measures stay with ${previous}.`
                : `${client.name} is now with ${next}.`,
            });
          }
        } catch (error) {
          unstable_rethrow(error);
          setOutcome(FAILED);
        }
      })}
    >
      <p className="text-sm text-slate-700">
        {client.therapistName ? (
          <>
            Currently with <strong>{client.therapistName}</strong>. Open questionnaires move to the new therapist; completed ones stay with{' '}
            {client.therapistName}.
          </>
        ) : (
          'This client has no therapist.'
        )}
      </p>
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      {therapists.length === 0 ? (
        <p className="text-sm text-slate-700">There is no other active therapist to move this client to.</p>
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="New therapist" error={errors.therapistId?.message} {...register('therapistId')}>
              <option value="">Choose a therapist…</option>
              {therapists.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Reason"
              hint="Kept in the caseload history. Keep clinical details out."
              maxLength={300}
              error={errors.reason?.message}
              {...register('reason')}
            />
          </div>
          <div>
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting ? 'Reassigning…' : 'Reassign client'}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}
