import { requireActor } from '@/lib/auth/session';
import { isResearchExportType, streamResearchExport } from '@/lib/data/fhir';
import { exportOrRefusal, fhirNdjsonResponse } from '../../../../fhir-response';

/**
 * GET /admin/exports/fhir/[type] — one resource type of the clinic's de-identified research export
 * as NDJSON, streamed from the database page by page (admins only; lib/data refuses and audits).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ type: string }> }): Promise<Response> {
  const actor = await requireActor();
  const { type } = await params;
  const name = type.replace(/\.ndjson$/, '');
  if (!isResearchExportType(name))
    return new Response('Not found.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  return exportOrRefusal(async () => {
    const { body, fileName } = await streamResearchExport(actor, name);
    return fhirNdjsonResponse(body, fileName);
  });
}
