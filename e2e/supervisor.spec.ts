import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { DEMO, DEMO_CLIENT_NAMES, downloadLink, expect, FORBIDDEN_TEXT, NOT_FOUND_TEXT, pathOf, signIn, test } from './helpers';

/*
 * Journey: the supervisor compares both therapists (numbers, the estimation method, sorting),
 * drills into one (clients, alerts), reads a client's record without being able to change it,
 * leaves supervision notes (they only append: each run writes its own text) and downloads the
 * CSVs. Therapists get 403 on the supervisor area; a therapist who is not supervised is a 404.
 */

const COMPARISON = /Supervised therapists compared/;
const SUPERVISOR_CSV_HEADER =
  'therapist,active_clients,measures_due,measures_completed,response_rate,alliance_clients_n,alliance_raw_mean,alliance_estimate,alliance_90_lower,alliance_90_upper,goal_estimate,task_estimate,bond_estimate,share_below_threshold,ruptures_detected,ruptures_acknowledged_within_7_days,ruptures_repaired,mean_client_minus_therapist_gap,phq9_improved,phq9_deteriorated,gad7_improved,gad7_deteriorated';
const ALERTS_CSV_HEADER = 'alert,client,kind,severity,rule,status,created_month,acknowledged_month,acknowledged_within_7_days,repaired,escalated';

const lines = (csv: string) => csv.split(/\r?\n/).filter((line) => line !== '');

/** The main numbers of one column, top row first (the first line of each cell). */
async function columnValues(page: Page, columnId: string): Promise<number[]> {
  const texts = await page.getByRole('table', { name: COMPARISON }).locator(`tbody td[data-column="${columnId}"] > span:first-child`).allTextContents();
  return texts.map((t) => Number.parseFloat(t));
}

async function rowNames(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: COMPARISON }).locator('tbody th[scope="row"] a').allTextContents();
}

test('supervisor compares both therapists, sorts, drills into one, reads a record and leaves notes', async ({ page }) => {
  test.slow(); // one long walk through the whole supervisor area, two CSV downloads included (25–32 s under load)
  await signIn(page, DEMO.supervisor.email);
  expect(pathOf(page)).toBe('/supervisor');

  await test.step('both therapists with their numbers, and the method sentence', async () => {
    const table = page.getByRole('table', { name: COMPARISON });
    for (const name of [DEMO.therapist.name, DEMO.therapist2.name]) {
      const row = table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
      await expect(row).toHaveCount(1);
      // Response rate and share below threshold as percents, alliance means to two decimals.
      await expect(row.locator('td[data-column="responseRate"]')).toContainText(/\d+ %/);
      await expect(row.locator('td[data-column="rawMean"]')).toHaveText(/^[1-5]\.\d\d$/);
      await expect(row.locator('td[data-column="estimate"]')).toContainText(/[1-5]\.\d\d[1-5]\.\d\d–[1-5]\.\d\d/);
      await expect(row.locator('td[data-column="allianceN"]')).toHaveText(/^[1-9]\d*$/);
    }
    // Two therapists are too few to estimate how much therapists differ: no pooling, said plainly.
    await expect(page.getByTestId('method-sentence')).toContainText('Too few therapists');
    await expect(page.getByTestId('method-sentence')).toContainText("intervals use each therapist's own data only");
    // Every column is explained.
    await page.locator('summary', { hasText: 'What the columns mean' }).click();
    await expect(page.getByText('Share of client WAI-SR measurements in the range')).toBeVisible();
    // The chart and its table alternative.
    await expect(page.getByRole('img', { name: new RegExp(`${DEMO.therapist.name}: estimate [1-5]\\.\\d\\d`) })).toBeVisible();
    await page.locator('summary', { hasText: 'Show the chart’s numbers as a table' }).click();
    await expect(
      page.getByRole('table', { name: /Alliance estimate, interval and number of clients/ }).getByRole('rowheader', { name: DEMO.therapist2.name }),
    ).toBeVisible();
  });

  await test.step('sort by raw mean, both ways', async () => {
    const header = page.getByRole('table', { name: COMPARISON }).getByRole('columnheader', { name: 'Raw mean' });
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', /^(ascending|descending)$/);
    const direction = await header.getAttribute('aria-sort');
    const first = await columnValues(page, 'rawMean');
    const sorted = [...first].sort((a, b) => (direction === 'ascending' ? a - b : b - a));
    expect(first).toEqual(sorted);
    const order = await rowNames(page);

    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', direction === 'ascending' ? 'descending' : 'ascending');
    expect(await columnValues(page, 'rawMean')).toEqual([...first].reverse());
    expect(await rowNames(page)).toEqual([...order].reverse());
  });

  await test.step('goal, task and bond open under a row', async () => {
    await page.getByRole('button', { name: `Subscales (goal, task, bond) for ${DEMO.therapist.name}` }).click();
    const subscales = page.getByRole('table', { name: `${DEMO.therapist.name}: alliance by subscale` });
    await expect(subscales.getByRole('rowheader', { name: /^Bond/ })).toBeVisible();
    await expect(page.getByRole('button', { name: `Subscales (goal, task, bond) for ${DEMO.therapist.name}` })).toHaveAttribute('aria-expanded', 'true');
  });

  await test.step('drill into Sam Rivera: clients and alerts', async () => {
    await page.getByRole('table', { name: COMPARISON }).getByRole('link', { name: DEMO.therapist.name, exact: true }).click();
    await expect(page).toHaveURL(/\/supervisor\/therapists\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: DEMO.therapist.name })).toBeVisible();
    const clients = page.getByRole('table', { name: `Clients of ${DEMO.therapist.name}` });
    await expect(clients.getByRole('link', { name: 'Jordan Lee' })).toBeVisible();
    await expect(clients.getByRole('link', { name: 'Taylor Brooks' })).toBeVisible();
    // Alex Morgan's clients are not here.
    await expect(clients.getByRole('link', { name: 'Jamie Fox' })).toHaveCount(0);
    const alerts = page.getByRole('list', { name: 'Alerts and their handling' });
    await expect(alerts.getByRole('listitem').first()).toBeVisible();
    await expect(alerts).toContainText('Rupture');
    await expect(alerts).toContainText('Acknowledged');
  });

  const therapistUrl = page.url();

  await test.step('a client record, read-only', async () => {
    await page
      .getByRole('table', { name: `Clients of ${DEMO.therapist.name}` })
      .getByRole('link', { name: 'Jordan Lee' })
      .click();
    await expect(page).toHaveURL(/\/supervisor\/therapists\/[0-9a-f-]{36}\/clients\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Jordan Lee' })).toBeVisible();
    await expect(page.getByTestId('read-only-notice')).toContainText('Read-only record');
    await expect(page.getByRole('region', { name: 'Profile' })).toContainText(DEMO.therapist.name);
    await expect(page.getByRole('heading', { name: /Alliance over time/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Completed measures with scores, newest first' })).toContainText('WAI-SR');
    await expect(page.getByRole('table', { name: 'Sessions, newest first' }).getByRole('row')).not.toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Treatment plans' })).toContainText('Lifting low mood and rebuilding routine');
    // No forms at all: nothing on this page can change the record.
    await expect(page.getByRole('main').locator('form')).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('textbox')).toHaveCount(0);
  });

  await test.step('a supervision note on the therapist, and one on an alert', async () => {
    await page.goto(therapistUrl);
    const text = `E2E supervision note ${randomUUID()}`;
    const form = page.getByRole('form', { name: 'Supervision note on the therapist' });
    // Too short: refused beside the field, nothing saved.
    await form.getByLabel(`Note on ${DEMO.therapist.name}`).fill('ok');
    await form.getByRole('button', { name: 'Save note' }).click();
    await expect(form.getByText('Write a note of at least 3 characters.')).toBeVisible();
    await form.getByLabel(`Note on ${DEMO.therapist.name}`).fill(text);
    await form.getByRole('button', { name: 'Save note' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Supervision note saved.' })).toBeVisible();
    await expect(form.getByLabel(`Note on ${DEMO.therapist.name}`)).toHaveValue('');
    await expect(page.getByRole('list', { name: 'Supervision notes' })).toContainText(text);

    const alertText = `E2E alert note ${randomUUID()}`;
    const firstAlert = page.getByRole('list', { name: 'Alerts and their handling' }).getByRole('listitem').first();
    await firstAlert.locator('summary').filter({ hasText: 'Note' }).click();
    await firstAlert.getByLabel('Note on this alert').fill(alertText);
    await firstAlert.getByRole('button', { name: 'Save note on alert' }).click();
    await expect(firstAlert.getByRole('status').filter({ hasText: 'Note saved on this alert.' })).toBeVisible();
    await expect(firstAlert).toContainText(alertText);
    await page.reload();
    await expect(page.getByRole('list', { name: 'Supervision notes' })).toContainText(text);
    await expect(page.getByRole('list', { name: 'Supervision notes' })).toContainText(alertText);
  });

  await test.step('alert history CSV: pseudonymised by default, and says what that protects', async () => {
    const { filename, text } = await downloadLink(page, 'Download alert history (CSV, pseudonymised)');
    expect(filename).toMatch(/^rapport-alert-history-pseudonymised-\d{4}-\d\d-\d\d\.csv$/);
    const [note, ...rows] = lines(text);
    expect(note).toMatch(/^# Pseudonymised .*keyed pseudonyms.*NOT anonymous/);
    expect(rows[0]).toBe(ALERTS_CSV_HEADER);
    expect(rows.length).toBeGreaterThan(1);
    for (const name of DEMO_CLIENT_NAMES) expect(text, `"${name}" in the pseudonymised CSV`).not.toContain(name);
    for (const row of rows.slice(1)) expect(row).toMatch(/^A-[0-9a-f]{10},C-[0-9a-f]{10},[a-z_]+,(info|warning|urgent),/);
    // Months, not days.
    expect(text).not.toMatch(/\d{4}-\d\d-\d\d/);
  });

  await test.step('alert history CSV: identified on request', async () => {
    const { filename, text } = await downloadLink(page, 'Download identified alert history (CSV, with client names)');
    expect(filename).toMatch(/^rapport-alert-history-IDENTIFIED-/);
    expect(lines(text)[0]).toContain('created_at');
    expect(text).toMatch(/Jordan Lee|Taylor Brooks|Morgan Ellis|Casey Nguyen|Riley Adams/);
  });

  await test.step('the comparison table as CSV, for the range in the URL', async () => {
    await page.goto('/supervisor?from=2026-01-01&to=2026-12-31');
    await expect(page.getByTestId('range-summary')).toContainText('1 Jan 2026');
    const { filename, text } = await downloadLink(page, 'Download table (CSV)');
    expect(filename).toBe('rapport-supervisor-2026-01-01-to-2026-12-31.csv');
    const rows = lines(text);
    expect(rows[0]).toBe(SUPERVISOR_CSV_HEADER);
    expect(
      rows
        .slice(1)
        .map((r) => r.split(',')[0])
        .sort(),
    ).toEqual([DEMO.therapist2.name, DEMO.therapist.name].sort());
  });
});

test('the date range comes from the URL and the form keeps it there', async ({ page }) => {
  await signIn(page, DEMO.supervisor.email);
  const range = page.getByRole('form', { name: 'Date range' });
  await range.getByLabel('From', { exact: true }).fill('2026-02-01');
  await range.getByLabel('To', { exact: true }).fill('2026-02-28');
  await range.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/\/supervisor\?from=2026-02-01&to=2026-02-28$/);
  await expect(page.getByTestId('range-summary')).toContainText('1 Feb 2026');
  await expect(page.getByTestId('range-summary')).toContainText('28 Feb 2026 (28 days)');
  await expect(page.getByRole('link', { name: 'Download table (CSV)' })).toHaveAttribute('href', '/supervisor/export?from=2026-02-01&to=2026-02-28');
  // Unreadable dates fall back to the default range, and say so.
  await page.goto('/supervisor?from=yesterday');
  await expect(page.getByText('could not be read')).toBeVisible();
  await expect(page.getByRole('table', { name: COMPARISON })).toBeVisible();
});

test('out of scope: 404 for a therapist not supervised, and for a client under the wrong therapist', async ({ page }) => {
  await signIn(page, DEMO.supervisor.email);
  for (const id of [randomUUID(), 'not-a-uuid']) {
    const response = await page.goto(`/supervisor/therapists/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole('heading', { name: NOT_FOUND_TEXT })).toBeVisible();
    const exported = await page.request.get(`/supervisor/therapists/${id}/export`);
    expect(exported.status(), `${id} export`).toBe(404);
  }

  // Real ids: Sam Rivera's page, and one of Alex Morgan's clients.
  await page.goto('/supervisor');
  const table = page.getByRole('table', { name: COMPARISON });
  const samHref = await table.getByRole('link', { name: DEMO.therapist.name, exact: true }).getAttribute('href');
  const alexHref = await table.getByRole('link', { name: DEMO.therapist2.name, exact: true }).getAttribute('href');
  await page.goto(alexHref!);
  const jamieHref = await page
    .getByRole('table', { name: `Clients of ${DEMO.therapist2.name}` })
    .getByRole('link', { name: 'Jamie Fox' })
    .getAttribute('href');
  expect(jamieHref).toMatch(/^\/supervisor\/therapists\/[0-9a-f-]{36}\/clients\/[0-9a-f-]{36}$/);
  const own = await page.goto(jamieHref!);
  expect(own?.status()).toBe(200);

  // The same client under the other therapist's URL is not a page, though this supervisor supervises both.
  const jamieId = jamieHref!.split('/').pop()!;
  const crossed = await page.goto(`${samHref}/clients/${jamieId}`);
  expect(crossed?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: NOT_FOUND_TEXT })).toBeVisible();
  await expect(page.getByText('Jamie Fox')).toHaveCount(0);
  const unknownClient = await page.goto(`${samHref}/clients/${randomUUID()}`);
  expect(unknownClient?.status()).toBe(404);
});

test('a therapist gets 403 on the supervisor area and its exports', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  const response = await page.goto('/supervisor');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: FORBIDDEN_TEXT })).toBeVisible();
  await expect(page.getByText(DEMO.therapist2.name)).toHaveCount(0);
  const exported = await page.request.get('/supervisor/export');
  expect(exported.status()).toBe(403);
  expect(await exported.text()).not.toContain(DEMO.therapist2.name);
});
