import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO, expect, signedInPage, test, type FixtureSql } from './helpers';

/*
 * Accessibility (issue 13): every page of every role, at a laptop width and a phone width, has no
 * serious or critical axe violation under the WCAG 2.2 AA rule tags. One sign-in per role, then a
 * loop over that role's pages; the demo data is only read. A failure prints each violation with
 * the page, the width, the rule and the elements it found.
 */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [
  { name: '1366 px', width: 1366, height: 900 },
  { name: '375 px', width: 375, height: 740 },
];

type Finding = string;

async function scan(page: Page, paths: readonly string[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const path of paths) {
      await page.goto(path);
      // Client components settle (scroll regions measure themselves) before axe looks.
      await page.waitForLoadState('networkidle').catch(() => {});
      const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        const targets = v.nodes.map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary?.replaceAll('\n', '\n        ') ?? ''}`).join('\n');
        findings.push(`${path} at ${size.name}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.length} element(s))\n${targets}`);
      }
    }
  }
  return findings;
}

function report(findings: Finding[]): string {
  return findings.length ? `${findings.length} serious or critical axe violation(s):\n\n${findings.join('\n\n')}` : 'none';
}

async function demoIds(sql: FixtureSql) {
  const [jordan] = await sql<{ id: string }[]>`select id from clients where first_name = 'Jordan' and last_name = 'Lee'`;
  const [sam] = await sql<{ id: string }[]>`select id from users where email = ${DEMO.therapist.email}`;
  const [plan] = await sql<{ id: string }[]>`select id from treatment_plans where client_id = ${jordan!.id} order by updated_at desc limit 1`;
  const [form] = await sql<{ id: string }[]>`
    select id from measure_assignments where client_id = ${jordan!.id} and status = 'pending' and respondent = 'client' order by due_at desc limit 1`;
  return { jordan: jordan!.id, sam: sam!.id, plan: plan?.id ?? null, form: form?.id ?? null };
}

test.describe('axe: 0 serious or critical violations (WCAG 2.2 AA tags) at 1366 px and 375 px', () => {
  test.describe.configure({ timeout: 180_000 });

  test('public pages', async ({ page }) => {
    const findings = await scan(page, ['/login', '/session-ended', '/invite/not-a-real-token', '/set-password/not-a-real-token', '/no-such-page']);
    expect(findings, report(findings)).toEqual([]);
  });

  test('client portal, with a questionnaire', async ({ browser, e2eSql }) => {
    const { form } = await demoIds(e2eSql);
    const { context, page } = await signedInPage(browser, DEMO.client.email);
    const findings = await scan(page, ['/portal', '/portal/plan', ...(form ? [`/portal/forms/${form}`] : []), '/account/password']);
    await context.close();
    expect(form, 'the demo client has a pending WAI-SR').not.toBeNull();
    expect(findings, report(findings)).toEqual([]);
  });

  test('therapist: caseload, new client, record, account', async ({ browser, e2eSql }) => {
    const { jordan } = await demoIds(e2eSql);
    const { context, page } = await signedInPage(browser, DEMO.therapist.email);
    const findings = await scan(page, ['/therapist', '/therapist/clients/new', `/therapist/clients/${jordan}`, '/account/password', '/account/mfa']);
    await context.close();
    expect(findings, report(findings)).toEqual([]);
  });

  test('therapist: plans (list, editor, review, history) and a measure entered for the client', async ({ browser, e2eSql }) => {
    const { jordan, plan, form } = await demoIds(e2eSql);
    expect(plan, 'the demo client has a treatment plan').not.toBeNull();
    const { context, page } = await signedInPage(browser, DEMO.therapist.email);
    const record = `/therapist/clients/${jordan}`;
    const findings = await scan(page, [
      `${record}/plans`,
      `${record}/plans/new`,
      `${record}/plans/${plan}`,
      `${record}/plans/${plan}/review`,
      `${record}/plans/${plan}/history`,
      ...(form ? [`${record}/forms/${form}`] : []),
    ]);

    // Plan history wraps on a phone: the versions table never scrolls sideways.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${record}/plans/${plan}/history`);
    const versions = page.getByRole('table', { name: 'Versions of this plan, newest first' });
    const overflow = await versions.evaluate((table) => ({
      table: table.scrollWidth,
      box: table.parentElement!.clientWidth,
      page: document.documentElement.scrollWidth,
    }));
    expect(overflow.table, 'versions table width vs its box at 375 px').toBeLessThanOrEqual(overflow.box);
    expect(overflow.page, 'page width at 375 px').toBeLessThanOrEqual(375);
    await context.close();
    expect(findings, report(findings)).toEqual([]);
  });

  test('supervisor: home, therapist, read-only record', async ({ browser, e2eSql }) => {
    const { jordan, sam } = await demoIds(e2eSql);
    const { context, page } = await signedInPage(browser, DEMO.supervisor.email);
    const findings = await scan(page, ['/supervisor', `/supervisor/therapists/${sam}`, `/supervisor/therapists/${sam}/clients/${jordan}`]);
    await context.close();
    expect(findings, report(findings)).toEqual([]);
  });

  test('admin: accounts, new account, assignments, audit log, settings', async ({ browser }) => {
    const { context, page } = await signedInPage(browser, DEMO.admin.email);
    const findings = await scan(page, ['/admin', '/admin/accounts/new', '/admin/assignments', '/admin/audit', '/admin/settings']);

    // On a phone the audit table scrolls sideways: its box is a named region the keyboard can reach and scroll.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/admin/audit');
    const region = page.getByRole('region', { name: 'Audit events, newest first' });
    await expect(region).toHaveAttribute('tabindex', '0');
    await region.focus();
    await expect(region).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((box) => box.scrollLeft)).toBeGreaterThan(0);
    await context.close();
    expect(findings, report(findings)).toEqual([]);
  });
});
