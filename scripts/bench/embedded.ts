import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { clients, measureAssignments, users } from '@/db/schema';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoClinic } from '@/db/seed';
import { describeError } from '../lib/cli';
import { BENCH_DIST_DIR, ensureBuild, startApp } from './app';
import { getPage, signInOrThrow } from './http';
import { runLoad, type LoadStats } from './load';

/*
 * `npm run bench:embedded [-- --duration 10]`
 *
 * The embedded default (PGlite, no DATABASE_URL) with the demo clinic, as `npm start` runs it:
 * a fresh temporary database, migrated and seeded, then each role's pages one request at a time.
 * Issue 7's target: every page under 100 ms p95 at a single connection.
 */

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

async function demoIds(pgliteDir: string) {
  const handle = openDatabase({ pgliteDir });
  try {
    await migrateDatabase(handle);
    await seedDemoClinic(handle.db);
    const [record] = await handle.db
      .select({ id: clients.id })
      .from(clients)
      .innerJoin(users, eq(users.id, clients.portalUserId))
      .where(eq(users.email, DEMO_ACCOUNTS.client));
    const [form] = await handle.db
      .select({ id: measureAssignments.id })
      .from(measureAssignments)
      .where(and(eq(measureAssignments.clientId, record!.id), eq(measureAssignments.status, 'pending'), eq(measureAssignments.respondent, 'client')))
      .limit(1);
    return { clientId: record!.id, formId: form?.id ?? null };
  } finally {
    await handle.close();
  }
}

async function main() {
  const duration = Number(option('--duration', '10'));
  const root = mkdtempSync(join(tmpdir(), 'rapport-embedded-bench-'));
  const pgliteDir = join(root, 'pglite');
  ensureBuild(BENCH_DIST_DIR);
  try {
    const ids = await demoIds(pgliteDir);
    const app = await startApp({
      port: Number(option('--port', '3330')),
      distDir: BENCH_DIST_DIR,
      databaseUrl: null,
      env: { PGLITE_DIR: pgliteDir },
      label: 'embedded app',
    });
    const rows: { page: string; path: string; stats: LoadStats }[] = [];
    try {
      const cookie = async (email: string) => (await signInOrThrow(app.origin, email, DEMO_PASSWORD)).sessionHeader();
      const therapist = await cookie(DEMO_ACCOUNTS.therapist);
      const supervisor = await cookie(DEMO_ACCOUNTS.supervisor);
      const client = await cookie(DEMO_ACCOUNTS.client);
      const admin = await cookie(DEMO_ACCOUNTS.admin);
      const pages = [
        { page: 'therapist home', path: '/therapist', cookie: therapist },
        { page: 'client record', path: `/therapist/clients/${ids.clientId}`, cookie: therapist },
        { page: 'supervisor home', path: '/supervisor', cookie: supervisor },
        { page: 'portal home', path: '/portal', cookie: client },
        ...(ids.formId ? [{ page: 'portal form', path: `/portal/forms/${ids.formId}`, cookie: client }] : []),
        { page: 'admin accounts', path: '/admin', cookie: admin },
      ];
      for (const p of pages) {
        const first = await getPage(app.origin, p.path, p.cookie);
        if (first.status !== 200) throw new Error(`${p.path} answered ${first.status}${first.location ? ` → ${first.location}` : ''}`);
        await runLoad(app.origin, [{ path: p.path, cookie: p.cookie }], 1, 1);
        const stats = await runLoad(app.origin, [{ path: p.path, cookie: p.cookie }], 1, duration);
        rows.push({ page: p.page, path: p.path, stats });
        console.log(
          `  ${p.page.padEnd(16)} ${stats.rps.toFixed(1).padStart(6)} req/s  p50 ${stats.p50.toFixed(1)} ms  p95 ${stats.p95.toFixed(1)} ms  errors ${stats.errors}`,
        );
      }
    } finally {
      await app.stop();
    }
    console.log(`\nEmbedded PGlite, demo clinic, 1 connection, ${duration} s per page (target: p95 < 100 ms):`);
    console.table(
      rows.map((r) => ({
        page: r.page,
        'req/s': r.stats.rps.toFixed(1),
        'p50 ms': r.stats.p50.toFixed(1),
        'p95 ms': r.stats.p95.toFixed(1),
        'p99 ms': r.stats.p99.toFixed(1),
        errors: r.stats.errors,
        'p95 < 100 ms': r.stats.p95 < 100 ? 'yes' : 'NO',
      })),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`Error: ${describeError(error)}`);
    process.exit(1);
  });
