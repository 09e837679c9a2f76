import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { seedDemoClinic } from '@/db/seed';

/*
 * Starts the built app for browser tests on its own freshly migrated and seeded database:
 * PostgreSQL when E2E_DATABASE_URL names one (created here, dropped on exit), else an embedded
 * PGlite directory in a temp folder. Playwright's webServer runs this and stops it with SIGTERM.
 */
const port = process.env.E2E_PORT ?? '3100';
const databaseUrl = process.env.E2E_DATABASE_URL;
// Where the test fixtures reach this server's database (scripts/e2e-fixture-bridge.ts); set by playwright.config.ts.
const fixtureSocket = process.env.E2E_FIXTURE_SOCKET;
const E2E_ACTIONS_KEY = 'cmFwcG9ydC1lMmUtb25seS1hY3Rpb25zLWtleS0zMmI=';

function adminUrl(url: string): { admin: string; name: string } {
  const parsed = new URL(url);
  const name = parsed.pathname.replace(/^\//, '');
  parsed.pathname = '/postgres';
  return { admin: parsed.toString(), name };
}

async function main() {
  let cleanup = async () => {};
  let pgliteDir: string | undefined;
  if (databaseUrl) {
    const { admin, name } = adminUrl(databaseUrl);
    if (!/^rapport_e2e_[a-z0-9_]+$/.test(name)) throw new Error(`Refusing to manage database "${name}": e2e databases are named rapport_e2e_*`);
    const sql = postgres(admin, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
    await sql.end();
    cleanup = async () => {
      const drop = postgres(admin, { max: 1, onnotice: () => {} });
      await drop.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await drop.end();
    };
  } else {
    pgliteDir = join(mkdtempSync(join(tmpdir(), 'rapport-e2e-')), 'pglite');
    const dir = pgliteDir;
    cleanup = async () => rmSync(join(dir, '..'), { recursive: true, force: true });
  }

  const handle = openDatabase({ url: databaseUrl, pgliteDir });
  await migrateDatabase(handle);
  await seedDemoClinic(handle.db);
  await handle.close();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: port,
    AUTH_SECRET: process.env.AUTH_SECRET ?? 'e2e-only-secret-0123456789abcdefghijklmnop',
    AUTH_URL: `http://127.0.0.1:${port}`,
    // Server mode requires a shared server-actions key; tests use a fixed one (scripts/test.sh builds with it).
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ?? E2E_ACTIONS_KEY,
    // Browser tests sign in far more often than a person could from one address.
    LOGIN_IP_MAX_FAILURES: '1000',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.PGLITE_DIR = pgliteDir;
  }
  console.log(`e2e server on :${port} (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`);
  // The same server `npm start` runs (scripts/serve.ts), so browser tests see real client addresses.
  const bridge = fixtureSocket ? ['--fixture-bridge', fixtureSocket] : [];
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--port', port, '--hostname', '127.0.0.1', ...bridge], {
    stdio: 'inherit',
    env,
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await cleanup();
    if (fixtureSocket) rmSync(fixtureSocket, { force: true });
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  server.on('exit', (code) => void stop(code ?? 1));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
