import type { NextRequest } from 'next/server';
import { requireActor } from '@/lib/auth/session';
import { exportAuditCsv } from '@/lib/data/admin';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { ForbiddenError } from '@/lib/data/errors';
import { parseAuditFilter } from '../filters';
import { dateTimeFormat } from '@/lib/format';

/*
 * The audit log as CSV, with the same filters as the page (from the query string). Access is
 * decided by lib/data (exportAuditCsv: admins of the clinic only), which also audits the export.
 */

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

export async function GET(request: NextRequest): Promise<Response> {
  const actor = await requireActor();
  const parsed = parseAuditFilter(request.nextUrl.searchParams);
  // Never export more than was asked for: a filter that cannot be read is an error, not dropped.
  if (!parsed.ok) return plain(400, `The filters could not be used:\n${parsed.problems.join('\n')}\n`);
  let csv: string;
  try {
    csv = await exportAuditCsv(actor, parsed.filter);
  } catch (error) {
    if (error instanceof ForbiddenError) return plain(403, 'You do not have access to the audit log.\n');
    throw error;
  }
  const today = dateTimeFormat('en-CA', { timeZone: await getClinicTimeZone(actor) }).format(new Date());
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${today}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
