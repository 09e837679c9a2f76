import 'server-only';
import { sql } from 'drizzle-orm';
import { isBenchMode } from '@/lib/env';
import { getDb } from '@/db/client';

/** Benchmark ceilings only exist when RAPPORT_BENCH=1 (never in a normal deployment). */
export const benchEnabled = isBenchMode;

/** One trivial query, for the benchmark's ceiling pages. */
export async function benchPing(): Promise<number> {
  const rows = (await getDb().execute(sql`select 1 as one`)) as unknown as { one: number }[] | { rows: { one: number }[] };
  return (Array.isArray(rows) ? rows : rows.rows)[0]?.one ?? 0;
}
