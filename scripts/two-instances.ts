import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoClinic } from '@/db/seed';
import postgres from 'postgres';
import { BENCH_DIST_DIR, ensureBuild, startApp, type AppServer } from './bench/app';
import { createDatabase, dropDatabase, requirePostgresUrl } from './bench/database';
import { getPage, postServerActionForm, serverActionForm, signIn, signInOrThrow } from './bench/http';
import { describeError } from './lib/cli';

/*
 * `npm run two-instances [-- --no-build]`: two app instances (ports 3301 and 3302) on one
 * PostgreSQL database with the same secrets behave as one:
 *   1. a session cookie issued by A is honoured by B;
 *   2. five failed sign-ins through A lock the account on B too;
 *   3. a server action rendered by A (the Sign out form) posts successfully to B, and the session it
 *      ends on B is ended on A as well.
 * Creates its own database (from DATABASE_URL's server), seeds the demo clinic, drops it at the end.
 * Prints PASS/FAIL per check; exits non-zero when any check fails.
 */

type Check = { name: string; ok: boolean; detail: string };

async function main(): Promise<number> {
  const baseUrl = requirePostgresUrl('two-instances');
  const name = `rapport_two_${process.pid}`;
  const skipBuild = process.argv.includes('--no-build');
  ensureBuild(BENCH_DIST_DIR, { skip: skipBuild });
  const url = await createDatabase(baseUrl, name, { replace: true });
  const apps: AppServer[] = [];
  const checks: Check[] = [];
  try {
    const handle = openDatabase({ url, poolSize: 2 });
    await migrateDatabase(handle);
    await seedDemoClinic(handle.db);
    await handle.close();
    apps.push(
      await startApp({ port: 3301, distDir: BENCH_DIST_DIR, databaseUrl: url, label: 'instance A', env: { RAPPORT_BENCH: '0', SWEEP_INTERVAL_MINUTES: '60' } }),
    );
    apps.push(
      await startApp({ port: 3302, distDir: BENCH_DIST_DIR, databaseUrl: url, label: 'instance B', env: { RAPPORT_BENCH: '0', SWEEP_INTERVAL_MINUTES: '60' } }),
    );
    const [a, b] = apps as [AppServer, AppServer];
    console.log(`Instance A ${a.origin}, instance B ${b.origin}, database ${name}`);

    // 1. A session from A works on B.
    const jar = await signInOrThrow(a.origin, DEMO_ACCOUNTS.therapist, DEMO_PASSWORD);
    const cookie = jar.sessionHeader();
    const onB = await getPage(b.origin, '/therapist', cookie);
    checks.push({
      name: 'session cookie from A is valid on B',
      ok: onB.status === 200 && onB.html.includes('My caseload'),
      detail: `GET B /therapist → ${onB.status}${onB.location ? ` → ${onB.location}` : ''}`,
    });

    // 2. Lockout counted through A is enforced on B.
    const target = DEMO_ACCOUNTS.therapist2;
    const before = await signIn(b.origin, target, DEMO_PASSWORD);
    const failures = [];
    for (let i = 0; i < 5; i++) failures.push(await signIn(a.origin, target, 'not-the-password-123'));
    const after = await signIn(b.origin, target, DEMO_PASSWORD);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const [lock] = await sql<{ locked: boolean }[]>`select coalesce(locked_until > now(), false) as locked from users where email = ${target}`;
    await sql.end({ timeout: 5 });
    checks.push({
      name: 'lockout after 5 failures via A is enforced on B',
      ok: before.ok && failures.every((f) => !f.ok) && !after.ok && lock?.locked === true,
      detail: `B sign-in before: ${before.ok ? 'ok' : 'refused'}; 5 wrong passwords via A: ${failures.filter((f) => !f.ok).length} refused; B sign-in with the right password after: ${after.ok ? 'ACCEPTED' : 'refused'}; locked_until in the future: ${lock?.locked}`,
    });

    // 3. A server action rendered by A posts to B (same action id and encryption key).
    const page = await getPage(a.origin, '/therapist', cookie);
    const form = serverActionForm(page.html);
    if (!form) {
      checks.push({ name: 'server action rendered by A posts to B', ok: false, detail: 'no server-action form (Sign out) found on A /therapist' });
    } else {
      const posted = await postServerActionForm(b.origin, '/therapist', form.fields, cookie);
      const location = posted.headers.get('location') ?? posted.headers.get('x-action-redirect') ?? '';
      const afterOnA = await getPage(a.origin, '/therapist', cookie);
      const ended = afterOnA.status !== 200 && /session-ended|login/.test(afterOnA.location ?? '');
      checks.push({
        name: 'server action rendered by A posts to B',
        ok: posted.status >= 300 && posted.status < 400 && /\/login\?reason=signed-out/.test(location) && ended,
        detail: `POST B /therapist (Sign out form from A) → ${posted.status} → ${location || '(no location)'}; A afterwards → ${afterOnA.status} → ${afterOnA.location ?? ''}`,
      });
    }
  } finally {
    for (const app of apps) await app.stop();
    await dropDatabase(baseUrl, name).catch((error: unknown) => console.error(`Could not drop ${name}: ${describeError(error)}`));
  }
  for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}\n      ${check.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 && checks.length === 3 ? 0 : 1;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`Error: ${describeError(error)}`);
    process.exit(1);
  });
