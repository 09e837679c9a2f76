import { requireActor } from '@/lib/auth/session';
import { exportClientFhirBundle } from '@/lib/data/fhir';
import { exportOrRefusal, fhirJsonResponse } from '../../../../../../fhir-response';

/**
 * GET /supervisor/therapists/[therapistId]/clients/[clientId]/fhir — a supervised therapist's client as a FHIR
 * R4 Bundle, read-only. lib/data scopes it to the supervisor's current supervisees and to the therapist
 * in the path (else 404), and audits it.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ therapistId: string; clientId: string }> }): Promise<Response> {
  const actor = await requireActor();
  const { therapistId: id, clientId } = await params;
  return exportOrRefusal(async () => {
    const { bundle, fileName } = await exportClientFhirBundle(actor, clientId, { underTherapist: id });
    return fhirJsonResponse(bundle, fileName);
  });
}
