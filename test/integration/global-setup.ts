import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { databaseUrlFor, LOCAL_ADMIN_URL, quoteIdent } from './pg-urls';

/*
 * Builds the migrated templates once per run, so no test file ever migrates:
 *   - PGlite: an in-memory database, migrated, dumped to a tarball that each suite loads;
 *   - PostgreSQL (when available): a uniquely named template database each suite clones.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of an uncompressed PGlite data-dir dump with every migration applied. */
    pgliteTemplatePath: string;
    /** URL of the migrated PostgreSQL template database; undefined when PostgreSQL is not available. */
    pgTemplateUrl: string | undefined;
    /** URL of a maintenance database on the same server (to CREATE/DROP databases). */
    pgAdminUrl: string | undefined;
  }
}

const PROBE_TIMEOUT_SECONDS = 2;

async function serverAnswers(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: PROBE_TIMEOUT_SECONDS, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}

/** The maintenance URL to use, or undefined when there is no PostgreSQL to test against. */
async function findPostgres(): Promise<string | undefined> {
  const configured = process.env.DATABASE_URL?.trim();
  if (configured) {
    // An explicit DATABASE_URL is a promise that PostgreSQL is there: do not quietly skip it.
    const adminUrl = databaseUrlFor(configured, 'postgres');
    if (!(await serverAnswers(adminUrl))) throw new Error(`DATABASE_URL is set but PostgreSQL does not answer at ${redact(adminUrl)}.`);
    return adminUrl;
  }
  if (await serverAnswers(LOCAL_ADMIN_URL)) return LOCAL_ADMIN_URL;
  if (process.env.CI === 'true') {
    throw new Error(
      `CI=true but no PostgreSQL answered at ${LOCAL_ADMIN_URL} within ${PROBE_TIMEOUT_SECONDS}s (and DATABASE_URL is not set). ` +
        'The integration tests must run on PostgreSQL in CI.',
    );
  }
  console.warn('[integration] PostgreSQL not available: running the integration tests on PGlite only.');
  return undefined;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

const OUR_DATABASE_NAME = /^rapport_it(?:_tpl)?_(\d+)_[0-9a-f]+$/;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Drops databases left behind by test runs that were killed before their teardown (their process
 * id is in the name). Only on a local server, where those process ids mean something.
 */
async function dropOrphanedDatabases(adminUrl: string): Promise<void> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(adminUrl).hostname)) return;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'rapport_it%'`;
    for (const { datname } of rows) {
      const pid = Number(OUR_DATABASE_NAME.exec(datname)?.[1]);
      if (Number.isInteger(pid) && pid > 0 && !processIsAlive(pid)) {
        await admin.unsafe(`drop database if exists ${quoteIdent(datname)} with (force)`).catch(() => undefined);
      }
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function buildPostgresTemplate(adminUrl: string): Promise<{ templateUrl: string; drop: () => Promise<void> }> {
  const name = `rapport_it_tpl_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${quoteIdent(name)}`);
  const templateUrl = databaseUrlFor(adminUrl, name);
  const drop = async () => {
    await admin.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
    await admin.end({ timeout: 5 });
  };
  try {
    const handle = openDatabase({ url: templateUrl, poolSize: 2 });
    try {
      await migrateDatabase(handle);
    } finally {
      await handle.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { templateUrl, drop };
}

async function buildPgliteTemplate(): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rapport-it-pglite-'));
  const pglite = new PGlite();
  const handle = openDatabase({ pglite });
  try {
    await migrateDatabase(handle);
    const dump = await pglite.dumpDataDir('none');
    const path = join(dir, 'template.tar');
    await writeFile(path, Buffer.from(await dump.arrayBuffer()));
    return { path, remove: () => rm(dir, { recursive: true, force: true }) };
  } finally {
    await handle.close();
  }
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const pgliteTemplate = await buildPgliteTemplate();
  provide('pgliteTemplatePath', pgliteTemplate.path);

  let adminUrl: string | undefined;
  let pgTemplate: Awaited<ReturnType<typeof buildPostgresTemplate>> | undefined;
  try {
    adminUrl = await findPostgres();
    if (adminUrl) {
      await dropOrphanedDatabases(adminUrl);
      pgTemplate = await buildPostgresTemplate(adminUrl);
    }
  } catch (error) {
    await pgliteTemplate.remove();
    throw error;
  }
  provide('pgTemplateUrl', pgTemplate?.templateUrl);
  provide('pgAdminUrl', adminUrl);

  return async () => {
    await pgTemplate?.drop();
    await pgliteTemplate.remove();
  };
}
