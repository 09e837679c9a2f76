import type { NextRequest } from 'next/server';
import { requireActor } from '@/lib/auth/session';
import { exportSupervisorCsv } from '@/lib/data/supervisor';
import { dateRangeSchema } from '@/lib/validation/supervision';
import { csvOrRefusal, csvResponse } from '../csv-response';

/** GET /supervisor/export?from=YYYY-MM-DD&to=YYYY-MM-DD — the comparison table as CSV (audited in lib/data). */
export async function GET(request: NextRequest): Promise<Response> {
  const actor = await requireActor();
  const search = request.nextUrl.searchParams;
  const range = dateRangeSchema.parse({ from: search.get('from') ?? undefined, to: search.get('to') ?? undefined });
  return csvOrRefusal(async () => csvResponse(await exportSupervisorCsv(actor, range), `rapport-supervisor-${range.from}-to-${range.to}.csv`));
}
