import { mkdirSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';
import type { Actor } from '@/lib/authz/policy';
import { listAlertInbox, listClientAlerts } from '@/lib/data/alerts';
import { listCaseloadPage } from '@/lib/data/caseload';
import { getResponseForm } from '@/lib/data/measures';
import { listClientResponses, listClientScoreSeries } from '@/lib/data/responses';
import { listClientSessions } from '@/lib/data/sessions';
import { getSupervisorComparison } from '@/lib/data/supervisor';
import { caseloadQuerySchema } from '@/lib/validation/caseload';
import { describeError } from '../lib/cli';
import { requirePostgresUrl } from './database';
import { benchEmail } from './generate';
import { installDataHarness, lastDays, type Statement } from './recipes';

/*
 * `DATABASE_URL=… npx tsx --conditions=react-server scripts/bench/explain.ts`
 *
 * Runs the hot lib/data queries once on a database made by seed:large, captures their SQL through
 * drizzle's logger, and prints EXPLAIN (ANALYZE, BUFFERS) for each SELECT, flagging sequential scans
 * of history tables, large sorts and slow statements. Full plans go to .bench/explain-<time>.txt.
 */

const HISTORY = /Seq Scan on (measure_responses|measure_assignments|alerts|therapy_sessions|audit_events|notifications|user_sessions)/;

async function main() {
  const url = requirePostgresUrl('explain');
  const harness = installDataHarness(url, 4);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const out: string[] = [];
  try {
    const [therapist] = await sql<
      { id: string; clinic_id: string; name: string }[]
    >`select id, clinic_id, name from users where email = ${benchEmail('therapist', 1)}`;
    const [supervisor] = await sql<{ id: string; name: string }[]>`select id, name from users where email = ${benchEmail('supervisor', 1)}`;
    if (!therapist || !supervisor) throw new Error('run npm run seed:large first (no therapist1/supervisor1@large.clinic)');
    const [client] = await sql<{ id: string }[]>`select c.id from clients c where c.primary_therapist_id = ${therapist.id} and c.status = 'active'
      order by (select count(*) from measure_responses r where r.client_id = c.id) desc limit 1`;
    const [portal] = await sql<{ user_id: string; name: string; assignment_id: string }[]>`
      select u.id as user_id, u.name, a.id as assignment_id from users u join clients c on c.portal_user_id = u.id
      join measure_assignments a on a.client_id = c.id and a.status = 'pending' and a.respondent = 'client' limit 1`;
    const clinicId = therapist.clinic_id;
    const t: Actor = { userId: therapist.id, clinicId, role: 'therapist', name: therapist.name };
    const s: Actor = { userId: supervisor.id, clinicId, role: 'supervisor', name: supervisor.name };
    const p: Actor | null = portal ? { userId: portal.user_id, clinicId, role: 'client', name: portal.name } : null;
    const targets: [string, () => Promise<unknown>][] = [
      ['listCaseloadPage (default: active, name, 25 rows)', () => listCaseloadPage(t, caseloadQuerySchema.parse({}))],
      ['listCaseloadPage (sort by alliance desc)', () => listCaseloadPage(t, caseloadQuerySchema.parse({ sort: 'alliance', dir: 'desc' }))],
      ['listAlertInbox (therapist)', () => listAlertInbox(t)],
      ['getSupervisorComparison (90 days)', () => getSupervisorComparison(s, lastDays(90))],
      ['listAlertInbox (supervisor)', () => listAlertInbox(s)],
      ['listClientResponses (page 1)', () => listClientResponses(t, client!.id)],
      ['listClientScoreSeries', () => listClientScoreSeries(t, client!.id)],
      ['listClientAlerts', () => listClientAlerts(t, client!.id)],
      ['listClientSessions', () => listClientSessions(t, client!.id)],
      ...(p && portal ? [['getResponseForm (portal)', () => getResponseForm(p, portal.assignment_id)] as [string, () => Promise<unknown>]] : []),
    ];
    for (const [name, run] of targets) {
      const { statements } = await harness.capture(run);
      out.push(`\n######## ${name}: ${statements.length} statements`);
      for (const statement of statements.filter((st: Statement) => /^\s*(select|with)/i.test(st.sql))) {
        const rows = await harness.client.unsafe<{ 'QUERY PLAN': string }[]>(
          `explain (analyze, buffers) ${statement.sql}`,
          statement.params as postgres.ParameterOrJSON<never>[],
        );
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        const time = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 'NaN');
        const flags = [
          ...new Set([
            ...[...plan.matchAll(new RegExp(HISTORY, 'g'))].map((m) => m[0]),
            ...[...plan.matchAll(/Sort Method: (\w+(?: \w+)?)\s+(?:Disk|Memory): (\d+)kB/g)]
              .filter((m) => Number(m[2]) > 256)
              .map((m) => `large sort (${m[1]}, ${m[2]} kB)`),
            ...(time > 20 ? [`slow (${time.toFixed(1)} ms)`] : []),
          ]),
        ];
        out.push(
          `\n-- ${flags.length ? `FLAG: ${flags.join('; ')}` : 'ok'} — ${time.toFixed(2)} ms\n${statement.sql}\n-- params: ${JSON.stringify(statement.params).slice(0, 300)}\n${plan}`,
        );
        console.log(`${name.padEnd(48)} ${time.toFixed(2).padStart(9)} ms  ${flags.join('; ') || 'ok'}  ${statement.sql.replace(/\s+/g, ' ').slice(0, 90)}`);
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
    await harness.close();
  }
  mkdirSync('.bench', { recursive: true });
  const file = `.bench/explain-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`;
  writeFileSync(file, out.join('\n'));
  console.log(`\nFull plans: ${file}`);
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`Error: ${describeError(error)}`);
    process.exit(1);
  });
