import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { DEMO, DEMO_CLINIC_NAME, expect, signIn, test } from './helpers';

/*
 * Journey: a therapist brings a new client into the portal without an admin — adds the client,
 * records their first session (so a PHQ-9 is waiting), creates a one-time invitation link and
 * copies it; the client opens it in their own browser, sets a password, lands in the portal and
 * sees the pending form; the link then no longer works. The client is new and therapist2@'s, so
 * nothing shared changes. Needs PostgreSQL like the other journeys that create records.
 */

// Long, uncommon, and free of the client's name and email (the password policy).
const PASSWORD = 'amber-quartz-meadow-58';
const PHONE = { width: 375, height: 740 };

/**
 * Where the browser wrapped the text of `selector`: each line break as the two characters either side
 * of it ("t|r" would be a break inside a word).
 */
async function lineBreaks(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluate((element) => {
    const full = element.textContent ?? '';
    const breaks: string[] = [];
    let offset = 0;
    let lastTop: number | null = null;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.width > 0 && text[i] !== ' ') {
          if (lastTop !== null && rect.top > lastTop + 4) breaks.push(`${full[offset + i - 1]}|${full[offset + i]}`);
          lastTop = rect.top;
        }
      }
      offset += text.length;
    }
    return breaks;
  });
}

async function addClient(page: Page, values: { first: string; last: string; email?: string }) {
  await page.goto('/therapist');
  await page.getByRole('link', { name: 'Add client' }).click();
  await expect(page).toHaveURL(/\/therapist\/clients\/new$/);
  const form = page.getByRole('form', { name: 'Add a client' });
  await form.getByLabel('First name').fill(values.first);
  await form.getByLabel('Last name').fill(values.last);
  if (values.email) await form.getByLabel('Email (optional)').fill(values.email);
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(page).toHaveURL(/\/therapist\/clients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: `${values.first} ${values.last}` })).toBeVisible();
}

test.describe('portal invitations', () => {
  test('therapist invites a new client; the link sets a password, opens the portal, and works only once', async ({ page, browser, context }) => {
    test.slow(); // two people, three browsers, one link replaced on the way
    const tag = randomUUID().slice(0, 8);
    // Long enough, and without hyphens, to need wrapping on a phone: it must break at the @ or a dot.
    const client = { first: 'Robin', last: `Invitee${tag}`, email: `robin.invitee.${tag}@fixture-clinic.test` };
    await signIn(page, DEMO.therapist2.email);

    await test.step('the add-client form validates, then opens the new record', async () => {
      await page.goto('/therapist/clients/new');
      const form = page.getByRole('form', { name: 'Add a client' });
      await form.getByLabel('Email (optional)').fill('not-an-email');
      await form.getByRole('button', { name: 'Add client' }).click();
      await expect(form.getByLabel('First name')).toHaveAccessibleDescription('Enter the first name.');
      await expect(form.getByLabel('Email (optional)')).toHaveAttribute('aria-invalid', 'true');
      await addClient(page, client);
      await expect(page.getByRole('region', { name: 'Profile' })).toContainText('Portal accountNot invited yet');
      await expect(page.getByRole('region', { name: 'Alliance and outcomes' })).toContainText('No measures yet');
    });

    await test.step('an attended session creates the first PHQ-9 and GAD-7', async () => {
      const form = page.getByRole('form', { name: 'Record a session' });
      await expect(form.getByLabel('Date and time')).not.toHaveValue('');
      await form.getByRole('radio', { name: 'Attended' }).check();
      await form.getByRole('button', { name: 'Record session' }).click();
      await expect(form.getByRole('status')).toHaveText('Session 1 recorded. Measures created: PHQ-9 (client), GAD-7 (client).');
    });

    let link = '';
    await test.step('the invitation shows a one-time link to copy, its expiry, and that it was not emailed', async () => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const invite = page.getByRole('region', { name: 'Invite to the portal' });
      await expect(invite).toContainText(client.email);
      await invite.getByRole('button', { name: 'Create invitation link' }).click();
      const created = invite.getByRole('status').filter({ hasText: 'Invitation link created.' });
      await expect(created).toBeVisible();
      await expect(created).toContainText('Expires');
      await expect(created).toContainText('Not emailed');
      link = await invite.getByLabel('One-time invitation link').inputValue();
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]{40,}$/);
      await invite.getByRole('button', { name: 'Copy link' }).click();
      await expect(invite.getByText('Copied to the clipboard.')).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    });

    await test.step('after a reload the record still shows the open invitation (not the link) and can replace it', async () => {
      const first = link;
      await page.reload();
      await expect(page.getByRole('region', { name: 'Profile' })).toContainText('Portal accountInvited, not accepted yet (link expires');
      const invite = page.getByRole('region', { name: 'Invite to the portal' });
      const open = invite.getByRole('group', { name: 'Open invitation' });
      await expect(open).toContainText('An invitation is waiting to be used.');
      await expect(open).toContainText('Created');
      await expect(open).toContainText('expires');
      await expect(invite.getByLabel('One-time invitation link')).toHaveCount(0);
      await expect(invite.getByRole('button', { name: 'Create invitation link' })).toHaveCount(0);
      const replace = invite.getByRole('button', { name: 'Send a new link' });
      await expect(replace).toHaveAccessibleDescription(/replaces the old one: the earlier link stops working/);
      await replace.click();
      await expect(invite.getByRole('status').filter({ hasText: 'Invitation link created.' })).toBeVisible();
      link = await invite.getByLabel('One-time invitation link').inputValue();
      expect(link).not.toBe(first);
      const stale = await browser.newContext();
      const stalePage = await stale.newPage();
      await stalePage.goto(first);
      await expect(stalePage.getByRole('heading', { level: 1, name: 'This invitation link is not valid' })).toBeVisible();
      await stale.close();
    });

    await test.step('in the client’s own browser (a phone) the link names the clinic and therapist and asks for a password for their email only', async () => {
      const clientContext = await browser.newContext({ viewport: PHONE });
      const clientPage = await clientContext.newPage();
      await clientPage.goto(link);
      await expect(clientPage.getByRole('heading', { level: 1, name: `Set a password for ${client.email}` })).toBeVisible();
      await expect(clientPage.getByText(client.last)).toHaveCount(0);
      await expect(clientPage.getByText(`${DEMO.therapist2.name} at ${DEMO_CLINIC_NAME} has invited you`)).toBeVisible();
      await expect(clientPage.getByText('with this email address and the password you choose here.')).toBeVisible();
      // The address wraps at the @, a hyphen or before a dot, never between two letters of a word.
      const breaks = await lineBreaks(clientPage, 'h1');
      expect(breaks.length).toBeGreaterThan(0);
      for (const at of breaks) expect(at, `line breaks ${JSON.stringify(breaks)}`).toMatch(/^([ @-]\|.|.\|\.)$/);
      expect(await clientPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const form = clientPage.getByRole('form', { name: 'Set your password' });

      await form.getByLabel('New password').fill(PASSWORD);
      await form.getByLabel('Repeat the password').fill(`${PASSWORD}x`);
      await form.getByRole('button', { name: 'Set password and sign in' }).click();
      await expect(form.getByLabel('Repeat the password')).toHaveAccessibleDescription('The two passwords do not match.');

      // The common-password check runs on the server.
      await form.getByLabel('New password').fill('password1234');
      await form.getByLabel('Repeat the password').fill('password1234');
      await form.getByRole('button', { name: 'Set password and sign in' }).click();
      await expect(form.getByText(/too common/)).toBeVisible();

      await form.getByLabel('New password').fill(PASSWORD);
      await form.getByLabel('Repeat the password').fill(PASSWORD);
      await form.getByRole('button', { name: 'Set password and sign in' }).click();
      await clientPage.waitForURL((url) => url.pathname === '/portal');
      await expect(clientPage.getByRole('heading', { level: 1, name: `Hello, ${client.first} ${client.last}` })).toBeVisible();
      const forms = clientPage.getByRole('region', { name: 'Forms waiting for you' });
      await expect(forms.getByRole('listitem').filter({ hasText: 'PHQ-9' })).toHaveCount(1);
      await expect(forms.getByRole('listitem').filter({ hasText: 'GAD-7' })).toHaveCount(1);
      await clientContext.close();
    });

    await test.step('the link no longer works, and says how to sign in instead', async () => {
      const later = await browser.newContext();
      const laterPage = await later.newPage();
      await laterPage.goto(link);
      await expect(laterPage.getByRole('heading', { level: 1, name: 'This invitation has already been used' })).toBeVisible();
      await expect(laterPage.getByRole('form', { name: 'Set your password' })).toHaveCount(0);
      await laterPage.getByRole('link', { name: 'sign in' }).click();
      await expect(laterPage).toHaveURL(/\/login$/);
      await signIn(laterPage, client.email, PASSWORD);
      await expect(laterPage).toHaveURL(/\/portal$/);
      await later.close();
    });

    await test.step('the record now shows the portal account and no invitation panel', async () => {
      await page.reload();
      await expect(page.getByRole('region', { name: 'Profile' })).toContainText('Portal accountYes, signs in to the portal');
      await expect(page.getByRole('region', { name: 'Invite to the portal' })).toHaveCount(0);
    });
  });

  test('revoking an invitation withdraws the link and the record says so', async ({ page, browser }) => {
    test.slow(); // a second browser checks the withdrawn link
    const tag = randomUUID().slice(0, 8);
    await signIn(page, DEMO.therapist2.email);
    await addClient(page, { first: 'Rene', last: `Revoke${tag}`, email: `rene.revoke.${tag}@fixture.test` });
    const invite = page.getByRole('region', { name: 'Invite to the portal' });
    await invite.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await invite.getByLabel('One-time invitation link').inputValue();
    await expect(page.getByRole('region', { name: 'Profile' })).toContainText('Portal accountInvited, not accepted yet');
    await invite.getByRole('button', { name: 'Revoke' }).click();
    await expect(invite.getByRole('status')).toHaveText('Invitation revoked: the link no longer works.');
    await expect(invite.getByLabel('One-time invitation link')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Profile' })).toContainText('Portal accountNot invited yet');
    await page.reload();
    await expect(invite.getByRole('group', { name: 'Open invitation' })).toHaveCount(0);
    await expect(invite.getByRole('button', { name: 'Create invitation link' })).toBeVisible();
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(link);
    await expect(otherPage.getByRole('heading', { level: 1, name: 'This invitation link is not valid' })).toBeVisible();
    await other.close();
  });

  test('a client without an email cannot be invited yet: the panel says where to add one', async ({ page }) => {
    const tag = randomUUID().slice(0, 8);
    await signIn(page, DEMO.therapist2.email);
    await addClient(page, { first: 'Sasha', last: `Noemail${tag}` });
    const invite = page.getByRole('region', { name: 'Invite to the portal' });
    await expect(invite.getByRole('link', { name: 'Add it under Contact details' })).toHaveAttribute('href', '#contact-heading');
    await invite.getByRole('button', { name: 'Create invitation link' }).click();
    await expect(invite.getByRole('alert')).toContainText('Add the client’s email address first');
    await expect(invite.getByRole('alert').getByRole('link', { name: 'Go to Contact details' })).toBeVisible();
    await expect(invite.getByLabel('One-time invitation link')).toHaveCount(0);
  });
});

test('a forged or mangled invitation link is refused with a clear message', async ({ page }) => {
  for (const token of ['forged-token-0123456789abcdefghijklmnopqrstuv', 'x']) {
    await page.goto(`/invite/${token}`);
    await expect(page.getByRole('heading', { level: 1, name: 'This invitation link is not valid' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Set your password' })).toHaveCount(0);
  }
});
