import type { SQL } from 'drizzle-orm';
import type { Database, Transaction } from './client';

/** Rows of a raw query on either engine (postgres.js returns an array, PGlite an object with rows). */
export async function queryRows<T>(db: Database | Transaction, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
