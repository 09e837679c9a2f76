import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getDatabaseEnv } from '@/lib/env';
import { acquireDirectoryLock } from './lock';
import { installQueryErrorScrubbing } from './query-errors';
import * as schema from './schema';

// Before any query: a failed query's error must not carry its parameters (a note, answers) to a log.
installQueryErrorScrubbing();

/**
 * One database handle per process, on either engine. Both drizzle flavours share the same query
 * builder API, so the rest of the code types against one of them.
 */
export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Engine = 'pglite' | 'postgres';

export type DatabaseHandle = {
  db: Database;
  engine: Engine;
  /** Runs raw SQL text (several statements allowed); used by scripts and tests. */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
};

export type OpenOptions = { url?: string; pgliteDir?: string; pglite?: PGlite; poolSize?: number; prepare?: boolean };

/**
 * postgres.js, with every parameterised statement drizzle sends prepared. Drizzle prepares only
 * queries built with `.prepare(name)`; everything else would be parsed and planned by PostgreSQL on
 * every call. postgres.js keeps named statements per connection, keyed by their text, so each
 * query shape is prepared once per connection (connections are recycled after 30–60 min, which
 * bounds the cache). Behind a pooler in transaction mode, set DATABASE_PREPARE=false.
 */
export function preparingClient(client: postgres.Sql): postgres.Sql {
  const wrapScope =
    (method: 'begin' | 'savepoint') =>
    (...args: unknown[]) => {
      const run = args.pop() as (tx: postgres.Sql) => unknown;
      const scoped = (client as unknown as Record<typeof method, (...a: unknown[]) => unknown>)[method];
      return scoped(...args, (tx: postgres.Sql) => run(preparingClient(tx)));
    };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') return wrapScope(property);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

export function openDatabase(options: OpenOptions): DatabaseHandle {
  if (options.url) {
    const client = postgres(options.url, {
      // At least two: migrations hold a lock on one connection and migrate on another.
      max: Math.max(2, options.poolSize ?? 10),
      onnotice: () => {},
      connection: { application_name: 'rapport' },
    });
    return {
      db: drizzlePostgres(options.prepare === false ? client : preparingClient(client), { schema, casing: 'snake_case' }),
      engine: 'postgres',
      exec: async (text) => {
        await client.unsafe(text);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  let release = () => {};
  let pg = options.pglite;
  if (!pg) {
    const dir = resolve(/* turbopackIgnore: true */ options.pgliteDir ?? './.data/pglite');
    mkdirSync(dir, { recursive: true });
    release = acquireDirectoryLock(dir);
    pg = new PGlite(dir);
  }
  const instance = pg;
  // PGlite's planner defaults suit an in-memory toy; these give it a server's plans (stack.md).
  void instance.exec(`set random_page_cost = 1.1; set work_mem = '16MB';`).catch(() => {});
  return {
    db: drizzlePglite(instance, { schema, casing: 'snake_case' }) as unknown as Database,
    engine: 'pglite',
    exec: async (text) => {
      await instance.exec(text);
    },
    close: async () => {
      try {
        if (!instance.closed) await instance.close();
      } finally {
        release();
      }
    },
  };
}

// Shared through globalThis: Next bundles the proxy, route handlers and pages separately, and two
// PGlite instances on one directory would corrupt it.
const globalKey = Symbol.for('rapport.database');
type GlobalWithDb = typeof globalThis & { [globalKey]?: DatabaseHandle };

export function getDatabase(): DatabaseHandle {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) {
    const env = getDatabaseEnv();
    g[globalKey] = openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, prepare: env.DATABASE_PREPARE });
  }
  return g[globalKey];
}

export function getDb(): Database {
  return getDatabase().db;
}

const replicaKey = Symbol.for('rapport.database.replica');
type GlobalWithReplica = typeof globalThis & { [replicaKey]?: { url: string; handle: DatabaseHandle } };

/**
 * Where supervisor analytics read: the read replica when DATABASE_REPLICA_URL is set (a few seconds
 * behind the primary is fine for a 90-day comparison), else the primary. Scope checks and audit
 * writes always use getDb().
 */
export function getAnalyticsDb(): Database {
  const { DATABASE_REPLICA_URL: url, DATABASE_PREPARE } = getDatabaseEnv();
  if (!url) return getDb();
  const g = globalThis as GlobalWithReplica;
  if (g[replicaKey]?.url !== url) {
    void g[replicaKey]?.handle.close();
    g[replicaKey] = { url, handle: openDatabase({ url, prepare: DATABASE_PREPARE }) };
  }
  return g[replicaKey].handle.db;
}

/** Closes the replica handle, if one was opened (tests, shutdown). */
export async function closeAnalyticsDb(): Promise<void> {
  const g = globalThis as GlobalWithReplica;
  const open = g[replicaKey];
  g[replicaKey] = undefined;
  await open?.handle.close();
}

/** Tests and scripts install their own handle (a cloned template database, say). */
export function setDatabase(handle: DatabaseHandle | undefined): void {
  (globalThis as GlobalWithDb)[globalKey] = handle;
}
