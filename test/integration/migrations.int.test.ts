import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, is, sql } from 'drizzle-orm';
import { getTableConfig, isPgEnum, PgTable, type PgEnum } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { migrateDatabase, migrationsFolder } from '@/db/migrate';
import * as schema from '@/db/schema';
import { availableEngines, createEmptyDatabase, queryRows, type OwnedDatabase } from './harness';

/*
 * The committed migrations, applied from an empty database on each engine, must produce exactly
 * the tables, columns and enums of db/schema.ts, record one journal row per migration file, and be
 * a no-op the second time.
 */

type JournalEntry = { idx: number; tag: string; when: number };
const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };

const schemaExports: unknown[] = Object.values(schema);
const schemaTables = schemaExports.filter((value): value is PgTable => is(value, PgTable)).map((table) => getTableConfig(table));
const schemaEnums = schemaExports.filter((value): value is PgEnum<[string, ...string[]]> => isPgEnum(value));

type ColumnRow = { table_name: string; column_name: string };
type EnumRow = { enum_name: string; label: string };
type MigrationRow = { hash: string; created_at: string | number };

async function publicColumns(handle: DatabaseHandle): Promise<Map<string, string[]>> {
  const rows = await queryRows<ColumnRow>(
    handle.db,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' order by table_name, column_name`,
  );
  const byTable = new Map<string, string[]>();
  for (const row of rows) byTable.set(row.table_name, [...(byTable.get(row.table_name) ?? []), row.column_name]);
  return byTable;
}

async function publicEnums(handle: DatabaseHandle): Promise<Map<string, string[]>> {
  const rows = await queryRows<EnumRow>(
    handle.db,
    sql`select t.typname as enum_name, e.enumlabel as label
        from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = 'public' order by t.typname, e.enumsortorder`,
  );
  const byName = new Map<string, string[]>();
  for (const row of rows) byName.set(row.enum_name, [...(byName.get(row.enum_name) ?? []), row.label]);
  return byName;
}

function appliedMigrations(handle: DatabaseHandle): Promise<MigrationRow[]> {
  return queryRows<MigrationRow>(handle.db, sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`);
}

for (const engine of availableEngines()) {
  describe(`migrations [${engine}]`, () => {
    let handle: DatabaseHandle;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ handle, dispose } = await createEmptyDatabase(engine));
    });
    afterAll(async () => {
      await dispose();
    });

    it('starts from an empty database', async () => {
      expect((await publicColumns(handle)).size).toBe(0);
    });

    it('creates every table of db/schema.ts with exactly its columns', async () => {
      await migrateDatabase(handle);
      const columns = await publicColumns(handle);
      expect([...columns.keys()].sort()).toEqual(schemaTables.map((t) => t.name).sort());
      for (const table of schemaTables) {
        expect({ table: table.name, columns: columns.get(table.name) }).toEqual({
          table: table.name,
          columns: table.columns.map((c) => c.name).sort(),
        });
      }
    });

    it('creates every enum of db/schema.ts with its values in order', async () => {
      const enums = await publicEnums(handle);
      expect([...enums.keys()].sort()).toEqual(schemaEnums.map((e) => e.enumName).sort());
      for (const pgEnum of schemaEnums) expect(enums.get(pgEnum.enumName)).toEqual(pgEnum.enumValues);
    });

    it('records one journal row per migration in meta/_journal.json', async () => {
      const applied = await appliedMigrations(handle);
      expect(applied).toHaveLength(journal.entries.length);
      expect(applied.map((row) => Number(row.created_at))).toEqual(journal.entries.map((e) => e.when));
    });

    it('makes the audit trail append-only: inserts work, updates and deletes are refused', async () => {
      await handle.db.insert(schema.auditEvents).values({ action: 'test.append_only', outcome: 'success' });
      // Drizzle wraps the database error; the trigger's message is its cause.
      const refusedAsAppendOnly = (error: unknown) => /append-only/.test(String((error as { cause?: { message?: string } }).cause?.message));
      await expect(handle.db.update(schema.auditEvents).set({ action: 'tampered' }).where(eq(schema.auditEvents.action, 'test.append_only'))).rejects.toSatisfy(
        refusedAsAppendOnly,
      );
      await expect(handle.db.delete(schema.auditEvents).where(eq(schema.auditEvents.action, 'test.append_only'))).rejects.toSatisfy(refusedAsAppendOnly);
      const rows = await handle.db.select({ action: schema.auditEvents.action }).from(schema.auditEvents);
      expect(rows).toEqual([{ action: 'test.append_only' }]);
    });

    it('is a no-op when run a second time (journal and data untouched)', async () => {
      await handle.db.insert(schema.clinics).values({ name: 'Survives a re-migration' });
      const before = await appliedMigrations(handle);

      await migrateDatabase(handle);

      expect(await appliedMigrations(handle)).toEqual(before);
      const clinicsAfter = await handle.db.select({ name: schema.clinics.name }).from(schema.clinics);
      expect(clinicsAfter).toEqual([{ name: 'Survives a re-migration' }]);
    });

    describe.skipIf(engine !== 'postgres')('several instances starting at once (PostgreSQL)', () => {
      let concurrent: OwnedDatabase;
      let second: DatabaseHandle;

      beforeAll(async () => {
        concurrent = await createEmptyDatabase(engine);
        if (!concurrent.url) throw new Error('expected a PostgreSQL database URL');
        // A second "instance": its own connection pool on the same database.
        second = openDatabase({ url: concurrent.url });
      });
      afterAll(async () => {
        await second.close();
        await concurrent.dispose();
      });

      it('serialise on the advisory lock: both succeed and each migration is applied once', async () => {
        await Promise.all([migrateDatabase(concurrent.handle), migrateDatabase(second)]);
        expect(await appliedMigrations(concurrent.handle)).toHaveLength(journal.entries.length);
        expect([...(await publicColumns(second)).keys()]).toHaveLength(schemaTables.length);
      });

      it('migrates even when asked for a single-connection pool (the lock needs a second connection)', async () => {
        const fresh = await createEmptyDatabase(engine);
        const single = openDatabase({ url: fresh.url!, poolSize: 1 });
        try {
          await migrateDatabase(single);
          expect(await appliedMigrations(single)).toHaveLength(journal.entries.length);
        } finally {
          await single.close();
          await fresh.dispose();
        }
      });
    });
  });
}
