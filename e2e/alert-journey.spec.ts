import type { Locator, Page } from '@playwright/test';
import { DEMO, expect, signIn, signedInPage, test, type FreshUser, type FixtureSql } from './helpers';

/*
 * Issue 11's alert loop in the browser: a risk answer becomes an urgent alert that names the
 * question, the answer and when; the therapist acknowledges it once; the supervisor reads the same
 * sentence on the read-only record. And a risk answer on a form that closed while it was open is
 * still passed on, with an honest message. Fixture client of therapist2@ only.
 */
type Sql = FixtureSql;
test.use({ freshUserRole: 'client' });

const RISK_SENTENCE = /PHQ-9 question 9 \(“Thoughts that you would be better off dead or of hurting yourself in some way”\) answered “Several days” \(1 of 3\)/;

async function assign(sql: Sql, user: FreshUser, instrumentKey: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into measure_assignments (clinic_id, client_id, therapist_id, instrument_key, respondent, status, due_at, expires_at)
    select c.clinic_id, c.id, c.primary_therapist_id, ${instrumentKey}, 'client', 'pending', now(), now() + interval '7 days'
    from clients c where c.id = ${user.clientId}
    returning id`;
  return row!.id;
}

function question(page: Page, n: number): Locator {
  return page.getByRole('group', { name: new RegExp(`^${n} of \\d+\\b`) });
}

test('risk answer → urgent alert with the item and answer → acknowledged once → the supervisor sees the same numbers', async ({
  page,
  browser,
  freshUser,
  e2eSql,
}) => {
  test.slow(); // three roles, one after another
  const sql = e2eSql;
  const formId = await assign(sql, freshUser, 'phq-9');
  await signIn(page, freshUser.email, freshUser.password);
  await page.goto(`/portal/forms/${formId}`);
  for (let n = 1; n <= 8; n++) await question(page, n).getByRole('radio', { name: 'More than half the days', exact: true }).check();
  await question(page, 9).getByRole('radio', { name: 'Several days', exact: true }).check();
  await expect(page.getByRole('alert').filter({ hasText: 'has been passed on to your therapist' }).first()).toBeVisible();
  await question(page, 10).getByRole('radio', { name: 'Very difficult', exact: true }).check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByText(/^Thank you, your answers were received on /)).toBeVisible();

  // The therapist: one urgent card for the response (risk and deterioration would share it), with the question and answer.
  const therapist = await signedInPage(browser, DEMO.therapist2.email);
  await therapist.page.goto('/therapist');
  const inbox = therapist.page.getByRole('list', { name: 'Open alerts, urgent first' });
  const card = inbox.getByRole('listitem').filter({ hasText: freshUser.clientName! }).first();
  await expect(card).toContainText(RISK_SENTENCE);
  await expect(card).toContainText('Urgent · Risk');
  // "N unread notifications" opens to the notifications, which link to the record's alerts.
  await therapist.page.getByTestId('unread-notifications').click();
  await therapist.page.getByRole('list', { name: 'Unread notifications' }).getByRole('link').first().click();
  await therapist.page.waitForURL(/\/therapist\/clients\/.+/);

  await therapist.page.goto(`/therapist/clients/${freshUser.clientId}#alerts`);
  const alertsSection = therapist.page.locator('#alerts');
  await expect(alertsSection.locator('li[data-severity="urgent"]')).toHaveCount(1);
  await expect(alertsSection).toContainText(RISK_SENTENCE);
  await alertsSection.getByLabel(/note/i).first().fill('Phoned the client the same day; safety plan reviewed together.');
  await alertsSection
    .getByRole('button', { name: /acknowledge/i })
    .first()
    .click();
  await expect(alertsSection).toContainText(/Alert acknowledged/);
  const [open] = await sql<{ n: number }[]>`select count(*)::int as n from alerts where client_id = ${freshUser.clientId} and status = 'open'`;
  expect(open!.n).toBe(0);
  await therapist.context.close();

  // The supervisor reads the same sentence, the acknowledgement and its note.
  const [t2] = await sql<{ id: string }[]>`select id from users where email = ${DEMO.therapist2.email}`;
  const supervisor = await signedInPage(browser, DEMO.supervisor.email);
  await supervisor.page.goto(`/supervisor/therapists/${t2!.id}/clients/${freshUser.clientId}`);
  const record = supervisor.page.getByRole('list', { name: 'Alerts for this client' });
  await expect(record).toContainText(RISK_SENTENCE);
  await expect(record).toContainText('Acknowledged');
  await expect(record).toContainText('Phoned the client the same day; safety plan reviewed together.');
  await supervisor.context.close();
});

test('a risk answer on a form that expired while it was open is still passed on, and the client is told so', async ({ page, freshUser, e2eSql }) => {
  const sql = e2eSql;
  const formId = await assign(sql, freshUser, 'phq-9');
  await signIn(page, freshUser.email, freshUser.password);
  await page.goto(`/portal/forms/${formId}`);
  await question(page, 1).getByRole('radio', { name: 'Several days', exact: true }).check();
  // The form expires while the page is open.
  await sql`update measure_assignments set expires_at = now() - interval '1 minute' where id = ${formId}`;
  await question(page, 9).getByRole('radio', { name: 'Nearly every day', exact: true }).check();
  await expect(page.getByText(/has expired.*has still been passed on to your therapist/s).first()).toBeVisible();
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: /If you need help now/ })
      .first(),
  ).toBeVisible();
  await expect
    .poll(
      async () =>
        (await sql<{ n: number }[]>`select count(*)::int as n from alerts where client_id = ${freshUser.clientId} and kind = 'risk' and status = 'open'`)[0]!.n,
    )
    .toBe(1);
});
