import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { isDatabaseEmpty, seedDemoClinic } from '@/db/seed';
import { parseEnv } from '@/lib/env';
import { describeError } from './lib/cli';

/*
 * `npm start`: validate configuration, build when the last build is stale, migrate, seed the
 * embedded database when it is empty, then serve. Server mode (DATABASE_URL) generates nothing.
 */
process.env.NEXT_TELEMETRY_DISABLED = '1';
const DATA_DIR = resolve('.data');
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(1);
}

function ensureEmbeddedSecret(): void {
  if (process.env.DATABASE_URL || process.env.AUTH_SECRET) return;
  const file = resolve(DATA_DIR, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    console.log(`Created AUTH_SECRET in ${file}`);
  }
  process.env.AUTH_SECRET = readFileSync(file, 'utf8').trim();
}

function buildFingerprint(): string {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  // Uncommitted edits count too, so a working copy never serves an older build.
  const edits = spawnSync('git', ['diff', 'HEAD'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lock = existsSync('package-lock.json') ? readFileSync('package-lock.json') : '';
  return createHash('sha256')
    .update(head.status === 0 ? head.stdout.trim() : 'no-git')
    .update(edits.status === 0 ? edits.stdout : '')
    .update(lock)
    .update(process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ?? '')
    .digest('hex');
}

function buildIfStale(): void {
  const stampFile = resolve('.next', 'rapport-build-stamp');
  const fingerprint = buildFingerprint();
  const fresh = existsSync(resolve('.next', 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint;
  if (fresh) return;
  console.log('Building Rapport (the last build is missing or stale)…');
  const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { stdio: 'inherit', env: process.env });
  if (build.status !== 0) fail('the build failed (see above).');
  writeFileSync(stampFile, fingerprint);
}

async function prepareDatabase(databaseUrl: string | undefined, pgliteDir: string): Promise<void> {
  const handle = openDatabase({ url: databaseUrl, pgliteDir, poolSize: 2 });
  try {
    await migrateDatabase(handle);
    if (handle.engine === 'pglite' && (await isDatabaseEmpty(handle.db))) {
      const result = await seedDemoClinic(handle.db);
      console.log(`Seeded the demo clinic into the embedded database (${result.counts?.clients ?? 0} clients).`);
    }
  } finally {
    // Release the embedded database (and its lock) before the server opens it.
    await handle.close();
  }
}

async function main() {
  ensureEmbeddedSecret();
  const parsed = parseEnv(process.env);
  if (!parsed.ok) fail(parsed.message);
  const env = parsed.env;
  buildIfStale();
  try {
    // Migrations as the owner role; the server below connects as DATABASE_URL's (app) role.
    await prepareDatabase(env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL, env.PGLITE_DIR);
  } catch (error) {
    fail(describeError(error));
  }
  const where = env.listenHost ? `listening on ${env.listenHost} only; set HOST to change` : 'listening on every interface; set HOST to narrow';
  const local = !env.listenHost || ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'].includes(env.listenHost);
  const shownHost = local ? 'localhost' : isIP(env.listenHost!) === 6 ? `[${env.listenHost}]` : env.listenHost;
  console.log(`Rapport (${env.mode} mode) on http://${shownHost}:${env.PORT} (${where})`);
  // Rapport's own server in front of Next (scripts/serve.ts): the app learns each request's socket address.
  const listen = ['--port', String(env.PORT), ...(env.listenHost ? ['--hostname', env.listenHost] : [])];
  const server = spawn(process.execPath, ['--import', 'tsx', resolve('scripts/serve.ts'), ...listen], { stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

void main();
