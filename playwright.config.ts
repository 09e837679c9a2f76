import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/*
 * Browser journeys against the production build, started on its own freshly seeded database
 * (scripts/e2e-server.ts). With DATABASE_URL set they run on PostgreSQL in a database of their
 * own; otherwise on an embedded PGlite directory in a temp folder.
 */
const port = process.env.E2E_PORT ?? '3100';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Computed once in the runner and inherited by workers (they re-read this file).
if (process.env.DATABASE_URL && !process.env.E2E_DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/rapport_e2e_${process.pid}_${Date.now().toString(36)}`;
  process.env.E2E_DATABASE_URL = url.toString();
}
// The e2e server's fixture bridge (scripts/e2e-fixture-bridge.ts): how fixtures reach its database on either engine.
process.env.E2E_FIXTURE_SOCKET ??= join(tmpdir(), `rapport-e2e-${process.pid}-${Date.now().toString(36)}.sock`);

export default defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: 'npx tsx scripts/e2e-server.ts',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      E2E_PORT: port,
      E2E_FIXTURE_SOCKET: process.env.E2E_FIXTURE_SOCKET,
      ...(process.env.E2E_DATABASE_URL ? { E2E_DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
    },
  },
});
