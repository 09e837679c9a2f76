import { databaseReachable } from '@/lib/data/health';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers. Says nothing about data. */
export async function GET() {
  const headers = { 'Cache-Control': 'no-store' };
  if (await databaseReachable()) return Response.json({ status: 'ok' }, { headers });
  return Response.json({ status: 'database-unavailable' }, { status: 503, headers });
}
