import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { requirePostgresUrl } from './database';
import { BENCH_DIST_DIR, ensureBuild, startApp } from './app';
import { benchEmail, LARGE_PASSWORD } from './generate';
import { getPage, signInOrThrow } from './http';
import { runLoad } from './load';
import { describeError } from '../lib/cli';

/*
 * `npm run bench:profile -- <page> [--duration 10] [--connections 1] [--top 25] [--port 3310] [--dist-dir .next-bench]`
 *
 * Where a page's server time goes: starts the bench build with V8's CPU profiler, signs in as the
 * page's bench user, loads the page for a while, stops the app (which writes the profile) and
 * prints self time by package (node_modules/…) or app file, then by function. <page> is one of
 * therapist-home, client-record, supervisor-home, portal-form, signed-in (the ceiling).
 * The .cpuprofile stays in .bench/profiles for Chrome DevTools, with the page's HTML beside it.
 */

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

/** Where a frame's code lives: a package, an app chunk, Node itself, or V8 (GC, idle, program). */
function ownerOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    // Next bundles its compiled dependencies under next/dist/compiled/<name>.
    const compiled = /next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    return compiled ? `next/compiled/${compiled[1]}` : pkg[1]!;
  }
  if (url.startsWith('node:')) return 'node';
  const chunk = /\.next[^/]*\/(server\/.*)$/.exec(url);
  return chunk ? `app ${chunk[1]}` : url;
}

export function summarise(profile: Profile, top: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const group = (key: (n: Node) => string) => {
    const sums = new Map<string, number>();
    for (const [id, t] of self) {
      const node = byId.get(id)!;
      if (node.callFrame.functionName === '(idle)') continue;
      sums.set(key(node), (sums.get(key(node)) ?? 0) + t);
    }
    return [...sums].sort((a, b) => b[1] - a[1]).slice(0, top);
  };
  const print = (title: string, rows: [string, number][]) => {
    console.log(`\n${title}`);
    for (const [name, t] of rows) console.log(`  ${((t / busy) * 100).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  };
  console.log(
    `Busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled (${((busy / total) * 100).toFixed(0)}% CPU on the app's main thread).`,
  );
  print(
    'Self time by owner',
    group((n) => ownerOf(n.callFrame.url, n.callFrame.functionName)),
  );
  print(
    'Self time by function',
    group((n) => `${n.callFrame.functionName || '(anonymous)'}  ${ownerOf(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`),
  );
}

async function pageFor(url: string, page: string): Promise<{ email: string; path: string }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const therapist = benchEmail('therapist', 1);
    switch (page) {
      case 'therapist-home':
        return { email: therapist, path: '/therapist' };
      case 'signed-in':
        return { email: therapist, path: '/bench/signed-in' };
      case 'supervisor-home':
        return { email: benchEmail('supervisor', 1), path: '/supervisor' };
      case 'client-record': {
        // The record `npm run bench` loads for this therapist: their active client with the longest history.
        const [row] = await sql<
          { id: string }[]
        >`select c.id from clients c join users u on u.id = c.primary_therapist_id where u.email = ${therapist} and c.status = 'active'
          order by (select count(*) from measure_responses r where r.client_id = c.id) desc, c.id limit 1`;
        if (!row) throw new Error(`${therapist} has no active client`);
        return { email: therapist, path: `/therapist/clients/${row.id}` };
      }
      case 'portal-form': {
        const [row] = await sql<{ email: string; id: string }[]>`
          select u.email, a.id from measure_assignments a join clients c on c.id = a.client_id join users u on u.id = c.portal_user_id
          where a.status = 'pending' and a.respondent = 'client' and a.expires_at > now() order by a.due_at desc limit 1`;
        if (!row) throw new Error('no portal client with a pending form');
        return { email: row.email, path: `/portal/forms/${row.id}` };
      }
      default:
        throw new Error(`unknown page "${page}": therapist-home, client-record, supervisor-home, portal-form or signed-in`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main() {
  const page = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'therapist-home';
  const duration = Number(option('--duration', '10'));
  const connections = Number(option('--connections', '1'));
  const top = Number(option('--top', '25'));
  const url = requirePostgresUrl('bench:profile');
  const distDir = option('--dist-dir', BENCH_DIST_DIR);
  ensureBuild(distDir);
  const target = await pageFor(url, page);
  const dir = resolve('.bench/profiles', `${page}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const app = await startApp({
    port: Number(option('--port', '3310')),
    distDir,
    databaseUrl: url,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    label: 'profiled app',
  });
  try {
    const cookie = (await signInOrThrow(app.origin, target.email, LARGE_PASSWORD)).sessionHeader();
    const first = await getPage(app.origin, target.path, cookie);
    if (first.status !== 200) throw new Error(`${target.path} answered ${first.status}`);
    console.log(`${target.path}: ${(first.html.length / 1024).toFixed(0)} kB of HTML (saved beside the profile)`);
    writeFileSync(join(dir, 'page.html'), first.html);
    await runLoad(app.origin, [{ path: target.path, cookie }], connections, 2);
    const stats = await runLoad(app.origin, [{ path: target.path, cookie }], connections, duration);
    console.log(
      `${page}: ${stats.rps.toFixed(1)} req/s, p50 ${stats.p50.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, errors ${stats.errors} (${connections} conn, profiler on)`,
    );
  } finally {
    await app.stop();
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no profile written in ${dir}`);
  // `next start` may write more than one (a parent and the server); the largest is the server.
  const largest = files.map((f) => join(dir, f)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0]!;
  for (const f of files.map((x) => join(dir, x))) if (f !== largest) rmSync(f);
  summarise(JSON.parse(readFileSync(largest, 'utf8')) as Profile, top);
  console.log(`\nProfile: ${largest}`);
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`Error: ${describeError(error)}`);
    process.exit(1);
  });
