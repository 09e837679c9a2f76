import { requireActor } from '@/lib/auth/session';
import { exportClientFhirBundle } from '@/lib/data/fhir';
import { exportOrRefusal, fhirJsonResponse } from '../../../../fhir-response';

/** GET /therapist/clients/[clientId]/fhir — the client's record as a FHIR R4 Bundle (scope and audit in lib/data). */
export async function GET(_request: Request, { params }: { params: Promise<{ clientId: string }> }): Promise<Response> {
  const actor = await requireActor();
  const { clientId: id } = await params;
  return exportOrRefusal(async () => {
    const { bundle, fileName } = await exportClientFhirBundle(actor, id);
    return fhirJsonResponse(bundle, fileName);
  });
}
