import { randomUUID } from 'node:crypto';
import { AREAS, DEMO, FORBIDDEN_TEXT, NOT_FOUND_TEXT, expect, pathOf, signIn, signedInPage, test, type DemoKey } from './helpers';

/*
 * Journey: who may open which page. Not signed in → /login; another role's area → 403; a client
 * record outside the therapist's caseload → 404 (never reveal that it exists).
 */

test.describe('not signed in', () => {
  // A fixed id: test titles must be the same in every worker process.
  for (const path of [...AREAS, '/therapist/clients/3f2b8c1e-7d4a-4e9b-9c6f-0a1b2c3d4e5f', '/account/password', '/']) {
    test(`${path} redirects to /login`, async ({ page }) => {
      await page.goto(path);
      expect(pathOf(page)).toBe('/login');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    });
  }
});

const ROLES: DemoKey[] = ['therapist', 'client', 'supervisor', 'admin'];

test.describe('signed in: each role keeps to its own area', () => {
  for (const key of ROLES) {
    const account = DEMO[key];
    test(`${key}: / goes home, other areas answer 403`, async ({ page }) => {
      await signIn(page, account.email);
      expect(pathOf(page)).toBe(account.home);

      await page.goto('/');
      expect(pathOf(page)).toBe(account.home);

      for (const area of AREAS.filter((a) => a !== account.home)) {
        await test.step(area, async () => {
          const response = await page.goto(area);
          expect(response?.status(), `${account.email} → ${area}`).toBe(403);
          expect(pathOf(page)).toBe(area);
          await expect(page.getByRole('heading', { name: FORBIDDEN_TEXT })).toBeVisible();
          await expect(page.getByText('Jordan Lee')).toHaveCount(0);
        });
      }
    });
  }
});

test.describe('client records', () => {
  test("a therapist gets 404 on another therapist's client, and on an unknown id", async ({ browser }) => {
    // therapist2's own caseload gives a real id of a client that therapist@ does not treat.
    const other = await signedInPage(browser, DEMO.therapist2.email);
    const link = other.page.getByRole('table', { name: 'Clients in my caseload' }).getByRole('link', { name: 'Jamie Fox' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/therapist\/clients\/[0-9a-f-]{36}$/);
    const ownResponse = await other.page.goto(href!);
    expect(ownResponse?.status()).toBe(200);
    await expect(other.page.getByRole('heading', { level: 1, name: 'Jamie Fox' })).toBeVisible();
    await other.context.close();

    const mine = await signedInPage(browser, DEMO.therapist.email);
    const response = await mine.page.goto(href!);
    expect(response?.status()).toBe(404);
    await expect(mine.page.getByRole('heading', { name: NOT_FOUND_TEXT })).toBeVisible();
    await expect(mine.page.getByText('Jamie Fox')).toHaveCount(0);

    for (const id of [randomUUID(), 'not-a-uuid']) {
      const unknown = await mine.page.goto(`/therapist/clients/${id}`);
      expect(unknown?.status(), id).toBe(404);
      await expect(mine.page.getByRole('heading', { name: NOT_FOUND_TEXT })).toBeVisible();
    }
    await mine.context.close();
  });

  test('supervisor, client and admin get 403 on a therapist client URL', async ({ browser }) => {
    test.slow(); // four sign-ins in turn, each an argon2 hash and a home page
    const therapist = await signedInPage(browser, DEMO.therapist.email);
    const href = await therapist.page.getByRole('table', { name: 'Clients in my caseload' }).getByRole('link', { name: 'Jordan Lee' }).getAttribute('href');
    expect(href).toMatch(/^\/therapist\/clients\/[0-9a-f-]{36}$/);
    await therapist.context.close();

    for (const key of ['supervisor', 'client', 'admin'] as const) {
      await test.step(key, async () => {
        const { context, page } = await signedInPage(browser, DEMO[key].email);
        const response = await page.goto(href!);
        expect(response?.status(), `${key} → ${href}`).toBe(403);
        await expect(page.getByRole('heading', { name: FORBIDDEN_TEXT })).toBeVisible();
        await expect(page.getByText('Date of birth')).toHaveCount(0);
        await context.close();
      });
    }
  });
});
