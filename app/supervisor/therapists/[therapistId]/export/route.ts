import type { NextRequest } from 'next/server';
import { requireActor } from '@/lib/auth/session';
import { exportTherapistAlertsCsv } from '@/lib/data/supervisor';
import { csvOrRefusal, csvResponse } from '../../../csv-response';

/**
 * GET /supervisor/therapists/[therapistId]/export — the therapist's alert history as CSV, pseudonymised
 * (keyed pseudonyms, months; the first line says what that does and does not protect) unless `?identified=1`. Scope (404 for a therapist not supervised) and the
 * audit event are lib/data's.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ therapistId: string }> }): Promise<Response> {
  const actor = await requireActor();
  const { therapistId: id } = await params;
  const identified = request.nextUrl.searchParams.get('identified') === '1';
  const today = new Date().toISOString().slice(0, 10);
  return csvOrRefusal(async () =>
    csvResponse(await exportTherapistAlertsCsv(actor, id, { identified }), `rapport-alert-history-${identified ? 'IDENTIFIED' : 'pseudonymised'}-${today}.csv`),
  );
}
