import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/*
 * The boundaries the linter enforces (eslint.config.mjs), checked on planted violations: a page or
 * component importing the database or drizzle, and a raw process.env read outside lib/env.ts.
 * Linted as text under the paths of real files (the type-aware parser only knows files in the
 * project); nothing is written to disk.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint boundaries', { timeout: 60_000 }, () => {
  it.each([
    ['app/api/health/route.ts', "import { getDb } from '@/db/client';\nexport const db = getDb;\n"],
    ['app/therapist/page.tsx', "import { sql } from 'drizzle-orm';\nexport const q = sql`select 1`;\n"],
    ['components/ui/notice.tsx', "import { clients } from '@/db/schema';\nexport const t = clients;\n"],
  ])('%s may not import the database layer', async (filePath, code) => {
    expect(await rulesBroken(filePath, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['lib/data/notify.ts', 'export const url = process.env.SMTP_URL;\n'],
    ['app/bench/public/page.tsx', "export const on = process.env.RAPPORT_BENCH === '1';\n"],
    ['proxy.ts', 'export const dev = process.env.NODE_ENV;\n'],
  ])('%s may not read process.env', async (filePath, code) => {
    expect(await rulesBroken(filePath, code)).toContain('no-restricted-properties');
  });

  it('allows what the rules are for: lib/data importing the database, lib/env.ts reading the environment', async () => {
    expect(await rulesBroken('lib/data/health.ts', "import { getDb } from '@/db/client';\nexport const db = getDb;\n")).toEqual([]);
    expect(await rulesBroken('lib/env.ts', 'export const level = process.env.LOG_LEVEL;\n')).not.toContain('no-restricted-properties');
  });
});
