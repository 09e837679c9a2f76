import { DEMO, FORBIDDEN_TEXT, expect, pathOf, signIn, signedInPage, test } from './helpers';
import type { Page } from '@playwright/test';

/*
 * Journey: the clinic admin changes a setting and finds it saved; an invalid value is explained
 * beside its field and nothing is saved; local norms say plainly when there is not enough data;
 * other roles get 403. The demo clinic's settings are shared, so every change here is undone.
 */

// These tests read and write the same demo settings: one at a time.
test.describe.configure({ mode: 'serial' });

const EXPIRY = 'Days before an assignment expires';

async function openSettings(page: Page): Promise<void> {
  await signIn(page, DEMO.admin.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL((url) => url.pathname === '/admin/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Clinic settings' })).toBeVisible();
}

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Settings saved \(1 change\)/ })).toBeVisible();
}

test('admin changes the assignment expiry, sees it after a reload, and restores it', async ({ page }) => {
  await openSettings(page);
  for (const section of ['Alliance alerts', 'Outcome change', 'Measurement schedule', 'Portal & crisis text', 'Risk escalation', 'Local norms']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  const expiry = page.getByLabel(EXPIRY);
  const original = await expiry.inputValue();
  expect(original).toMatch(/^\d+$/);
  const changed = original === '9' ? '10' : '9';

  await expiry.fill(changed);
  await save(page);
  await page.reload();
  await expect(page.getByLabel(EXPIRY)).toHaveValue(changed);
  await expect(page.getByText(/^Version \d+, saved .* by Robin Okafor$/)).toBeVisible();

  // Put the shared demo clinic back as it was.
  await page.getByLabel(EXPIRY).fill(original);
  await save(page);
  await page.reload();
  await expect(page.getByLabel(EXPIRY)).toHaveValue(original);
});

test('an invalid value shows an inline error and nothing is saved', async ({ page }) => {
  await openSettings(page);
  const expiry = page.getByLabel(EXPIRY);
  const original = await expiry.inputValue();
  const header = await page.getByRole('heading', { level: 1 }).locator('..').innerText();

  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  await expiry.fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const message = 'Enter a whole number of days between 1 and 60.';
  await expect(page.getByText(message)).toBeVisible();
  await expect(expiry).toHaveAttribute('aria-invalid', 'true');
  await expect(expiry).toHaveAccessibleDescription(new RegExp(message.replace(/\./g, '\\.')));
  await expect(expiry).toBeFocused();

  await expiry.fill('61');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(message)).toBeVisible();
  expect(posts, 'no save request was sent').toEqual([]);

  await page.reload();
  await expect(page.getByLabel(EXPIRY)).toHaveValue(original);
  expect(await page.getByRole('heading', { level: 1 }).locator('..').innerText()).toBe(header);
});

test('local norms on the demo clinic: not enough data yet, on a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await openSettings(page);
  const norms = page.getByRole('region', { name: 'Local norms' });
  await norms.getByRole('button', { name: "Compute from this clinic's data" }).click();
  await expect(norms.getByText(/^Not enough data yet: \d+ of 50 clients\.$/)).toBeVisible();
  const text = await norms.getByText(/^Not enough data yet/).innerText();
  const [, have] = /(\d+) of 50/.exec(text)!;
  expect(Number(have)).toBeLessThan(50);
  await expect(norms.getByRole('button', { name: 'Adopt these thresholds' })).toHaveCount(0);
  await expect(norms.getByText('No thresholds have been adopted yet.')).toBeVisible();
  // Nothing wider than the phone: tables scroll inside their own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});

test('when another admin saved first, the edits stay in the form beside theirs, and saving again works', async ({ browser }) => {
  const mine = await signedInPage(browser, DEMO.admin.email);
  const theirs = await signedInPage(browser, DEMO.admin.email);
  for (const { page } of [mine, theirs]) await page.goto('/admin/settings');
  const HOURS = 'Hours before an urgent alert escalates';
  const originalExpiry = await mine.page.getByLabel(EXPIRY).inputValue();
  const originalHours = await mine.page.getByLabel(HOURS).inputValue();
  // Within the 1–24 hours the form allows.
  const otherHours = originalHours === '6' ? '8' : '6';
  const myExpiry = originalExpiry === '9' ? '10' : '9';

  // They save first…
  await theirs.page.getByLabel(HOURS).fill(otherHours);
  await save(theirs.page);

  // …so my save is refused, my edit stays, and the field I did not touch now shows their value.
  await mine.page.getByLabel(EXPIRY).fill(myExpiry);
  await mine.page.getByRole('button', { name: 'Save settings' }).click();
  const conflict = mine.page.getByRole('alert').filter({ hasText: 'saved by someone else first' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText(HOURS);
  await expect(mine.page.getByLabel(EXPIRY)).toHaveValue(myExpiry);
  await expect(mine.page.getByLabel(HOURS)).toHaveValue(otherHours);

  await save(mine.page);
  await mine.page.reload();
  await expect(mine.page.getByLabel(EXPIRY)).toHaveValue(myExpiry);
  await expect(mine.page.getByLabel(HOURS)).toHaveValue(otherHours);

  // Put the shared demo clinic back as it was.
  await mine.page.getByLabel(EXPIRY).fill(originalExpiry);
  await mine.page.getByLabel(HOURS).fill(originalHours);
  await mine.page.getByRole('button', { name: 'Save settings' }).click();
  await expect(mine.page.getByRole('status').filter({ hasText: /Settings saved \(2 changes\)/ })).toBeVisible();
  await mine.context.close();
  await theirs.context.close();
});

test('a therapist gets 403 on /admin/settings', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  const response = await page.goto('/admin/settings');
  expect(response?.status()).toBe(403);
  expect(pathOf(page)).toBe('/admin/settings');
  await expect(page.getByRole('heading', { name: FORBIDDEN_TEXT })).toBeVisible();
  await expect(page.getByText('Local norms')).toHaveCount(0);
});
