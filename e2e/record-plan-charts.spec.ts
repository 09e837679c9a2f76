import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { DEMO, NOT_FOUND_TEXT, expect, signIn, test } from './helpers';

/*
 * Journeys (read-only, demo data): the treatment plan as a section of the client record with the
 * client's agreement per goal; a profile card no taller than its facts at 1366 px; chart band names
 * in a legend, one colour per band name, and the clinic's low-alliance line on the alliance chart;
 * the supervisor's comparison led by a plain summary, the method in a disclosure; and a plan the
 * supervisor opens read-only from the record (404 under another therapist's URL).
 */

const BAND_NAMES = /^(Minimal|Mild|Moderate|Moderately severe|Severe)$/;
const ANSWER = /Client agrees|Client would change this|Client has not answered yet/;

async function openJordan(page: Page): Promise<void> {
  await signIn(page, DEMO.therapist.email);
  await page.getByRole('table', { name: 'Clients in my caseload' }).getByRole('link', { name: 'Jordan Lee' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jordan Lee' })).toBeVisible();
}

/** The fill of a band's swatch in a chart's "Severity bands" legend. */
async function bandSwatch(chart: Locator, band: string): Promise<string | null> {
  return chart
    .getByRole('list', { name: 'Severity bands' })
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`^${band} \\(`) })
    .locator('rect')
    .getAttribute('fill');
}

test.use({ viewport: { width: 1366, height: 900 } });

test('the client record gives the treatment plan its own section, with the client’s agreement per goal', async ({ page }) => {
  await openJordan(page);
  const plan = page.getByRole('region', { name: 'Treatment plan', exact: true });
  await expect(plan).toContainText('Lifting low mood and rebuilding routine');
  await expect(plan.getByTestId('plan-agreement-summary')).toHaveText(/^\d+ of \d+ goals? agreed/);
  const goals = plan.getByRole('list', { name: 'Goals and the client’s agreement' }).getByRole('listitem');
  await expect(goals.first()).toBeVisible();
  for (const goal of await goals.all()) await expect(goal).toContainText(ANSWER);
  await expect(plan.getByRole('link', { name: 'Open and edit the plan' })).toHaveAttribute(
    'href',
    /\/therapist\/clients\/[0-9a-f-]{36}\/plans\/[0-9a-f-]{36}$/,
  );
  await expect(page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Plan' })).toHaveAttribute('href', '#plan');
  // The plan link moved out of the profile card.
  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile.getByRole('link')).toHaveCount(0);
  // No tall empty box: the profile card ends where its facts end (it used to stretch to the contact form's height).
  const card = (await profile.boundingBox())!;
  const facts = (await profile.locator('dl').boundingBox())!;
  expect(card.y + card.height - (facts.y + facts.height)).toBeLessThanOrEqual(40);
  const axe = await new AxeBuilder({ page }).include('#plan').withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await plan.getByRole('link', { name: 'Open and edit the plan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Lifting low mood and rebuilding routine');
});

test('charts name severity bands in a legend, colour a band name alike on both questionnaires, and draw the clinic’s low-alliance line', async ({ page }) => {
  await openJordan(page);
  const progress = page.getByRole('region', { name: 'Alliance and outcomes' });
  const phq9 = progress.getByRole('region', { name: /^Depression \(PHQ-9/ });
  const gad7 = progress.getByRole('region', { name: /^Anxiety \(GAD-7/ });
  await expect(phq9.locator('svg.recharts-surface')).toBeVisible();
  await expect(gad7.locator('svg.recharts-surface')).toBeVisible();
  // Band names sit in the legend, not inside the plot where they covered the latest point.
  await expect(phq9.getByRole('list', { name: 'Severity bands' })).toContainText('Moderately severe (15–19)');
  await expect(progress.locator('svg.recharts-surface text').filter({ hasText: BAND_NAMES })).toHaveCount(0);
  // The same band name, the same colour (GAD-7's 4th band and PHQ-9's 5th are both "Severe").
  for (const band of ['Minimal', 'Mild', 'Moderate', 'Severe']) {
    expect(await bandSwatch(gad7, band), band).toBe(await bandSwatch(phq9, band));
  }
  expect(await bandSwatch(phq9, 'Severe')).not.toBe(await bandSwatch(phq9, 'Moderately severe'));
  // The clinic's low-alliance threshold, as on the supervisor's chart: in the legend and on the plot.
  const overall = progress.getByRole('region', { name: /^Alliance over time/ });
  await expect(overall.getByRole('list', { name: 'Legend' })).toContainText(/Clinic’s low-alliance threshold \([1-5]\.\d\d\)/);
  await expect(overall.locator('svg.recharts-surface text').filter({ hasText: /^Low alliance [1-5]\.\d\d$/ })).toHaveCount(1);
  await expect(overall).toContainText(/\d+ of \d+ client ratings? below the clinic’s low-alliance threshold/);
});

test('the supervisor’s comparison leads with who needs attention, then the chart, then the table; the method is behind a disclosure', async ({ page }) => {
  await signIn(page, DEMO.supervisor.email);
  const summary = page.getByRole('list', { name: 'Therapists and what needs attention' });
  for (const name of [DEMO.therapist.name, DEMO.therapist2.name]) {
    const card = summary.getByRole('listitem', { name, exact: true });
    await expect(card).toContainText(/Needs attention|Nothing stands out/);
    await expect(card.getByRole('link', { name, exact: true })).toHaveAttribute('href', /^\/supervisor\/therapists\/[0-9a-f-]{36}$/);
  }
  await expect(page.getByTestId('attention-headline')).toHaveText(
    /^(\d of 2 therapists needs? attention|None of the 2 therapists needs attention) in this range\.$/,
  );
  // Order on the page: summary, chart, table.
  const top = async (locator: Locator) => (await locator.boundingBox())!.y;
  const chart = page.getByRole('img', { name: new RegExp(`${DEMO.therapist.name}: estimate`) });
  const table = page.getByRole('table', { name: /Supervised therapists compared/ });
  expect(await top(summary)).toBeLessThan(await top(chart));
  expect(await top(chart)).toBeLessThan(await top(table));
  // The method: closed at first, plain words when opened, no "(s)" plurals or "shrinkage" anywhere.
  const method = page.getByTestId('method-sentence');
  await expect(method).toBeHidden();
  await page.locator('summary', { hasText: 'How the alliance estimates are worked out' }).click();
  await expect(method).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText(/shrinkage|\(s\)/i);
});

test('the supervisor opens a plan read-only from a client record, goals with the client’s agreement; not under another therapist', async ({ page }) => {
  await signIn(page, DEMO.supervisor.email);
  const table = page.getByRole('table', { name: /Supervised therapists compared/ });
  const alexHref = await table.getByRole('link', { name: DEMO.therapist2.name, exact: true }).getAttribute('href');
  await table.getByRole('link', { name: DEMO.therapist.name, exact: true }).click();
  await page
    .getByRole('table', { name: `Clients of ${DEMO.therapist.name}` })
    .getByRole('link', { name: 'Jordan Lee' })
    .click();
  const plans = page.getByRole('region', { name: 'Treatment plans' });
  await expect(plans.getByRole('list', { name: 'Goals and the client’s agreement' }).getByRole('listitem').first()).toContainText(ANSWER);
  await expect(plans.getByRole('link', { name: 'Lifting low mood and rebuilding routine' })).toBeVisible();
  await plans.getByRole('link', { name: 'Open the plan' }).click();
  await expect(page).toHaveURL(/\/supervisor\/therapists\/[0-9a-f-]{36}\/clients\/[0-9a-f-]{36}\/plans\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Lifting low mood and rebuilding routine' })).toBeVisible();
  await expect(page.getByTestId('read-only-notice')).toContainText('Read-only plan');
  await expect(page.getByRole('main')).toContainText(/Client agrees|Client would change this|The client has not answered yet/);
  await expect(page.getByRole('main').locator('form')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('textbox')).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // The same plan under Alex Morgan's URL (also supervised by this supervisor) is not a page; nor is an unknown plan.
  const [, , , , , clientId, , planId] = new URL(page.url()).pathname.split('/');
  for (const path of [
    `${alexHref}/clients/${clientId}/plans/${planId}`,
    `${new URL(page.url()).pathname.replace(planId!, randomUUID())}`,
    `${new URL(page.url()).pathname.replace(planId!, 'not-a-uuid')}`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: NOT_FOUND_TEXT })).toBeVisible();
  }
});
