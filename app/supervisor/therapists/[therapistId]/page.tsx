import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, Empty, linkButton, linkClass, ScrollTable, STATUS_LABEL, th, When } from '@/components/supervision/card';
import { mean2, plural } from '@/components/supervision/format';
import { SupervisionNoteForm } from '@/components/supervision/supervision-note-form';
import { alertLabel, TherapistAlerts } from '@/components/supervision/therapist-alerts';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getSupervisedTherapist, listSupervisedTherapistClients, listSupervisionNotes, listTherapistAlerts } from '@/lib/data/supervisor';
import { orHttpError } from '@/lib/http';
import { addSupervisionNoteAction } from './actions';

export const metadata: Metadata = { title: 'Therapist' };

export default async function SupervisedTherapistPage({ params }: { params: Promise<{ therapistId: string }> }) {
  const { therapistId: id } = await params;
  const actor = await requireAreaActor('supervisor');
  // The therapist first (404 if not supervised by this actor), then the rest; all before rendering.
  const therapist = await orHttpError(getSupervisedTherapist(actor, id));
  const [clients, alerts, notes, timeZone] = await orHttpError(
    Promise.all([
      listSupervisedTherapistClients(actor, therapist.id),
      listTherapistAlerts(actor, therapist.id),
      listSupervisionNotes(actor, therapist.id),
      getClinicTimeZone(actor),
    ]),
  );
  const now = new Date();
  const clientIds = new Set(clients.map((c) => c.id));
  const clientHref = (clientId: string) => `/supervisor/therapists/${therapist.id}/clients/${clientId}`;
  const alertsById = new Map(alerts.map((a) => [a.id, a]));
  const open = alerts.filter((a) => a.status === 'open');
  const unanswered = open.filter((a) => now.getTime() - a.createdAt.getTime() > 7 * 86_400_000).length;
  const active = clients.filter((c) => c.status === 'active').length;
  const exportBase = `/supervisor/therapists/${therapist.id}/export`;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/supervisor" className={linkClass}>
          ← All therapists
        </Link>
      </p>
      <PageHeader title={therapist.name}>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <a href="#clients" className={linkClass}>
            Clients
          </a>
          <a href="#alerts" className={linkClass}>
            Alerts
          </a>
          <a href="#notes" className={linkClass}>
            Supervision notes
          </a>
        </p>
      </PageHeader>
      <p className="mb-6 text-sm text-slate-800" data-testid="therapist-summary">
        {plural(clients.length, 'client', 'clients')} ({active} active) · {plural(alerts.length, 'alert', 'alerts')}, {open.length} open
        {unanswered > 0 ? <strong className="text-red-800"> · {plural(unanswered, 'alert', 'alerts')} unanswered for more than 7 days</strong> : null}
      </p>

      <div className="flex flex-col gap-6">
        <Card
          id="clients"
          title="Clients"
          description="Read-only: open a name to see the record, charts and measures. Latest alliance is the client’s most recent WAI-SR mean (1–5)."
        >
          {clients.length === 0 ? (
            <Empty>No clients in this caseload.</Empty>
          ) : (
            <ScrollTable caption={`Clients of ${therapist.name}`}>
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className={th}>
                    Client
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Latest alliance
                  </th>
                  <th scope="col" className={th}>
                    Open alerts
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {clients.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" className="text-left font-medium">
                      <Link href={clientHref(c.id)} className={linkClass}>
                        {c.name}
                      </Link>
                    </th>
                    <td>{STATUS_LABEL[c.status]}</td>
                    <td className="text-right tabular-nums">
                      {c.latestAlliance === null ? <span className="text-slate-500">None yet</span> : mean2(c.latestAlliance)}
                    </td>
                    <td>
                      {c.openAlerts === 0 ? (
                        <span className="text-slate-500">None</span>
                      ) : (
                        <span className="font-semibold text-amber-900">{c.openAlerts} open</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </Card>

        <Card
          id="alerts"
          title="Alerts and their handling"
          description={
            <>
              Newest first. A rupture answered within 7 days is acknowledged with a repair note by then; <em>repaired</em> means the alliance came back to its
              pre-drop level within the next 3 measurements.
            </>
          }
        >
          <div className="flex flex-col gap-2 rounded-md bg-slate-50 p-3 text-sm">
            <div className="flex flex-wrap gap-2">
              <a href={exportBase} download className={linkButton}>
                Download alert history (CSV, pseudonymised)
              </a>
              <a href={`${exportBase}?identified=1`} download className={`${linkButton} border-amber-400`}>
                Download identified alert history (CSV, with client names)
              </a>
            </div>
            <p className="text-slate-700">
              The pseudonymised file names clients and alerts by pseudonyms made with a secret key of this clinic (the same client keeps the same pseudonym
              across exports until an admin rotates the key), has dates to the month and no names or notes. It is not anonymous: months and kinds of alerts can
              still point to a client for someone who knows the caseload, so keep it confidential too; its first line says so. The identified one has names,
              exact times and the therapist’s notes.
            </p>
          </div>
          <TherapistAlerts
            alerts={alerts}
            notes={notes}
            clientIds={clientIds}
            clientHref={clientHref}
            therapistId={therapist.id}
            noteAction={addSupervisionNoteAction}
            timeZone={timeZone}
            now={now}
          />
        </Card>

        <Card id="notes" title="Supervision notes" description={`Your notes on ${therapist.name} and on their alerts, newest first. Every note is audited.`}>
          <div className="max-w-xl">
            <SupervisionNoteForm
              action={addSupervisionNoteAction}
              therapistId={therapist.id}
              label={`Note on ${therapist.name}`}
              formLabel="Supervision note on the therapist"
            />
          </div>
          {notes.length === 0 ? (
            <Empty>No supervision notes yet.</Empty>
          ) : (
            <ul aria-label="Supervision notes" className="flex flex-col divide-y divide-slate-100 rounded-md border border-slate-200">
              {notes.map((n) => {
                const alert = n.alertId ? alertsById.get(n.alertId) : undefined;
                return (
                  <li key={n.id} className="flex flex-col gap-1 p-3 text-sm">
                    <p className="text-xs text-slate-600">
                      {n.author} · <When at={n.createdAt} timeZone={timeZone} />
                      {n.alertId ? <> · on the alert: {alert ? alertLabel(alert, timeZone) : 'an earlier alert'}</> : <> · on the therapist</>}
                    </p>
                    <p className="whitespace-pre-wrap text-slate-900">{n.note}</p>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
