import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { queryRows } from './raw';
import * as schema from './schema';
import { rebuildSupervisionRollup } from './supervision-rollup';

/*
 * Logical backups that work the same on PGlite and PostgreSQL (and move data between them):
 * gzipped JSON lines, one header line, then one line per row in foreign-key order. Rows are read
 * with row_to_json and written back with json_populate_recordset, so PostgreSQL does every type
 * conversion itself and a restore yields the same rows.
 */
export const BACKUP_FORMAT = 'rapport-backup/1';

/**
 * Parents before children, so a restore never breaks a foreign key. The supervision rollup is not
 * here: it is derived, and a restore computes it again (a --replace truncate empties it by cascade).
 */
export const TABLES_IN_DEPENDENCY_ORDER: PgTable[] = [
  schema.clinics,
  schema.clinicSettings,
  schema.users,
  schema.supervision,
  schema.clients,
  schema.caseloadHistory,
  schema.therapySessions,
  schema.measureAssignments,
  schema.measureResponses,
  schema.alerts,
  schema.treatmentPlans,
  schema.planProblems,
  schema.planGoals,
  schema.planObjectives,
  schema.planInterventions,
  schema.planRevisions,
  schema.planGoalAcknowledgements,
  schema.invitations,
  schema.passwordLinks,
  schema.mfaRecoveryCodes,
  schema.notifications,
  schema.thresholdAdoptions,
  schema.userSessions,
  schema.supervisionNotes,
  schema.auditEvents,
];

export const tableName = (table: PgTable) => getTableConfig(table).name;
const PAGE = 2000;

type Header = { format: string; createdAt: string; migration: string | null; tables: Record<string, number> };

async function latestMigration(db: Database): Promise<string | null> {
  try {
    const rows = await queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by created_at desc limit 1`);
    return rows[0]?.hash ?? null;
  } catch {
    return null;
  }
}

export async function backupDatabase(db: Database, file: string): Promise<Header> {
  const counts: Record<string, number> = {};
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${table}`);
    counts[tableName(table)] = row?.n ?? 0;
  }
  const header: Header = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), migration: await latestMigration(db), tables: counts };

  async function* lines() {
    yield `${JSON.stringify(header)}\n`;
    for (const table of TABLES_IN_DEPENDENCY_ORDER) {
      const name = tableName(table);
      // Keyset pages by primary key keep memory flat on large tables.
      const key = name === 'clinic_settings' ? 'clinic_id' : 'id';
      let after: string | null = null;
      for (;;) {
        const page: { k: string; j: unknown }[] = await queryRows<{ k: string; j: unknown }>(
          db,
          sql`select ${sql.identifier(key)}::text as k, row_to_json(t) as j from ${sql.identifier(name)} t
              where ${after === null ? sql`true` : sql`${sql.identifier(key)} > ${after}::uuid`}
              order by ${sql.identifier(key)} limit ${PAGE}`,
        );
        for (const row of page) yield `${JSON.stringify({ t: name, r: typeof row.j === 'string' ? JSON.parse(row.j) : row.j })}\n`;
        if (page.length < PAGE) break;
        after = page.at(-1)!.k;
      }
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
  return header;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/**
 * Restores a backup into a migrated database. Refuses a non-empty database unless `replace` is
 * set, in which case everything is replaced in the same transaction (all or nothing).
 */
export async function restoreDatabase(db: Database, file: string, { replace = false } = {}): Promise<Header> {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new RestoreError('The backup file is empty.');
  const header = JSON.parse(first.value) as Header;
  if (header.format !== BACKUP_FORMAT) throw new RestoreError(`Not a Rapport backup (format ${String(header.format)}).`);
  const current = await latestMigration(db);
  if (header.migration && current && header.migration !== current) {
    throw new RestoreError('The backup was made on a different schema version; migrate both to the same version first.');
  }

  await db.transaction(async (tx) => {
    const names = TABLES_IN_DEPENDENCY_ORDER.map(tableName);
    if (replace) {
      await tx.execute(sql.raw(`truncate ${names.map((n) => `"${n}"`).join(', ')} cascade`));
    } else {
      for (const table of TABLES_IN_DEPENDENCY_ORDER) {
        const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${table}`);
        if ((row?.n ?? 0) > 0) throw new RestoreError(`The database is not empty (table ${tableName(table)} has rows); use --replace to overwrite it.`);
      }
    }
    let batch: unknown[] = [];
    let batchTable: string | null = null;
    const flush = async () => {
      if (!batchTable || batch.length === 0) return;
      const name = batchTable;
      await tx.execute(
        sql`insert into ${sql.identifier(name)} select * from json_populate_recordset(null::${sql.identifier(name)}, ${JSON.stringify(batch)}::json)`,
      );
      batch = [];
    };
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (!next.value) continue;
      const { t: name, r: row } = JSON.parse(next.value) as { t: string; r: unknown };
      if (!names.includes(name)) throw new RestoreError(`Unknown table ${name} in the backup.`);
      if (name !== batchTable || batch.length >= 1000) await flush();
      batchTable = name;
      batch.push(row);
    }
    await flush();
    for (const table of TABLES_IN_DEPENDENCY_ORDER) {
      const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${table}`);
      const expected = header.tables[tableName(table)] ?? 0;
      if ((row?.n ?? 0) !== expected) throw new RestoreError(`Table ${tableName(table)}: expected ${expected} rows, restored ${row?.n ?? 0}.`);
    }
    // Derived data is not backed up: the supervisor's rollup is computed again from the restored rows.
    await rebuildSupervisionRollup(tx);
  });
  input.close();
  return header;
}
