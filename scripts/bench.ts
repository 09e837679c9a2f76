import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import postgres from 'postgres';
import { BENCH_DIST_DIR, ensureBuild, startApp, type AppServer } from './bench/app';
import { createDatabase, databaseExists, databaseNameOf, migrateAndCheckEmpty, redact, requirePostgresUrl, withDatabase } from './bench/database';
import { benchEmail, generateLargeClinic, LARGE_PASSWORD } from './bench/generate';
import { firstLoadJs, getPage, signInOrThrow } from './bench/http';
import { cpuPerRequest, cpuSample, type CpuSample } from './bench/cpu';
import { runLoad, type LoadStats, type Visitor } from './bench/load';
import {
  benchSubmissions,
  DATA_ONLY_RECIPES,
  installDataHarness,
  RECIPES,
  timeRecipe,
  type DbTiming,
  type PortalUser,
  type Recipe,
  type RecipeContext,
  type SessionClaims,
} from './bench/recipes';
import { describeError } from './lib/cli';

/*
 * `npm run bench [-- --duration 10] [--connections 1,10,20] [--scale] [--baseline <checkout> [--baseline-database <name>]] [--no-build|--rebuild]`
 *
 * Builds the app (NEXT_DIST_DIR=.next-bench) when needed, starts it against DATABASE_URL (made by
 * `npm run seed:large`), signs real users in through Auth.js, and measures with autocannon: the
 * therapist home, a client record, the supervisor home and the portal form page, beside two
 * ceilings (/bench/public: one query, no sign-in; /bench/signed-in: the per-request session work
 * plus one query) and "the limit" (each page's SQL sent raw through postgres.js). Form submission
 * runs through lib/data's submitResponse. Prints a table and writes .bench/results-<time>.json.
 * --scale also runs everything on a database with 10 % of the data (created when missing) and
 * prints how latency grows with 10× the data. --baseline <checkout> also serves another checkout
 * of Rapport (an earlier commit, its own node_modules and build) on the same database and measures
 * every page and ceiling on both, one right after the other: before/after from one run.
 * --baseline-database <name> gives the baseline its own database (made by its own seed:large, so
 * each app runs on its own schema and indexes with the same generated data); with --scale the
 * baseline runs on the full database only.
 */

type Args = {
  duration: number;
  connections: number[];
  scale: boolean;
  smallDatabase?: string;
  build: 'auto' | 'skip' | 'force';
  port: number;
  submit: boolean;
  iterations: number;
  baseline?: string;
  baselineDatabase?: string;
};

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index === -1) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

function parseArgs(): Args {
  const duration = Number(option('--duration') ?? '10');
  if (!(duration > 0)) throw new Error('--duration must be a positive number of seconds');
  const connections = (option('--connections') ?? '1,10,20').split(',').map(Number);
  if (connections.some((c) => !Number.isInteger(c) || c < 1 || c > 200)) throw new Error('--connections takes a list like 1,10,20');
  const baseline = option('--baseline');
  const baselineDatabase = option('--baseline-database');
  if (baselineDatabase !== undefined && baseline === undefined)
    throw new Error("--baseline-database names the baseline's database: give --baseline <checkout> too");
  return {
    duration,
    connections,
    scale: process.argv.includes('--scale'),
    smallDatabase: option('--small-database'),
    build: process.argv.includes('--no-build') ? 'skip' : process.argv.includes('--rebuild') ? 'force' : 'auto',
    port: Number(option('--port') ?? '3300'),
    submit: !process.argv.includes('--no-submit'),
    iterations: Number(option('--iterations') ?? '25'),
    baseline,
    baselineDatabase,
  };
}

type Target = { key: string; label: string; kind: 'ceiling' | 'page'; visitors: Visitor[]; origin: string; side: Side };
type LoadRow = {
  target: string;
  side: Side;
  label: string;
  kind: 'ceiling' | 'page' | 'lib/data';
  stats: LoadStats;
  cpu: CpuSample | null;
  vsSignedIn: number | null;
  vsPublic: number | null;
};
type DatabaseResult = {
  label: string;
  database: string;
  data: Record<string, number>;
  load: LoadRow[];
  db: (Omit<DbTiming, 'sql'> & { key: string; label: string; sql: { sql: string; params: number }[] })[];
  firstLoadJs: Record<string, { files: number; rawBytes: number; gzipBytes: number; noModuleGzipBytes: number }>;
  submissions: { connections: number; stats: LoadStats; exhausted: boolean; errorSamples: string[] }[];
  notes: string[];
};

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : `${Math.round(v * 100)}%`);

async function discover(url: string, max: number) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [clinic] = await sql<{ clinic_id: string }[]>`select clinic_id from users where email = ${benchEmail('therapist', 1)}`;
    if (!clinic)
      throw new Error(
        `${databaseNameOf(url)} has no ${benchEmail('therapist', 1)}: generate it first with \`npm run seed:large -- --database ${databaseNameOf(url)}\``,
      );
    const emails = (role: 'therapist' | 'supervisor') => Array.from({ length: max }, (_, i) => benchEmail(role, i + 1));
    const therapists = await sql<
      { id: string; email: string }[]
    >`select id, email from users where email in ${sql(emails('therapist'))} order by length(email), email`;
    const supervisors = await sql<
      { id: string; email: string }[]
    >`select id, email from users where email in ${sql(emails('supervisor'))} order by length(email), email`;
    const records = await sql<{ therapist_id: string; client_id: string }[]>`
      select distinct on (c.primary_therapist_id) c.primary_therapist_id as therapist_id, c.id as client_id
      from clients c
      where c.primary_therapist_id in ${sql(therapists.map((t) => t.id))} and c.status = 'active'
      order by c.primary_therapist_id, (select count(*) from measure_responses r where r.client_id = c.id) desc, c.id`;
    const portal = await sql<
      { user_id: string; email: string; name: string; client_id: string; therapist_id: string; assignment_id: string; clinic_id: string }[]
    >`
      select distinct on (u.id) u.id as user_id, u.email, u.name, c.id as client_id, c.primary_therapist_id as therapist_id, a.id as assignment_id, c.clinic_id
      from users u
      join clients c on c.portal_user_id = u.id and c.status = 'active'
      join measure_assignments a on a.client_id = c.id and a.respondent = 'client' and a.status = 'pending' and a.expires_at > now() + interval '1 hour'
      where u.email like ${`client%@%`} and u.role = 'client'
      order by u.id, a.due_at desc
      limit ${max}`;
    const [counts] = await sql<Record<string, number>[]>`select
      (select count(*) from clients)::int as clients,
      (select count(*) from users where role = 'therapist')::int as therapists,
      (select count(*) from therapy_sessions)::int as sessions,
      (select count(*) from measure_responses)::int as responses,
      (select count(*) from alerts)::int as alerts`;
    if (portal.length === 0) throw new Error('No portal client with a pending form: was the database made by seed:large (recently)?');
    return { clinicId: clinic.clinic_id, therapists, supervisors, records, portal, counts: counts! };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function latestSession(url: string, userId: string): Promise<SessionClaims> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ id: string; clinic_id: string; session_version: number }[]>`
      select s.id, u.clinic_id, u.session_version from user_sessions s join users u on u.id = s.user_id
      where s.user_id = ${userId} and s.revoked_at is null order by s.created_at desc limit 1`;
    if (!row) throw new Error(`no session row for ${userId}`);
    return { userId, clinicId: row.clinic_id, sessionVersion: row.session_version, sessionId: row.id };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

type Side = 'before' | 'after';
const sideLabel = (side: Side, label: string) => (side === 'before' ? `before: ${label}` : label);

/** One app's targets (ceilings and pages), its users signed in on it; each visitor's page checked to answer 200. */
async function appTargets(app: AppServer, side: Side, found: Awaited<ReturnType<typeof discover>>, result: DatabaseResult): Promise<Target[]> {
  // Real sign-ins, one user per connection.
  const signInAll = async (emails: string[]) => {
    const jars = [];
    for (const email of emails) jars.push({ email, cookie: (await signInOrThrow(app.origin, email, LARGE_PASSWORD)).sessionHeader() });
    return jars;
  };
  const started = Date.now();
  const therapistCookies = await signInAll(found.therapists.map((t) => t.email));
  const supervisorCookies = await signInAll(found.supervisors.map((s) => s.email));
  const portalCookies = await signInAll(found.portal.map((p) => p.email));
  console.log(
    `${side === 'before' ? 'Baseline app: s' : 'S'}igned in ${therapistCookies.length} therapists, ${supervisorCookies.length} supervisors, ${portalCookies.length} portal clients (${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );

  // The ceiling routes (app/bench/*, RAPPORT_BENCH=1) must be dynamic; when they are not served,
  // fall back to the nearest real routes and say so.
  let publicCeiling = { path: '/bench/public', label: 'ceiling: 1 query, no sign-in' };
  let signedInCeiling = { path: '/bench/signed-in', label: 'ceiling: signed-in + 1 query' };
  if ((await getPage(app.origin, publicCeiling.path)).status !== 200) {
    publicCeiling = { path: '/api/health', label: 'ceiling*: /api/health (no page)' };
    result.notes.push(
      `${sideLabel(side, '/bench/public')} did not answer 200 (is it dynamic? RAPPORT_BENCH=1?): the no-sign-in ceiling is /api/health, a route handler with one query and no React render.`,
    );
  }
  if ((await getPage(app.origin, signedInCeiling.path, therapistCookies[0]!.cookie)).status !== 200) {
    signedInCeiling = { path: '/account/password', label: 'ceiling*: /account/password' };
    result.notes.push(
      `${sideLabel(side, '/bench/signed-in')} did not answer 200 (is it dynamic? RAPPORT_BENCH=1?): the signed-in ceiling is /account/password, a signed-in page with the session work and no extra query.`,
    );
  }
  const recordByTherapist = new Map(found.records.map((r) => [r.therapist_id, r.client_id]));
  const target = (key: string, label: string, kind: Target['kind'], visitors: Visitor[]): Target => ({ key, label, kind, visitors, origin: app.origin, side });
  const targets: Target[] = [
    target('ceiling-public', publicCeiling.label, 'ceiling', [{ path: publicCeiling.path }]),
    target(
      'ceiling-signed-in',
      signedInCeiling.label,
      'ceiling',
      therapistCookies.map((c) => ({ path: signedInCeiling.path, cookie: c.cookie })),
    ),
    target(
      'therapist-home',
      'therapist home',
      'page',
      therapistCookies.map((c) => ({ path: '/therapist', cookie: c.cookie })),
    ),
    target(
      'client-record',
      'client record',
      'page',
      found.therapists.flatMap((t, i) =>
        recordByTherapist.has(t.id) ? [{ path: `/therapist/clients/${recordByTherapist.get(t.id)}`, cookie: therapistCookies[i]!.cookie }] : [],
      ),
    ),
    target(
      'supervisor-home',
      'supervisor home',
      'page',
      supervisorCookies.map((c) => ({ path: '/supervisor', cookie: c.cookie })),
    ),
    target(
      'portal-form',
      'portal form',
      'page',
      found.portal.map((p, i) => ({ path: `/portal/forms/${p.assignment_id}`, cookie: portalCookies[i]!.cookie })),
    ),
  ];

  // Every visitor's page answers 200 before anything is measured (a redirect means a failed sign-in).
  for (const t of targets) {
    for (const visitor of t.visitors) {
      const page = await getPage(app.origin, visitor.path, visitor.cookie);
      if (page.status !== 200)
        throw new Error(
          `${sideLabel(side, t.label)} ${visitor.path} answered ${page.status}${page.location ? ` → ${page.location}` : ''}; is RAPPORT_BENCH routing in place?\n${app.output().slice(-2000)}`,
        );
    }
    if (t.kind === 'page' && side === 'after') {
      const first = t.visitors[0]!;
      result.firstLoadJs[t.key] = await firstLoadJs(app.origin, (await getPage(app.origin, first.path, first.cookie)).html);
    }
    // Warm-up: a few requests per visitor.
    await runLoad(app.origin, t.visitors, Math.min(4, t.visitors.length), 1);
  }
  return targets;
}

async function benchDatabase(label: string, url: string, args: Args, baselineUrl: string | null): Promise<DatabaseResult> {
  const maxConnections = Math.max(...args.connections);
  const found = await discover(url, maxConnections);
  console.log(
    `\n== ${label}: ${databaseNameOf(url)} (${Object.entries(found.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')})`,
  );
  const apps: { side: Side; app: AppServer }[] = [];
  const result: DatabaseResult = { label, database: databaseNameOf(url), data: found.counts, load: [], db: [], firstLoadJs: {}, submissions: [], notes: [] };
  try {
    // --baseline: the other checkout's app beside this one, both idle but for the one being measured.
    let baselineFound = found;
    if (args.baseline && baselineUrl) {
      // Its own users, records and forms: ids differ between generated databases.
      if (baselineUrl !== url) baselineFound = await discover(baselineUrl, maxConnections);
      apps.push({
        side: 'before',
        app: await startApp({ port: args.port + 1, distDir: BENCH_DIST_DIR, databaseUrl: baselineUrl, label: 'baseline app', cwd: args.baseline }),
      });
      result.notes.push(`The baseline (${args.baseline}) ran on ${databaseNameOf(baselineUrl)}.`);
    }
    apps.push({ side: 'after', app: await startApp({ port: args.port, distDir: BENCH_DIST_DIR, databaseUrl: url, label: 'bench app' }) });
    const targets: Target[] = [];
    for (const { side, app } of apps) targets.push(...(await appTargets(app, side, side === 'before' ? baselineFound : found, result)));
    result.notes.forEach((n) => console.log(`Note: ${n}`));

    // With a baseline, each target is measured on both apps one right after the other.
    const order = [...new Set(targets.map((t) => t.key))].flatMap((key) => targets.filter((t) => t.key === key));
    for (const connections of args.connections) {
      const level: LoadRow[] = [];
      for (const target of order) {
        const pid = apps.find((a) => a.side === target.side)!.app.process.pid;
        const cpuBefore = cpuSample(pid);
        const stats = await runLoad(target.origin, target.visitors, connections, args.duration);
        const cpu = cpuPerRequest(cpuBefore, cpuSample(pid), stats.requests);
        level.push({ target: target.key, side: target.side, label: target.label, kind: target.kind, stats, cpu, vsSignedIn: null, vsPublic: null });
        console.log(
          `  ${String(connections).padStart(2)} conn  ${sideLabel(target.side, target.label).padEnd(40)} ${stats.rps.toFixed(1).padStart(7)} req/s  p95 ${ms(stats.p95)} ms  errors ${stats.errors}${
            cpu ? `  CPU per request: app ${ms(cpu.app)} ms, PostgreSQL ${ms(cpu.db)} ms, load generator ${ms(cpu.load)} ms` : ''
          }`,
        );
      }
      for (const side of new Set(level.map((r) => r.side))) {
        const mine = level.filter((r) => r.side === side);
        const signedIn = mine.find((r) => r.target === 'ceiling-signed-in')!.stats.rps;
        const open = mine.find((r) => r.target === 'ceiling-public')!.stats.rps;
        for (const row of mine) {
          if (row.kind !== 'page') continue;
          row.vsSignedIn = row.stats.rps / signedIn;
          row.vsPublic = row.stats.rps / open;
        }
      }
      result.load.push(...level);
    }
  } finally {
    await Promise.all(apps.map(({ app }) => app.stop()));
  }

  // DB time: the pages' lib/data calls vs the same SQL raw (app stopped, so it does not compete).
  const harness = installDataHarness(url);
  try {
    const claimsFor = async (userId: string) => latestSession(url, userId);
    const therapist = found.therapists[0]!;
    const contexts: Record<string, RecipeContext> = {
      'therapist-home': { claims: await claimsFor(therapist.id) },
      'client-record': { claims: await claimsFor(therapist.id), clientId: recordOf(found, therapist.id) },
      'supervisor-home': { claims: await claimsFor(found.supervisors[0]!.id) },
      'portal-form': { claims: await claimsFor(found.portal[0]!.user_id), assignmentId: found.portal[0]!.assignment_id },
      'supervisor-comparison-365d': { claims: await claimsFor(found.supervisors[0]!.id), rangeDays: 365 },
    };
    const recipes: Recipe[] = [...RECIPES, ...DATA_ONLY_RECIPES];
    for (const recipe of recipes) {
      const timing = await timeRecipe(harness, recipe, contexts[recipe.key]!, args.iterations);
      result.db.push({ ...timing, key: recipe.key, label: recipe.label, sql: timing.sql.map((s) => ({ sql: s.sql, params: s.params.length })) });
      console.log(
        `  DB ${recipe.label.padEnd(32)} ${timing.statements} statements  drizzle ${ms(timing.drizzleMs)} ms  raw prepared ${ms(timing.rawPreparedMs)} ms  raw unprepared ${ms(timing.rawUnpreparedMs)} ms`,
      );
    }
    if (args.submit) {
      const users: PortalUser[] = found.portal.map((p) => ({
        userId: p.user_id,
        clinicId: p.clinic_id,
        clientId: p.client_id,
        therapistId: p.therapist_id,
        name: p.name,
      }));
      let budget = 2000;
      for (const connections of args.connections) {
        const run = await benchSubmissions(harness, users, connections, args.duration, budget);
        result.submissions.push({ connections, stats: run.stats, exhausted: run.exhausted, errorSamples: run.errorSamples });
        console.log(
          `  ${String(connections).padStart(2)} conn  submitResponse (lib/data)       ${run.stats.rps.toFixed(1).padStart(7)} /s     p95 ${ms(run.stats.p95)} ms  errors ${run.stats.errors}${run.exhausted ? ' (ran out of assignments)' : ''}`,
        );
        budget = Math.max(2000, Math.ceil(run.stats.rps * 3 * args.duration));
      }
    }
  } finally {
    await harness.close();
  }
  return result;
}

function recordOf(found: Awaited<ReturnType<typeof discover>>, therapistId: string): string {
  const row = found.records.find((r) => r.therapist_id === therapistId);
  if (!row) throw new Error('therapist1 has no active client');
  return row.client_id;
}

function printResult(result: DatabaseResult): void {
  console.log(`\n${result.label}: ${result.database} — ${result.data.responses} responses, ${result.data.clients} clients`);
  const header = [
    'target',
    'conns',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
    'vs signed-in',
    'vs no-sign-in',
    'app CPU ms/req',
    'PG CPU ms/req',
    'DB drizzle ms',
    'raw SQL ms',
    'DB/raw',
  ];
  const lines: string[][] = [];
  for (const row of result.load) {
    const db = row.side === 'after' ? result.db.find((d) => d.key === row.target) : undefined;
    lines.push([
      sideLabel(row.side, row.label),
      String(row.stats.connections),
      row.stats.rps.toFixed(1),
      ms(row.stats.p50),
      ms(row.stats.p95),
      ms(row.stats.p99),
      String(row.stats.errors),
      pct(row.vsSignedIn),
      pct(row.vsPublic),
      row.cpu ? ms(row.cpu.app) : '',
      row.cpu ? ms(row.cpu.db) : '',
      db ? ms(db.drizzleMs) : '',
      db ? ms(db.rawPreparedMs) : '',
      db ? `${db.ratio.toFixed(2)}×` : '',
    ]);
  }
  for (const db of result.db.filter((d) => !result.load.some((l) => l.target === d.key))) {
    lines.push([db.label, '–', '', '', '', '', '', '', '', '', '', ms(db.drizzleMs), ms(db.rawPreparedMs), `${db.ratio.toFixed(2)}×`]);
  }
  for (const s of result.submissions) {
    lines.push([
      'submitResponse (lib/data)',
      String(s.connections),
      s.stats.rps.toFixed(1),
      ms(s.stats.p50),
      ms(s.stats.p95),
      ms(s.stats.p99),
      String(s.stats.errors),
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  lines.forEach((l) => console.log(fmt(l)));
  result.notes.forEach((n) => console.log(`Note: ${n}`));
  console.log("\nDB time: the page's lib/data calls one after another through drizzle, vs the same statements raw through postgres.js (prepared); medians.");
  console.log('CPU per request: the app process (all threads) and every PostgreSQL process over the step, divided by the requests answered.');
  console.log(
    `First-load JS (gzip; module browsers, without the ${((Object.values(result.firstLoadJs)[0]?.noModuleGzipBytes ?? 0) / 1024).toFixed(1)} kB noModule polyfills they never fetch): ${Object.entries(
      result.firstLoadJs,
    )
      .map(([k, v]) => `${k} ${(v.gzipBytes / 1024).toFixed(1)} kB (${v.files} files)`)
      .join(', ')}`,
  );
}

function compare(small: DatabaseResult, full: DatabaseResult) {
  const rows = [];
  const conns = Math.min(...full.load.map((r) => r.stats.connections));
  const maxConns = Math.max(...full.load.map((r) => r.stats.connections));
  for (const key of [...new Set(full.load.filter((r) => r.kind === 'page').map((r) => r.target))]) {
    const at = (r: DatabaseResult, c: number) => r.load.find((l) => l.target === key && l.side === 'after' && l.stats.connections === c)!.stats;
    const dbOf = (r: DatabaseResult) => r.db.find((d) => d.key === key)?.drizzleMs ?? Number.NaN;
    rows.push({
      page: key,
      [`p50 ×(${conns} conn)`]: (at(full, conns).p50 / at(small, conns).p50).toFixed(2),
      [`p95 ×(${conns} conn)`]: (at(full, conns).p95 / at(small, conns).p95).toFixed(2),
      [`req/s ×(${maxConns} conn)`]: (at(full, maxConns).rps / at(small, maxConns).rps).toFixed(2),
      'DB time ×': (dbOf(full) / dbOf(small)).toFixed(2),
    });
  }
  for (const d of full.db.filter((x) => !full.load.some((l) => l.target === x.key))) {
    const s = small.db.find((x) => x.key === d.key);
    rows.push({ page: d.key, 'DB time ×': s ? (d.drizzleMs / s.drizzleMs).toFixed(2) : '–' });
  }
  console.log(`\n10× the data (${small.data.responses} → ${full.data.responses} responses): full ÷ 10 % (target: latency ≤ 1.3×)`);
  console.table(rows);
  return rows;
}

async function ensureSmallDatabase(fullUrl: string, name: string, fullClients: number): Promise<string> {
  const url = withDatabase(fullUrl, name);
  if (await databaseExists(fullUrl, name)) return url;
  const scale = (fullClients / 10_000) * 0.1;
  console.log(`Creating ${name} with 10 % of the data (seed:large --scale ${scale})…`);
  await createDatabase(fullUrl, name);
  await migrateAndCheckEmpty(url);
  await generateLargeClinic({ url, scale });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe('vacuum (analyze)');
  await sql.end({ timeout: 5 });
  return url;
}

async function main() {
  const args = parseArgs();
  const url = requirePostgresUrl('bench');
  const startedAt = new Date();
  // A wrong --baseline is said before minutes of building.
  if (args.baseline && (!existsSync(join(args.baseline, 'scripts/serve.ts')) || !existsSync(join(args.baseline, 'node_modules'))))
    throw new Error(`--baseline ${args.baseline}: not a Rapport checkout with node_modules (git worktree add <dir> <commit>, then npm ci there)`);
  const built = ensureBuild(BENCH_DIST_DIR, { force: args.build === 'force', skip: args.build === 'skip' });
  if (args.baseline) {
    ensureBuild(BENCH_DIST_DIR, { force: args.build === 'force', skip: args.build === 'skip', cwd: args.baseline });
  }
  const results: DatabaseResult[] = [];
  let comparison: unknown = null;
  if (args.scale) {
    const found = await discover(url, 1);
    const smallUrl = await ensureSmallDatabase(url, args.smallDatabase ?? `${databaseNameOf(url)}_10pct`.slice(0, 63), found.counts.clients!);
    results.push(await benchDatabase('10 % of the data', smallUrl, args, null));
  }
  const baselineUrl = args.baselineDatabase ? withDatabase(url, args.baselineDatabase) : url;
  results.push(await benchDatabase(args.scale ? 'all of the data' : 'bench', url, args, baselineUrl));
  results.forEach(printResult);
  if (args.scale) comparison = compare(results[0]!, results[1]!);
  mkdirSync('.bench', { recursive: true });
  const file = `.bench/results-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    JSON.stringify(
      { startedAt, machine: { cpus: cpus().length, loadAverage: loadavg() }, database: redact(url), options: args, built, results, comparison },
      null,
      2,
    ),
  );
  console.log(
    `\nWrote ${file}. The machine's load average was ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (1/5/15 min); compare ratios, not absolute numbers.`,
  );
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`Error: ${describeError(error)}`);
    process.exit(1);
  });
