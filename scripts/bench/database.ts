import postgres from 'postgres';
import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';

/** Connection-URL and database helpers shared by seed-large, bench and two-instances. */

export const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function requirePostgresUrl(what: string): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    throw new Error(
      `${what} needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/rapport_large). ` +
        'The embedded PGlite database is the small-practice mode; it is single-connection and not what this measures.',
    );
  }
  if (!/^postgres(ql)?:\/\/.+/.test(url)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL (PGlite is not supported here).');
  return url;
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** A maintenance connection on the same server (the `postgres` database). */
export function adminClient(url: string) {
  return postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
}

export async function databaseExists(url: string, name: string): Promise<boolean> {
  const admin = adminClient(url);
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Creates database `name` on the server of `url` (dropping it first when `replace`); returns its URL. */
export async function createDatabase(url: string, name: string, { replace = false } = {}): Promise<string> {
  if (!DATABASE_NAME.test(name)) throw new Error(`"${name}" is not a plain database name (lower-case letters, digits and _).`);
  const admin = adminClient(url);
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists && !replace) throw new Error(`Database "${name}" already exists; choose another name or pass --replace to drop and recreate it.`);
    if (exists) await admin.unsafe(`drop database "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return withDatabase(url, name);
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  if (!DATABASE_NAME.test(name)) throw new Error(`"${name}" is not a plain database name.`);
  const admin = adminClient(url);
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Applies the migrations (idempotent) and says whether the database holds no clinic data yet. */
export async function migrateAndCheckEmpty(url: string): Promise<boolean> {
  const handle = openDatabase({ url, poolSize: 2 });
  try {
    await migrateDatabase(handle);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ n: number }[]>`select (select count(*) from clinics)::int + (select count(*) from users)::int as n`;
      return (row?.n ?? 0) === 0;
    } finally {
      await sql.end({ timeout: 5 });
    }
  } finally {
    await handle.close();
  }
}
