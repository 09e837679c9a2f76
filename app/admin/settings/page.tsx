import type { Metadata } from 'next';
import Form from 'next/form';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import type { ScaleNorm } from '@/lib/alliance/norms';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getExportPseudonymInfo } from '@/lib/data/pseudonyms';
import { getClinicSettingsForAdmin, proposeLocalThresholds, type LocalNormsProposal, type ThresholdAdoption } from '@/lib/data/settings';
import { formatDateTime } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { settingsFormDefaults } from '@/lib/validation/settings';
import { AdoptButton } from './adopt-button';
import { RotatePseudonymsButton } from './rotate-pseudonyms-button';
import { SettingsForm } from './settings-form';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Clinic settings' };

const SCALES = [
  ['goal', 'Goal'],
  ['task', 'Task'],
  ['bond', 'Bond'],
  ['overall', 'Overall'],
] as const;

const th = 'px-3 py-2 text-left font-semibold whitespace-nowrap';
const td = 'px-3 py-2 align-top';

function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

function Card({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <div className="mt-1 text-sm text-slate-600">{description}</div> : null}
      <div className="mt-4 flex flex-col gap-4">{children}</div>
    </section>
  );
}

function ScrollTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <ScrollRegion className="rounded-md border border-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </ScrollRegion>
  );
}

function NormsTable({ perScale, caption }: { perScale: Record<(typeof SCALES)[number][0], ScaleNorm>; caption: string }) {
  return (
    <ScrollTable caption={caption}>
      <thead className="bg-slate-50 text-slate-700">
        <tr>
          <th scope="col" className={th}>
            Scale
          </th>
          <th scope="col" className={th}>
            Mean
          </th>
          <th scope="col" className={th}>
            SD
          </th>
          <th scope="col" className={th}>
            Cronbach&apos;s α
          </th>
          <th scope="col" className={th}>
            Reliable change (RCI)
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {SCALES.map(([key, label]) => (
          <tr key={key}>
            <th scope="row" className={`${td} text-left font-medium`}>
              {label}
            </th>
            <td className={td}>{fixed(perScale[key].mean)}</td>
            <td className={td}>{fixed(perScale[key].sd)}</td>
            <td className={td}>{fixed(perScale[key].alpha)}</td>
            <td className={td}>{fixed(perScale[key].rciThreshold)}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function ProposalView({ proposal }: { proposal: LocalNormsProposal }) {
  if (proposal.status === 'insufficient') {
    return (
      <div className="rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-sm text-slate-900">
        <p className="font-semibold">
          Not enough data yet: {proposal.clients} of {proposal.minClients} clients.
        </p>
        <p className="mt-1">
          Thresholds are proposed once {proposal.minClients} clients have answered the client WAI-SR (their first response counts).
          {proposal.excludedIncomplete > 0
            ? ` ${proposal.excludedIncomplete} incomplete ${proposal.excludedIncomplete === 1 ? 'response was' : 'responses were'} left out.`
            : ''}{' '}
          Until then the reliable drop stays at {fixed(proposal.currentReliableDrop)}.
        </p>
      </div>
    );
  }
  const proposed = proposal.proposed.reliableDrop;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-900">
        Computed from <strong>{proposal.clients} clients</strong>, one response each (their first)
        {proposal.excludedIncomplete > 0
          ? `; ${proposal.excludedIncomplete} incomplete ${proposal.excludedIncomplete === 1 ? 'response was' : 'responses were'} left out`
          : ''}
        .
      </p>
      <NormsTable perScale={proposal.perScale} caption="Local norms per WAI-SR scale" />
      {proposed !== null && proposed > 0 ? (
        <div className="flex flex-col gap-3 rounded-md border border-teal-300 bg-teal-50 px-4 py-3 text-sm text-slate-900">
          <p>
            <span className="font-semibold">Proposed reliable-drop threshold: {fixed(proposed)}</span> (in force now: {fixed(proposal.currentReliableDrop)}). A
            drop of at least this much between two measurements is larger than the WAI-SR&apos;s measurement error at p &lt; .05.
          </p>
          <p className="text-slate-700">Basis: {proposal.basis}.</p>
          <AdoptButton expectedVersion={proposal.settingsVersion} />
        </div>
      ) : (
        <p className="rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-sm">
          No threshold can be proposed: the clinic&apos;s answers vary too little for Cronbach&apos;s α to be computed. The reliable drop stays at{' '}
          {fixed(proposal.currentReliableDrop)}.
        </p>
      )}
    </div>
  );
}

function AdoptionHistory({ adoptions, adoptedVersion, timeZone }: { adoptions: ThresholdAdoption[]; adoptedVersion: number | null; timeZone: string }) {
  if (adoptions.length === 0)
    return <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-700">No thresholds have been adopted yet.</p>;
  return (
    <ScrollTable caption="Adopted thresholds, newest first">
      <thead className="bg-slate-50 text-slate-700">
        <tr>
          <th scope="col" className={th}>
            Version
          </th>
          <th scope="col" className={th}>
            Adopted
          </th>
          <th scope="col" className={th}>
            By
          </th>
          <th scope="col" className={th}>
            Reliable drop
          </th>
          <th scope="col" className={th}>
            Goal · Task · Bond
          </th>
          <th scope="col" className={th}>
            Based on
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {adoptions.map((a) => (
          <tr key={a.version}>
            <th scope="row" className={`${td} text-left font-medium whitespace-nowrap`}>
              {a.version}
              {a.version === adoptedVersion ? (
                <span className="ml-2 rounded bg-teal-100 px-1.5 py-0.5 text-xs font-semibold text-teal-900">in force</span>
              ) : null}
            </th>
            <td className={`${td} whitespace-nowrap`}>{formatDateTime(a.adoptedAt, timeZone)}</td>
            <td className={td}>{a.adoptedByName ?? '—'}</td>
            <td className={td}>
              {fixed(a.thresholds.reliableDrop)}
              <span className="block text-xs text-slate-600">was {fixed(a.basis.previousReliableDrop)}</span>
            </td>
            <td className={`${td} whitespace-nowrap`}>
              {fixed(a.thresholds.subscaleReliableDrop.goal)} · {fixed(a.thresholds.subscaleReliableDrop.task)} ·{' '}
              {fixed(a.thresholds.subscaleReliableDrop.bond)}
            </td>
            <td className={`${td} min-w-64`}>
              {a.basis.clients} clients; overall SD {fixed(a.basis.perScale.overall.sd)}, α {fixed(a.basis.perScale.overall.alpha)}
              <span className="block text-xs text-slate-600">{a.basis.description}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireAreaActor('admin');
  const [view, pseudonyms, timeZone] = await Promise.all([
    orHttpError(getClinicSettingsForAdmin(actor)),
    orHttpError(getExportPseudonymInfo(actor)),
    orHttpError(getClinicTimeZone(actor)),
  ]);
  const { norms } = await searchParams;
  const proposal = norms === 'compute' ? await orHttpError(proposeLocalThresholds(actor)) : null;
  const adoptedVersion = view.settings.norms.adoptedVersion;

  return (
    <>
      <PageHeader title="Clinic settings">
        <p className="text-sm text-slate-600">
          {view.version === 0
            ? "Rapport's defaults, never changed"
            : `Version ${view.version}, saved ${formatDateTime(view.updatedAt, timeZone)}${view.updatedByName ? ` by ${view.updatedByName}` : ''}`}
        </p>
      </PageHeader>
      <div className="flex flex-col gap-8">
        <SettingsForm version={view.version} defaults={settingsFormDefaults(view.settings)} />

        <Card
          id="local-norms"
          title="Local norms"
          description={
            <>
              <p>
                Published WAI-SR norms are not settled, so Rapport can compute the standard deviation and Cronbach&apos;s α of each scale from this
                clinic&apos;s own answers (one response per client) and propose a reliable-drop threshold: RCI = 1.96 × SD × √(2(1 − α)). Only totals are shown,
                never a client&apos;s answers.
              </p>
              <p className="mt-1">
                Reliable drop in force: <strong>{fixed(view.settings.alliance.reliableDrop)}</strong>
                {adoptedVersion !== null ? ` (adopted thresholds, version ${adoptedVersion})` : ' (set by hand or the provisional default)'}.
              </p>
            </>
          }
        >
          <Form action="/admin/settings" scroll={false}>
            <input type="hidden" name="norms" value="compute" />
            <Button type="submit" variant="secondary">
              Compute from this clinic&apos;s data
            </Button>
          </Form>
          <div aria-live="polite">{proposal ? <ProposalView proposal={proposal} /> : null}</div>
          <h3 className="text-base font-semibold text-slate-900">Adoption history</h3>
          <AdoptionHistory adoptions={view.adoptions} adoptedVersion={adoptedVersion} timeZone={timeZone} />
        </Card>

        <Card
          id="export-pseudonyms"
          title="Export pseudonyms"
          description={
            <>
              <p>
                Supervisors&apos; de-identified alert exports name clients and alerts by pseudonyms made with a secret key of this clinic that stays on the
                server, so knowing a client&apos;s record id does not reveal their pseudonym. A client keeps the same pseudonym across exports until the key is
                rotated. The files still carry months and kinds of alerts, which can single a client out to someone who knows the caseload: they are
                pseudonymised, not anonymous.
              </p>
              <p className="mt-1">
                {pseudonyms.keyCreatedAt
                  ? `Current key made ${formatDateTime(pseudonyms.keyCreatedAt, timeZone)}.`
                  : 'No key yet: it is made with the first export.'}{' '}
                Rotating makes exports before and after unlinkable (do it, for example, when a file has reached someone it should not have).
              </p>
            </>
          }
        >
          <RotatePseudonymsButton />
        </Card>
      </div>
    </>
  );
}
