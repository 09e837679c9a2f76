import type { SQL } from 'drizzle-orm';
import type { Database, Transaction } from './client';

/** Rows of a raw query on either engine (postgres.js returns an array, PGlite an object with rows). */
export async function queryRows<T>(db: Database | Transaction, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * A PostgreSQL array literal (`{"a","b"}`) of text values, to bind as ONE parameter and cast
 * (`${pgArrayLiteral(ids)}::uuid[]`): the statement's text stays the same whatever the number of
 * values, on both engines. Every element is quoted, with `"` and `\` escaped.
 */
export function pgArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
