import 'server-only';
import { ForbiddenError, NotFoundError } from '@/lib/data/errors';

/*
 * The supervisor's CSV downloads: an attachment that no cache keeps, and the data layer's refusals
 * as plain 403 / 404 answers (a route handler has no error page to render).
 */

export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Runs an export; ForbiddenError → 403, NotFoundError → 404 (never saying whether the record exists). */
export async function csvOrRefusal(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const plain = (status: number, text: string) =>
      new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
    if (error instanceof ForbiddenError) return plain(403, 'You do not have access to this export.');
    if (error instanceof NotFoundError) return plain(404, 'Not found.');
    throw error;
  }
}
