import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';

/** Whether the database answers a trivial query: for the load balancer's health check (no data, no actor). */
export async function databaseReachable(): Promise<boolean> {
  try {
    await getDb().execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
