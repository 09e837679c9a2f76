import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/*
 * Builds the app into its own folder (NEXT_DIST_DIR=.next-bench) when the sources changed, and
 * starts app servers (scripts/serve.ts, as `npm start` does) in server mode with fixed benchmark-only secrets.
 */

export const BENCH_DIST_DIR = '.next-bench';
/** Fixed, benchmark-only secrets: every instance gets the same ones (as behind a load balancer). */
export const BENCH_SECRETS = {
  AUTH_SECRET: 'bench-only-auth-secret-0123456789abcdefghijklmnopqrstuv',
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: 'cmFwcG9ydC1iZW5jaC1vbmx5LWFjdGlvbnMta2V5MzI=',
} as const;

const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');
const SOURCE_ROOTS = ['app', 'components', 'lib', 'db', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'postcss.config.mjs', 'package-lock.json'];

/** A fingerprint of the sources a build depends on (paths, sizes and modification times; no git). */
function sourceFingerprint(extra: string, cwd: string): string {
  const hash = createHash('sha256').update(extra);
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!entry.startsWith('.') && entry !== 'node_modules') visit(join(path, entry));
    } else if (!/\.test\.tsx?$/.test(path)) {
      hash.update(`${path}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  SOURCE_ROOTS.forEach((root) => visit(join(cwd, root)));
  return hash.digest('hex');
}

function restoreTsconfig(before: string, distDir: string, cwd: string): void {
  const after = readFileSync(join(cwd, 'tsconfig.json'), 'utf8');
  if (after === before) return;
  try {
    const a = JSON.parse(after) as { include?: string[] };
    const b = JSON.parse(before) as { include?: string[] };
    const added = (a.include ?? []).filter((p) => !(b.include ?? []).includes(p));
    const sameOtherwise = JSON.stringify({ ...a, include: null }) === JSON.stringify({ ...b, include: null });
    if (sameOtherwise && added.every((p) => p.startsWith(`${distDir}/`))) writeFileSync(join(cwd, 'tsconfig.json'), before);
  } catch {
    // Not JSON we understand: leave it.
  }
}

/**
 * Builds into `distDir` unless its stamp matches the sources; returns whether it built. `cwd` is the
 * checkout to build (another one for `bench --baseline`; it uses its own node_modules).
 */
export function ensureBuild(distDir: string, { force = false, skip = false, env = {}, cwd = process.cwd() } = {}): boolean {
  const stampFile = resolve(cwd, distDir, 'rapport-bench-stamp');
  const fingerprint = sourceFingerprint(`${BENCH_SECRETS.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY}:${distDir}`, cwd);
  const fresh = existsSync(resolve(cwd, distDir, 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint;
  if (skip) {
    if (!existsSync(resolve(cwd, distDir, 'BUILD_ID'))) throw new Error(`--no-build given but there is no build in ${resolve(cwd, distDir)}`);
    return false;
  }
  if (fresh && !force) return false;
  console.log(`Building ${cwd === process.cwd() ? 'the app' : cwd} into ${distDir} (sources changed since the last bench build)…`);
  const started = Date.now();
  // `next build` adds its folder's types to tsconfig.json's include list; put the file back as it was.
  const tsconfigBefore = readFileSync(join(cwd, 'tsconfig.json'), 'utf8');
  const nextBin = cwd === process.cwd() ? NEXT_BIN : createRequire(join(resolve(cwd), 'package.json')).resolve('next/dist/bin/next');
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...env,
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_DIST_DIR: distDir,
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: BENCH_SECRETS.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY,
      NODE_ENV: 'production',
    },
  });
  restoreTsconfig(tsconfigBefore, distDir, cwd);
  if (build.status !== 0) throw new Error('next build failed (see above)');
  writeFileSync(stampFile, fingerprint);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return true;
}

export type AppServer = { port: number; origin: string; process: ChildProcess; stop: () => Promise<void>; output: () => string };

/** Starts the app server (scripts/serve.ts) on 127.0.0.1:`port` against `databaseUrl` and waits until /api/health answers. */
/** `databaseUrl: null` starts the embedded default: PGlite in `env.PGLITE_DIR`. */
export async function startApp(options: {
  port: number;
  distDir: string;
  databaseUrl: string | null;
  env?: Record<string, string>;
  nodeArgs?: string[];
  label?: string;
  /** The checkout to serve (default: this one). */
  cwd?: string;
}): Promise<AppServer> {
  const origin = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: options.distDir,
    PORT: String(options.port),
    AUTH_URL: origin,
    ...BENCH_SECRETS,
    RAPPORT_BENCH: '1',
    // Benchmarks sign in many users from one address.
    LOGIN_IP_MAX_FAILURES: '100000',
    ...options.env,
  };
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
    delete env.PGLITE_DIR;
  } else {
    delete env.DATABASE_URL;
    if (!env.PGLITE_DIR) throw new Error('startApp: the embedded database needs env.PGLITE_DIR');
  }
  let log = '';
  // The server `npm start` runs (scripts/serve.ts, Next behind Rapport's own HTTP server), so the
  // benchmark pays what production pays, client-address stamping included.
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', 'scripts/serve.ts', '--port', String(options.port), '--hostname', '127.0.0.1'],
    { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd },
  );
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${options.label ?? 'app'} exited while starting:\n${log}`);
    try {
      const res = await fetch(`${origin}/api/health`);
      if (res.ok) return { port: options.port, origin, process: child, stop, output: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${options.label ?? 'app'} did not answer /api/health within 60 s:\n${log}`);
}
