import type { Locator, Page } from '@playwright/test';
import { DEMO, expect, signIn, test } from './helpers';

/*
 * Journey: the therapist's caseload is a server-side table whose state is the URL — sorting and
 * filtering change the URL, survive a reload, and Back returns to the previous view — and a
 * client's record charts the seeded history. Read-only: other specs run on the same database at
 * the same time, so nothing here writes, and counts are compared within one page.
 */

const CAPTION = 'Clients in my caseload';
// Columns of the caseload table (0: the client's name, a row header).
const ALLIANCE_COLUMN = 4;
const ALERTS_COLUMN = 7;

function caseload(page: Page): Locator {
  return page.getByRole('table', { name: CAPTION });
}

async function names(page: Page): Promise<string[]> {
  return caseload(page).getByRole('rowheader').allInnerTexts();
}

/** The text of one column, row by row. */
async function column(page: Page, index: number): Promise<string[]> {
  return caseload(page)
    .locator('tbody tr')
    .evaluateAll((rows, i) => rows.map((row) => (row as HTMLTableRowElement).cells[i]?.textContent?.trim() ?? ''), index);
}

/** Alliance means as numbers (a missing one sorts last). */
async function allianceValues(page: Page): Promise<number[]> {
  return (await column(page, ALLIANCE_COLUMN)).map((text) => (/^\d\.\d\d/.test(text) ? Number(text.slice(0, 4)) : Number.NaN));
}

function header(page: Page, name: RegExp): Locator {
  return caseload(page).getByRole('columnheader', { name });
}

test('sorting and filtering live in the URL, survive a reload, and Back returns to the previous view', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  await expect(page).toHaveURL(/\/therapist$/);
  await expect(header(page, /^Client/)).toHaveAttribute('aria-sort', 'ascending');
  const byName = await names(page);
  expect(byName.length).toBeGreaterThanOrEqual(5);
  const allRows = byName.length;

  await test.step('sort by alliance: the URL says so and the order changes, weakest alliance first', async () => {
    await header(page, /^Alliance/)
      .getByRole('link')
      .click();
    await expect(page).toHaveURL(/[?&]sort=alliance(&|$)/);
    await expect(header(page, /^Alliance/)).toHaveAttribute('aria-sort', 'ascending');
    await expect(header(page, /^Client/)).not.toHaveAttribute('aria-sort', /.+/);
    const values = (await allianceValues(page)).filter((v) => !Number.isNaN(v));
    expect(values.length).toBeGreaterThanOrEqual(5);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(await names(page)).not.toEqual(byName);
  });

  await test.step('the same header again reverses it', async () => {
    await header(page, /^Alliance/)
      .getByRole('link')
      .click();
    await expect(page).toHaveURL(/[?&]sort=alliance&dir=desc(&|$)/);
    await expect(header(page, /^Alliance/)).toHaveAttribute('aria-sort', 'descending');
    const values = (await allianceValues(page)).filter((v) => !Number.isNaN(v));
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });
  const sortedDesc = await names(page);

  await test.step('filter "has open alert": the URL has alerts=1 and keeps the sort', async () => {
    const filters = page.getByRole('form', { name: 'Filter clients' });
    await filters.getByLabel('Has open alert').check();
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/[?&]alerts=1(&|$)/);
    expect(page.url()).toMatch(/[?&]sort=alliance(&|$)/);
    expect(page.url()).toMatch(/[?&]dir=desc(&|$)/);
    await expect(header(page, /^Alliance/)).toHaveAttribute('aria-sort', 'descending');
  });
  const filteredUrl = page.url();
  const filtered = await names(page);
  const alertCells = await column(page, ALERTS_COLUMN);
  // The demo history leaves at least one rupture open; every row shown has an open alert.
  expect(filtered.length).toBeGreaterThanOrEqual(1);
  for (const cell of alertCells) expect(cell).toMatch(/\d+ open/);

  await test.step('a reload shows the same view', async () => {
    await page.reload();
    expect(page.url()).toBe(filteredUrl);
    await expect(page.getByRole('form', { name: 'Filter clients' }).getByLabel('Has open alert')).toBeChecked();
    await expect(header(page, /^Alliance/)).toHaveAttribute('aria-sort', 'descending');
    expect(await names(page)).toEqual(filtered);
  });

  await test.step('Back returns to the previous views, one at a time', async () => {
    await page.goBack();
    await expect(page).not.toHaveURL(/alerts=1/);
    await expect(page).toHaveURL(/[?&]sort=alliance&dir=desc(&|$)/);
    await expect(page.getByRole('form', { name: 'Filter clients' }).getByLabel('Has open alert')).not.toBeChecked();
    await expect(caseload(page).getByRole('rowheader')).toHaveCount(allRows);
    expect(await names(page)).toEqual(sortedDesc);
    await page.goBack();
    await expect(page).toHaveURL(/[?&]sort=alliance$/);
    await expect(header(page, /^Alliance/)).toHaveAttribute('aria-sort', 'ascending');
  });
});

test('search, page size and empty results are views of their own', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  const filters = page.getByRole('form', { name: 'Filter clients' });

  await filters.getByLabel('Search by name').fill('lee');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]q=lee(&|$)/);
  await expect(caseload(page).getByRole('rowheader')).toHaveText(['Jordan Lee']);

  await page.getByRole('navigation', { name: 'Rows per page' }).getByRole('link', { name: '10 rows per page' }).click();
  await expect(page).toHaveURL(/[?&]size=10(&|$)/);
  expect(page.url()).toMatch(/[?&]q=lee(&|$)/);
  await expect(page.getByRole('navigation', { name: 'Rows per page' }).getByRole('link', { name: '10 rows per page' })).toHaveAttribute('aria-current', 'true');

  await page.goto('/therapist?q=nobody-by-this-name');
  await expect(page.getByText('No clients match these filters.')).toBeVisible();
  await expect(caseload(page)).toHaveCount(0);
  await page.getByRole('link', { name: 'Clear filters' }).first().click();
  await expect(page).toHaveURL(/\/therapist$/);
  await expect(caseload(page).getByRole('link', { name: 'Jordan Lee' })).toBeVisible();

  // A hand-edited URL with nonsense in it still shows a caseload (defaults for what is wrong).
  await page.goto('/therapist?sort=evil&page=-3&size=7&alerts=maybe');
  await expect(header(page, /^Client/)).toHaveAttribute('aria-sort', 'ascending');
  await expect(caseload(page).getByRole('link', { name: 'Jordan Lee' })).toBeVisible();
});

test('the client record of Jordan Lee charts the seeded history, with the numbers in tables', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  await caseload(page).getByRole('link', { name: 'Jordan Lee' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jordan Lee' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Treatment plans' })).toHaveAttribute('href', /\/therapist\/clients\/[0-9a-f-]{36}\/plans$/);

  const progress = page.getByRole('region', { name: 'Alliance and outcomes' });
  const overall = progress.getByRole('region', { name: /^Alliance over time/ });
  // The seeded ratings, counted in the chart's own table (the Measures list shows a page at a time).
  await overall.getByText('Show alliance ratings as a table').click();
  const ratings = overall.getByRole('table', { name: /Alliance ratings/ });
  const ratedBy = (who: string) => ratings.getByRole('row').filter({ has: page.getByRole('cell', { name: who, exact: true }) });
  const waiClient = await ratedBy('Client').count();
  const waiTherapist = await ratedBy('Therapist').count();
  expect(waiClient).toBeGreaterThanOrEqual(10);
  expect(waiTherapist).toBeGreaterThanOrEqual(10);
  const outcomeCount = async (name: string) => {
    const figure = progress.getByRole('region', { name: new RegExp(`\\(${name}`) });
    await figure.getByText(`Show ${name} results as a table`).click();
    return figure
      .getByRole('table', { name: `${name} results, oldest first` })
      .locator('tbody tr')
      .count();
  };
  const phq9 = await outcomeCount('PHQ-9');
  const gad7 = await outcomeCount('GAD-7');
  expect(phq9).toBeGreaterThanOrEqual(3);

  await test.step('the charts hold every stored response, as the paged Measures list counts them', async () => {
    await expect(page.getByRole('region', { name: 'Response history' })).toContainText(`of ${waiClient + waiTherapist + phq9 + gad7} responses`);
    await expect(page.getByRole('table', { name: 'Completed measures, newest first' }).getByRole('rowheader')).toHaveCount(10);
  });

  await test.step('the alliance chart draws every client and therapist rating', async () => {
    await expect(overall).toContainText(`${waiClient} client ratings from`);
    await expect(overall.locator('.recharts-line-dot[name="Client"]')).toHaveCount(waiClient);
    await expect(overall.locator('.recharts-line-dot[name="Therapist"]')).toHaveCount(waiTherapist);
    for (const subscale of ['Goal', 'Task', 'Bond']) {
      await expect(progress.getByRole('region', { name: new RegExp(`^${subscale} \\(`) }).locator('.recharts-line-dot[name="Client"]')).toHaveCount(waiClient);
    }
  });

  await test.step('PHQ-9 and GAD-7: drawn on their bands, with the same points in tables', async () => {
    for (const [name, count] of [
      ['PHQ-9', phq9],
      ['GAD-7', gad7],
    ] as const) {
      const figure = progress.getByRole('region', { name: new RegExp(`\\(${name}`) });
      await expect(figure.locator('.recharts-line-dot')).toHaveCount(count);
      await expect(figure.locator('.recharts-reference-area')).not.toHaveCount(0);
      const table = figure.getByRole('table', { name: `${name} results, oldest first` });
      await expect(table.locator('tbody tr')).toHaveCount(count);
      await expect(table.locator('tbody tr').first()).toContainText('Intake');
    }
  });

  await test.step('older responses are a page link away (a plain link: the page is in the URL)', async () => {
    const total = waiClient + waiTherapist + phq9 + gad7;
    await page.getByRole('navigation', { name: 'Response history pages' }).getByRole('link', { name: 'Page 2' }).click();
    await expect(page).toHaveURL(/\?history=2#measures$/);
    await expect(page.getByRole('region', { name: 'Response history' })).toContainText(`Showing 11–${Math.min(20, total)} of ${total} responses`);
    await expect(page.getByRole('table', { name: 'Completed measures, newest first' }).getByRole('rowheader')).toHaveCount(Math.min(10, total - 10));
  });
});
