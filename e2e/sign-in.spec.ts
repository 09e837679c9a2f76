import { DEMO, DEMO_PASSWORD, SIGN_IN_ERROR, expect, pathOf, signIn, test } from './helpers';

/* Journey: each demo account signs in through the login form and lands on its own home. */

test.describe('demo accounts sign in to their home', () => {
  test('therapist sees their caseload', async ({ page }) => {
    await signIn(page, DEMO.therapist.email);
    await expect(page).toHaveURL(/\/therapist$/);
    await expect(page.getByRole('heading', { level: 1, name: 'My caseload' })).toBeVisible();
    const caseload = page.getByRole('table', { name: 'Clients in my caseload' });
    for (const name of ['Jordan Lee', 'Taylor Brooks', 'Morgan Ellis', 'Casey Nguyen', 'Riley Adams']) {
      await expect(caseload.getByRole('link', { name })).toBeVisible();
    }
    // therapist2's clients are not shared.
    await expect(caseload.getByRole('link', { name: 'Jamie Fox' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('second therapist sees only their own caseload', async ({ page }) => {
    await signIn(page, DEMO.therapist2.email);
    await expect(page).toHaveURL(/\/therapist$/);
    const caseload = page.getByRole('table', { name: 'Clients in my caseload' });
    for (const name of ['Jamie Fox', 'Avery Kim', 'Drew Patel', 'Quinn Harper']) {
      await expect(caseload.getByRole('link', { name })).toBeVisible();
    }
    await expect(caseload.getByRole('link', { name: 'Jordan Lee' })).toHaveCount(0);
  });

  test('client sees the forms waiting for them', async ({ page }) => {
    await signIn(page, DEMO.client.email);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Hello, Jordan Lee' })).toBeVisible();
    const forms = page.getByRole('region', { name: 'Forms waiting for you' });
    await expect(forms.getByRole('heading', { name: 'Forms waiting for you' })).toBeVisible();
    await expect(forms.getByRole('listitem').first()).toBeVisible();
    expect(await forms.getByRole('listitem').count()).toBeGreaterThanOrEqual(1);
    await expect(page.getByRole('region', { name: 'My treatment plan' })).toContainText('Lifting low mood and rebuilding routine');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('supervisor sees both supervised therapists', async ({ page }) => {
    await signIn(page, DEMO.supervisor.email);
    await expect(page).toHaveURL(/\/supervisor$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Therapists I supervise' })).toBeVisible();
    const table = page.getByRole('table', { name: /Supervised therapists compared/ });
    await expect(table.getByRole('link', { name: DEMO.therapist.name, exact: true })).toBeVisible();
    await expect(table.getByRole('link', { name: DEMO.therapist2.name, exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('admin sees the accounts of the clinic', async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Accounts of this clinic' });
    for (const account of Object.values(DEMO)) {
      await expect(table.getByRole('cell', { name: account.email, exact: true })).toBeVisible();
    }
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });
});

test.describe('refused sign-in', () => {
  test('a wrong password shows the error and stays on /login', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(DEMO.admin.email);
    await page.getByLabel('Password').fill('not-the-demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: SIGN_IN_ERROR });
    await expect(alert).toBeVisible();
    expect(pathOf(page)).toBe('/login');
    // Still not signed in.
    await page.goto('/admin');
    expect(pathOf(page)).toBe('/login');
  });

  test('an unknown email shows the same message as a wrong password', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(DEMO.therapist.email);
    await page.getByLabel('Password').fill('not-the-demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const wrongPassword = page.getByRole('alert').filter({ hasText: SIGN_IN_ERROR });
    await expect(wrongPassword).toBeVisible();
    const wrongPasswordText = (await wrongPassword.textContent())?.trim();

    await page.goto('/login');
    await page.getByLabel('Email').fill('nobody-here@demo.clinic');
    await page.getByLabel('Password').fill('not-the-demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const unknown = page.getByRole('alert').filter({ hasText: SIGN_IN_ERROR });
    await expect(unknown).toBeVisible();
    expect((await unknown.textContent())?.trim()).toBe(wrongPasswordText);
    expect(pathOf(page)).toBe('/login');
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('the login form fits a 375 px screen and signs in', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    for (const control of [page.getByLabel('Email'), page.getByLabel('Password'), page.getByRole('button', { name: 'Sign in' })]) {
      await expect(control).toBeInViewport();
    }
    await signIn(page, DEMO.client.email);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole('heading', { name: 'Forms waiting for you' })).toBeVisible();
  });
});

test.describe('signing in returns to the page asked for', () => {
  test('a signed-out visit to a page comes back to it (with its query) after sign-in', async ({ page }) => {
    await page.goto('/admin/audit?action=auth.');
    expect(pathOf(page)).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/audit?action=auth.');
    await page.getByLabel('Email').fill(DEMO.admin.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/audit');
    expect(new URL(page.url()).searchParams.get('action')).toBe('auth.');
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  });

  test('another role’s page, or a path off this site, lands on the role’s home instead', async ({ page }) => {
    await page.goto('/login?next=/admin/audit');
    await signIn(page, DEMO.therapist.email);
    expect(pathOf(page)).toBe('/therapist');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    for (const next of ['//example.org/therapist', '/\\example.org', 'https://example.org/', '/%2F%2Fexample.org']) {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await signIn(page, DEMO.therapist.email);
      expect(new URL(page.url()).hostname, next).toBe('127.0.0.1');
      expect(pathOf(page), next).toBe('/therapist');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
    }
  });
});

test('the site has an icon: /favicon.ico and the linked icon load without signing in', async ({ page }) => {
  const favicon = await page.request.get('/favicon.ico', { maxRedirects: 0 });
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toMatch(/image\//);

  await page.goto('/login');
  const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute('href');
  expect(href).toBeTruthy();
  const icon = await page.request.get(href!, { maxRedirects: 0 });
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});
