import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { DatabaseHandle } from './client';

export const migrationsFolder = resolve(process.cwd(), 'db/migrations');

// Several app instances may start at once on one PostgreSQL: only one migrates at a time.
const MIGRATION_LOCK_KEY = 727_2026;

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.engine === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  // One connection holds the lock while the migrator uses another (openDatabase keeps a pool of two or more).
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await migratePostgres(handle.db, { migrationsFolder });
  });
}
