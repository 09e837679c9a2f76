import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { RESEARCH_EXPORT_TYPES, getResearchExportOverview, type ResearchExportType } from '@/lib/data/fhir';
import { orHttpError } from '@/lib/http';

export const metadata: Metadata = { title: 'Research export' };

const fileLink =
  'inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-900 hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600';

const DESCRIPTION: Record<ResearchExportType, string> = {
  Patient: 'One line per client: a pseudonym and nothing else.',
  QuestionnaireResponse: 'One line per completed questionnaire: the coded answers and stored scores, the month it was answered.',
  Observation: 'One line per score: PHQ-9 and GAD-7 totals (LOINC), WAI-SR total, mean and Goal/Task/Bond means (local codes).',
};

export default async function ResearchExportPage() {
  const actor = await requireAreaActor('admin');
  const overview = await orHttpError(getResearchExportOverview(actor));
  return (
    <>
      <PageHeader title="Research export" />
      <div className="flex flex-col gap-5">
        <p className="text-sm text-slate-700">
          All of the clinic’s questionnaire responses as FHIR R4 NDJSON, one file per resource type (Bulk Data style), for research and quality work. Clients
          and responses appear as keyed pseudonyms (the same ones as in the other de-identified exports, until they are renewed in Settings); dates are to the
          month; no names, contact details, notes or plans. It is not anonymous: keep the files confidential. Each download is recorded in the audit log.
        </p>
        <p className="text-sm text-slate-700">
          {overview.clients} clients, {overview.responses} responses. Files are streamed {overview.pageSize} rows at a time.
        </p>
        <ul className="flex flex-col gap-3" aria-label="Export files">
          {RESEARCH_EXPORT_TYPES.map((type) => (
            <li key={type} className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-semibold text-slate-900">{type}.ndjson</p>
                <p className="text-sm text-slate-600">{DESCRIPTION[type]}</p>
              </div>
              <a href={`/admin/exports/fhir/${type}`} download className={`${fileLink} self-start sm:self-auto`}>
                Download {type}.ndjson
              </a>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
