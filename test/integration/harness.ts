import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, setDatabase, type Database, type DatabaseHandle, type Engine } from '@/db/client';
import { databaseNameOf, databaseUrlFor, quoteIdent } from './pg-urls';

/*
 * Runs one suite per database engine: PGlite always, PostgreSQL when the global setup found one.
 * Each suite gets its own copy of the migrated template (never a per-test migration) and installs
 * it as the process-wide database, so lib/data's getDb() reads it.
 */

export type EngineContext = {
  readonly engine: Engine;
  /** The suite's database handle; available from the suite's beforeAll hooks on. */
  readonly handle: DatabaseHandle;
  readonly db: Database;
  /** The suite's PostgreSQL database URL (undefined on PGlite). */
  readonly url: string | undefined;
};

export function availableEngines(): Engine[] {
  return inject('pgTemplateUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** A database that belongs to one suite: the handle, its URL (PostgreSQL only) and how to get rid of it. */
export type OwnedDatabase = { handle: DatabaseHandle; url: string | undefined; dispose: () => Promise<void> };

function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(5).toString('hex')}`;
}

function requirePgAdminUrl(): string {
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('PostgreSQL was not provided by the global setup.');
  return adminUrl;
}

/** Creates a PostgreSQL database (optionally from a template) and opens it; dispose drops it. */
async function createPostgresDatabase(template: string | undefined): Promise<OwnedDatabase> {
  const adminUrl = requirePgAdminUrl();
  const name = uniqueDatabaseName('rapport_it');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${quoteIdent(name)}${template ? ` template ${quoteIdent(template)}` : ''}`);
  } catch (error) {
    await admin.end({ timeout: 5 });
    throw error;
  }
  const url = databaseUrlFor(adminUrl, name);
  const handle = openDatabase({ url });
  return {
    handle,
    url,
    dispose: async () => {
      try {
        await handle.close();
      } finally {
        await admin.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
        await admin.end({ timeout: 5 });
      }
    },
  };
}

let pgliteTemplateBlob: Promise<Blob> | undefined;
function pgliteTemplate(): Promise<Blob> {
  pgliteTemplateBlob ??= readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([bytes]));
  return pgliteTemplateBlob;
}

async function createPgliteDatabase(fromTemplate: boolean): Promise<OwnedDatabase> {
  const pglite = fromTemplate ? new PGlite({ loadDataDir: await pgliteTemplate() }) : new PGlite();
  await pglite.waitReady;
  const handle = openDatabase({ pglite });
  return { handle, url: undefined, dispose: () => handle.close() };
}

/** A fresh copy of the migrated template on the given engine. */
export async function cloneTemplateDatabase(engine: Engine): Promise<OwnedDatabase> {
  if (engine === 'pglite') return createPgliteDatabase(true);
  const templateUrl = inject('pgTemplateUrl');
  if (!templateUrl) throw new Error('PostgreSQL template was not provided by the global setup.');
  return createPostgresDatabase(databaseNameOf(templateUrl));
}

/** A fresh, empty (never migrated) database on the given engine. */
export function createEmptyDatabase(engine: Engine): Promise<OwnedDatabase> {
  return engine === 'pglite' ? createPgliteDatabase(false) : createPostgresDatabase(undefined);
}

/**
 * Declares `describe(`${name} [engine]`)` once per available engine. `body` registers its hooks and
 * tests synchronously; the context's handle/db are usable from its beforeAll hooks on.
 */
export function describeEachEngine(name: string, body: (ctx: EngineContext) => void): void {
  for (const engine of availableEngines()) {
    describe(`${name} [${engine}]`, () => {
      let owned: OwnedDatabase | undefined;
      const ready = (): OwnedDatabase => {
        if (!owned) throw new Error(`The ${engine} test database is not open yet (use it from beforeAll or a test).`);
        return owned;
      };
      const ctx: EngineContext = {
        engine,
        get handle() {
          return ready().handle;
        },
        get db() {
          return ready().handle.db;
        },
        get url() {
          return ready().url;
        },
      };

      beforeAll(async () => {
        owned = await cloneTemplateDatabase(engine);
        setDatabase(owned.handle);
      });
      afterAll(async () => {
        setDatabase(undefined);
        await owned?.dispose();
        owned = undefined;
      });

      body(ctx);
    });
  }
}

/**
 * Rows of a raw query on either engine: drizzle's postgres-js driver returns an array, the PGlite
 * driver an object with `rows`.
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) return result.rows as Row[];
  throw new Error('Unexpected result shape from db.execute');
}
