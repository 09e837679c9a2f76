import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers. Says nothing about data. */
export async function GET() {
  try {
    await getDb().execute(sql`select 1`);
    return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json({ status: 'database-unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
