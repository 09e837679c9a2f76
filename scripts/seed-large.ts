import postgres from 'postgres';
import { describeError } from './lib/cli';
import { createDatabase, databaseNameOf, migrateAndCheckEmpty, redact, requirePostgresUrl } from './bench/database';
import { BASE_SIZES, benchClients, benchEmail, defaultNow, GENERATED_TABLES, generateLargeClinic, LARGE_PASSWORD, sizesFor } from './bench/generate';

/*
 * `npm run seed:large [-- --scale 0.1] [--database rapport_large] [--replace] [--seed 2026] [--now 2026-01-31]`
 *
 * Generates the large clinic network (scripts/bench/generate.ts) into PostgreSQL: into the EMPTY
 * database named by DATABASE_URL (migrated here if needed), or with --database into a fresh database
 * created on the same server. Then VACUUM ANALYZE, so plans and index-only scans are those of a
 * settled database, and a summary.
 */

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index === -1) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

function parseArgs() {
  if (process.argv.includes('--help')) {
    console.log(
      'Usage: DATABASE_URL=postgres://… npm run seed:large -- [--scale f] [--database name [--replace]] [--seed n] [--now YYYY-MM-DD]\n' +
        `Defaults (scale 1): ${BASE_SIZES.therapists} therapists, ${BASE_SIZES.supervisors} supervisors, ${BASE_SIZES.clients} clients, ` +
        `~${BASE_SIZES.attendedSessions} attended sessions, ~1,000,000 measure responses over 3 years.`,
    );
    process.exit(0);
  }
  const scale = Number(option('--scale') ?? '1');
  if (!(scale > 0 && scale <= 10)) throw new Error('--scale must be a number in (0, 10]');
  const seed = Number(option('--seed') ?? '2026');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const nowText = option('--now');
  const now = nowText ? new Date(`${nowText.slice(0, 10)}T00:00:00Z`) : defaultNow();
  if (Number.isNaN(now.getTime())) throw new Error('--now must be a date like 2026-01-31');
  return { scale, seed, now, database: option('--database'), replace: process.argv.includes('--replace') };
}

async function main() {
  const args = parseArgs();
  const baseUrl = requirePostgresUrl('seed:large');
  const url = args.database ? await createDatabase(baseUrl, args.database, { replace: args.replace }) : baseUrl;
  const name = databaseNameOf(url);
  if (!(await migrateAndCheckEmpty(url))) {
    throw new Error(`Database "${name}" already has data. seed:large writes into an empty database: use --database <new name> to create one.`);
  }
  const sizes = sizesFor(args.scale);
  console.log(
    `Generating into ${redact(url)} (scale ${args.scale}: ${sizes.therapists} therapists, ${sizes.supervisors} supervisors, ${sizes.clients} clients, ` +
      `~${sizes.attendedSessions} attended sessions; seed ${args.seed}; data up to ${args.now.toISOString().slice(0, 10)})…`,
  );
  let lastPrinted = 0;
  const result = await generateLargeClinic({
    url,
    scale: args.scale,
    seed: args.seed,
    now: args.now,
    onProgress: (done, total) => {
      if (Date.now() - lastPrinted > 5000 || done === total) {
        lastPrinted = Date.now();
        console.log(`  ${done}/${total} clients written (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    },
  });
  const vacuumStarted = Date.now();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe('vacuum (analyze)');
    const rows = await sql<{ table: string; n: number }[]>`
      select t.table, (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I', t.table), false, true, '')))[1]::text::int as n
      from unnest(${[...GENERATED_TABLES, 'supervision_rollup']}::text[]) as t("table")`;
    const [size] = await sql<{ size: string }[]>`select pg_size_pretty(pg_database_size(current_database())) as size`;
    const [attended] = await sql<{ n: number }[]>`select count(*)::int as n from therapy_sessions where attendance = 'attended'`;
    console.log(
      `\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s (generate + COPY ${(result.elapsedMs / 1000).toFixed(1)} s, vacuum analyze ${((Date.now() - vacuumStarted) / 1000).toFixed(1)} s); database ${name} is ${size?.size}.`,
    );
    console.table(Object.fromEntries(rows.map((r) => [r.table, { rows: r.n }])));
    console.log(
      `Attended sessions: ${attended?.n}. Responses per second written: ${Math.round(((result.counts.measure_responses ?? 0) * 1000) / result.elapsedMs)}.`,
    );
    console.log(
      `Sign in with password "${LARGE_PASSWORD}" as ${benchEmail('therapist', 1)}…${benchEmail('therapist', sizes.therapists)}, ` +
        `${benchEmail('supervisor', 1)}…${benchEmail('supervisor', sizes.supervisors)}, ${benchEmail('admin', 0)}, ` +
        `or portal clients such as ${benchEmail('client', 1)} (clients 1–${benchClients(sizes.clients)} have forms pending).`,
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const started = Date.now();
main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`Error: ${describeError(error)}`);
    process.exit(1);
  });
