import type { Locator, Page } from '@playwright/test';
import { DEMO, NOT_FOUND_TEXT, expect, pathOf, signIn, signedInPage, test, type FreshUser, type FixtureSql } from './helpers';

/*
 * Journeys: a client fills in their questionnaires on a phone — leaving half-way and resuming,
 * submitting exactly once, a PHQ-9 risk answer showing crisis resources and alerting the
 * therapist at once — and the forms they may not fill in. Every test works on a fresh portal
 * client of therapist2@ (helpers.freshUser) and assignments inserted for it, so nothing shared
 * is changed (freshUser, e2eSql).
 */

type Sql = FixtureSql;

const PHONE = { width: 375, height: 740 };
const SUBMIT = 'Submit answers';
const CRISIS_DEFAULT = 'call your local emergency number';

test.use({ freshUserRole: 'client', viewport: PHONE });

/** Inserts a measure assignment for the fixture client, as the scheduler would, and returns its id. */
async function assign(
  sql: Sql,
  user: FreshUser,
  instrumentKey: 'wai-sr-client' | 'wai-sr-therapist' | 'phq-9' | 'gad-7',
  options: { status?: 'pending' | 'expired' | 'cancelled'; respondent?: 'client' | 'therapist'; dueAt?: Date } = {},
): Promise<string> {
  const status = options.status ?? 'pending';
  const respondent = options.respondent ?? (instrumentKey === 'wai-sr-therapist' ? 'therapist' : 'client');
  const expiresAt = status === 'expired' ? new Date(Date.now() - 3_600_000) : new Date(Date.now() + 7 * 86_400_000);
  const dueAt = options.dueAt ?? new Date();
  const [row] = await sql<{ id: string }[]>`
    insert into measure_assignments (clinic_id, client_id, therapist_id, instrument_key, respondent, status, due_at, expires_at)
    select c.clinic_id, c.id, c.primary_therapist_id, ${instrumentKey}, ${respondent}::respondent, ${status}::assignment_status, ${dueAt}, ${expiresAt}
    from clients c where c.id = ${user.clientId}
    returning id`;
  if (!row) throw new Error('could not create the assignment');
  return row.id;
}

/** The fieldset of question `n` (its legend reads "n of N: …"). */
function question(page: Page, n: number): Locator {
  return page.getByRole('group', { name: new RegExp(`^${n} of \\d+\\b`) });
}

async function answer(page: Page, n: number, label: string): Promise<void> {
  await question(page, n).getByRole('radio', { name: label, exact: true }).check();
}

function saveStatus(page: Page): Locator {
  return page.locator('[aria-live="polite"]');
}

test('a client completes a WAI-SR on a phone: leaves half-way, resumes, submits exactly once', async ({ page, freshUser, e2eSql }) => {
  test.slow(); // twelve questions answered one by one, twice visited
  const sql = e2eSql;
  const assignmentId = await assign(sql, freshUser, 'wai-sr-client');

  await signIn(page, freshUser.email, freshUser.password);
  expect(pathOf(page)).toBe('/portal');
  const forms = page.getByRole('region', { name: 'Forms waiting for you' });
  await forms.getByRole('link', { name: /^Start/ }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/forms/${assignmentId}$`));
  // A plain title for the client; the instrument's name is still there, second.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How our sessions are going');
  await expect(page.locator('header').getByText('Working Alliance Inventory')).toBeVisible();
  // One date, said once.
  await expect(page.getByText(/^Please fill this in by \d{1,2} \w{3} \d{4}\./)).toHaveCount(1);
  await expect(page.getByText(/open until/)).toHaveCount(0);
  // Nothing answered yet: the page opens at the top and focus stays where it was.
  await expect(page.locator('fieldset:focus, input:focus')).toHaveCount(0);
  // One column: nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  // Half the form, then the draft is saved.
  for (let n = 1; n <= 6; n++) await answer(page, n, 'Very often');
  await expect(page.getByText('6 of 12 answered').first()).toBeVisible();
  await expect(page.locator('progress')).toHaveAttribute('value', '6');
  await expect(saveStatus(page)).toHaveText(/^Saved/);

  // Leave, and come back: the answers are still there (they live on the server, not in this tab).
  await page.getByRole('link', { name: '← My forms' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(forms.getByRole('listitem')).toContainText('How our sessions are going');
  await expect(forms.getByRole('listitem')).toContainText(/Please fill this in by \d{1,2} \w{3} \d{4}/);
  await expect(forms.getByRole('listitem')).not.toContainText('open until');
  await forms.getByRole('link', { name: /^Continue/ }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/forms/${assignmentId}$`));
  // Resuming opens at the first unanswered question, focused, below the progress bar that stays in view.
  await expect(question(page, 7)).toBeFocused();
  await expect(question(page, 7)).toBeInViewport();
  const progress = page.getByText('Progress: 6 of 12 answered');
  await expect(progress).toBeInViewport();
  const progressBox = (await page.getByTestId('form-progress').boundingBox())!;
  const questionBox = (await question(page, 7).boundingBox())!;
  expect(questionBox.y).toBeGreaterThanOrEqual(progressBox.y + progressBox.height);
  for (let n = 1; n <= 6; n++) await expect(question(page, n).getByRole('radio', { name: 'Very often', exact: true })).toBeChecked();
  await expect(question(page, 7).getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(page.getByText('6 of 12 answered').first()).toBeVisible();
  // Far down the form the progress is still in view.
  await question(page, 12).scrollIntoViewIfNeeded();
  await expect(progress).toBeInViewport();

  // Submitting early: the missing answers are listed at the top and focus goes to the first.
  await page.getByRole('button', { name: SUBMIT }).click();
  await expect(page.getByText('Some things still need an answer:')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Question 7' })).toBeVisible();
  await expect(question(page, 7).getByRole('radio').first()).toBeFocused();
  await expect(question(page, 7).getByText('Please answer question 7.')).toBeVisible();

  // Keyboard: arrow keys move within a question's answers.
  await page.keyboard.press('ArrowDown');
  await expect(question(page, 7).getByRole('radio', { name: 'Sometimes', exact: true })).toBeChecked();
  for (let n = 7; n <= 12; n++) await answer(page, n, 'Fairly often');
  await expect(page.getByText('12 of 12 answered').first()).toBeVisible();

  // A double click sends once.
  await page.getByRole('button', { name: SUBMIT }).dblclick();
  await expect(page.getByText(/^Thank you, your answers were received on /)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/portal/forms/${assignmentId}\\?submitted=1$`));
  const responses = await sql<{ n: number }[]>`select count(*)::int as n from measure_responses where assignment_id = ${assignmentId}`;
  expect(responses[0]?.n).toBe(1);
  const [stored] = await sql<
    { answers: Record<string, number>; source: string }[]
  >`select answers, source from measure_responses where assignment_id = ${assignmentId}`;
  expect(stored?.source).toBe('portal');
  expect(stored?.answers).toMatchObject({ 'wai-1': 4, 'wai-6': 4, 'wai-7': 3, 'wai-12': 3 });

  // Coming back to the form shows the confirmation, never the form again.
  await page.goto(`/portal/forms/${assignmentId}`);
  await expect(page.getByText(/^Thank you, your answers were received on /)).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByRole('button', { name: SUBMIT })).toHaveCount(0);
  await page.goto('/portal');
  await expect(forms.getByText('You have no forms to fill in right now.')).toBeVisible();
});

test('PHQ-9 item 9 above zero shows crisis resources at once and alerts the therapist before any submit', async ({ page, browser, freshUser, e2eSql }) => {
  const sql = e2eSql;
  const assignmentId = await assign(sql, freshUser, 'phq-9');

  await signIn(page, freshUser.email, freshUser.password);
  await page
    .getByRole('region', { name: 'Forms waiting for you' })
    .getByRole('link', { name: /^Start/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`/portal/forms/${assignmentId}$`));

  // Before starting: answers are not monitored in real time, and where to get help now.
  const notice = page.getByRole('region', { name: 'Before you start' });
  await expect(notice).toContainText('Nobody reads these answers as you give them');
  await expect(notice).toContainText(CRISIS_DEFAULT);
  // The difficulty question is asked only once a problem is ticked.
  await expect(page.getByRole('group')).toHaveCount(9);

  const crisis = page.getByRole('alert').filter({ hasText: 'If you need help now' });
  await expect(crisis).toHaveCount(0);
  await answer(page, 9, 'Several days');
  await expect(crisis).toBeVisible();
  await expect(crisis).toContainText(CRISIS_DEFAULT);
  await expect(page.getByRole('group')).toHaveCount(10);
  // The form is not blocked: the other questions can still be answered.
  await answer(page, 1, 'Not at all');
  await expect(question(page, 1).getByRole('radio', { name: 'Not at all', exact: true })).toBeChecked();

  // The urgent alert exists as soon as the answer is saved — nothing has been submitted.
  await expect
    .poll(async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from alerts
        where client_id = ${freshUser.clientId} and kind = 'risk' and severity = 'urgent' and status = 'open'`;
      return row?.n;
    })
    .toBe(1);
  const [responses] = await sql<{ n: number }[]>`select count(*)::int as n from measure_responses where assignment_id = ${assignmentId}`;
  expect(responses?.n).toBe(0);

  // The client's therapist sees it on their caseload.
  const therapist = await signedInPage(browser, DEMO.therapist2.email);
  try {
    await therapist.page.goto('/therapist');
    const row = therapist.page.getByRole('row', { name: new RegExp(freshUser.clientName!) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('1 urgent');
  } finally {
    await therapist.context.close();
  }

  // Finishing the form: one response, still one risk alert, crisis resources on the confirmation.
  for (const n of [2, 3, 4, 5, 6, 7, 8]) await answer(page, n, 'Not at all');
  await page.getByRole('button', { name: SUBMIT }).click();
  await expect(page.getByText(/^Thank you, your answers were received on /)).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'If you need help now' })).toContainText(CRISIS_DEFAULT);
  const [after] = await sql<{ responses: number; alerts: number }[]>`
    select (select count(*)::int from measure_responses where assignment_id = ${assignmentId}) as responses,
           (select count(*)::int from alerts where client_id = ${freshUser.clientId} and kind = 'risk') as alerts`;
  expect(after).toEqual({ responses: 1, alerts: 1 });
});

test('after submitting, Back shows the form as done: on the list and on the form page it came from', async ({ page, freshUser, e2eSql }) => {
  const assignmentId = await assign(e2eSql, freshUser, 'gad-7');
  await signIn(page, freshUser.email, freshUser.password);
  const forms = page.getByRole('region', { name: 'Forms waiting for you' });
  await forms.getByRole('link', { name: /^Start/ }).click();
  await answer(page, 1, 'Not at all');
  await expect(saveStatus(page)).toHaveText(/^Saved/);
  // Out to the list (it now says "Continue") and back in: both pages are in the browser's history.
  await page.getByRole('link', { name: '← My forms' }).click();
  await expect(forms.getByRole('link', { name: /^Continue/ })).toBeVisible();
  await forms.getByRole('link', { name: /^Continue/ }).click();
  for (let n = 2; n <= 7; n++) await answer(page, n, 'Not at all');
  await page.getByRole('button', { name: SUBMIT }).click();
  await expect(page.getByText(/^Thank you, your answers were received on /)).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(forms.getByText('You have no forms to fill in right now.')).toBeVisible();
  await expect(forms.getByRole('link', { name: /^Continue/ })).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/portal/forms/${assignmentId}$`));
  await expect(page.getByText(/^Thank you, your answers were received on /)).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByRole('button', { name: SUBMIT })).toHaveCount(0);
  // And forward again to the confirmation.
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`/portal/forms/${assignmentId}\\?submitted=1$`));
  await expect(page.getByText(/^Thank you, your answers were received on /)).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(0);
});

test('a form past its due date says plainly that it is late, with the one date that matters', async ({ page, freshUser, e2eSql }) => {
  const late = await assign(e2eSql, freshUser, 'gad-7', { dueAt: new Date(Date.now() - 3 * 86_400_000) });
  await signIn(page, freshUser.email, freshUser.password);
  const item = page.getByRole('region', { name: 'Forms waiting for you' }).getByRole('listitem');
  await expect(item).toContainText('Worry and anxiety');
  await expect(item).toContainText('GAD-7');
  await expect(item).toContainText(/This is late, but you can still fill it in until \d{1,2} \w{3} \d{4}\./);
  await expect(item).not.toContainText('Please fill this in by');
  await page.goto(`/portal/forms/${late}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Worry and anxiety');
  await expect(page.getByText(/^This is late, but you can still fill it in until /)).toHaveCount(1);
});

test('expired and withdrawn forms say so and offer nothing to fill in', async ({ page, freshUser, e2eSql }) => {
  const expired = await assign(e2eSql, freshUser, 'gad-7', { status: 'expired' });
  const cancelled = await assign(e2eSql, freshUser, 'phq-9', { status: 'cancelled' });
  await signIn(page, freshUser.email, freshUser.password);
  await expect(page.getByRole('region', { name: 'Forms waiting for you' })).toContainText('You have no forms to fill in right now.');

  await page.goto(`/portal/forms/${expired}`);
  await expect(page.getByRole('heading', { name: 'This form has expired' })).toBeVisible();
  await expect(page.getByText('can no longer be filled in')).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByRole('button', { name: SUBMIT })).toHaveCount(0);

  await page.goto(`/portal/forms/${cancelled}`);
  await expect(page.getByRole('heading', { name: 'This form was withdrawn' })).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(0);
  const [row] = await e2eSql<{ n: number }[]>`select count(*)::int as n from measure_responses where assignment_id in (${expired}, ${cancelled})`;
  expect(row?.n).toBe(0);
});

test("a client opening another client's form gets 404", async ({ page, freshUser, e2eSql }) => {
  const [other] = await e2eSql<{ id: string }[]>`
    select a.id from measure_assignments a
    join clients c on c.id = a.client_id
    join users u on u.id = c.portal_user_id
    where u.email = ${DEMO.client.email} and a.respondent = 'client'
    limit 1`;
  expect(other, 'the demo client has assignments').toBeTruthy();
  await signIn(page, freshUser.email, freshUser.password);
  const response = await page.goto(`/portal/forms/${other!.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: NOT_FOUND_TEXT })).toBeVisible();
  // A therapist-rating form of their own is not theirs to fill in either.
  const own = await assign(e2eSql, freshUser, 'wai-sr-therapist');
  expect((await page.goto(`/portal/forms/${own}`))?.status()).toBe(404);
  expect((await page.goto('/portal/forms/not-a-form'))?.status()).toBe(404);
});

test.describe('therapist entry', () => {
  test('the therapist enters a client’s paper GAD-7 (source required) and rates the session; other therapists get 404', async ({
    page,
    browser,
    freshUser,
    e2eSql,
  }) => {
    const sql = e2eSql;
    const paper = await assign(sql, freshUser, 'gad-7');
    const rating = await assign(sql, freshUser, 'wai-sr-therapist');
    await signIn(page, DEMO.therapist2.email);

    await page.goto(`/therapist/clients/${freshUser.clientId}/forms/${paper}`);
    await expect(page.getByRole('link', { name: `← ${freshUser.clientName}` })).toHaveAttribute('href', `/therapist/clients/${freshUser.clientId}`);
    for (let n = 1; n <= 7; n++) await answer(page, n, 'Not at all');
    await page.getByRole('button', { name: SUBMIT }).click();
    const source = page.getByRole('group', { name: 'Where did these answers come from?' });
    await expect(source.getByText('Choose where these answers came from.')).toBeVisible();
    await expect(source.getByRole('radio', { name: 'In session' })).toBeFocused();
    await source.getByRole('radio', { name: 'On paper' }).check();
    await page.getByRole('button', { name: SUBMIT }).click();
    await expect(page.getByText(/^The answers were received on /)).toBeVisible();
    const [stored] = await sql<{ source: string; respondent: string }[]>`select source, respondent from measure_responses where assignment_id = ${paper}`;
    expect(stored).toEqual({ source: 'paper', respondent: 'client' });

    await page.goto(`/therapist/clients/${freshUser.clientId}/forms/${rating}`);
    await expect(page.getByText(/^Provisional:/)).toBeVisible();
    await expect(page.getByRole('group', { name: 'Where did these answers come from?' })).toHaveCount(0);
    await expect(question(page, 6)).toBeVisible();
    for (let n = 1; n <= 12; n++) await answer(page, n, 'Always');
    await page.getByRole('button', { name: SUBMIT }).click();
    await expect(page.getByText(/^The answers were received on /)).toBeVisible();
    const [own] = await sql<{ source: string; respondent: string }[]>`select source, respondent from measure_responses where assignment_id = ${rating}`;
    expect(own).toEqual({ source: 'therapist', respondent: 'therapist' });

    // Not this therapist's client: 404, whatever the URL says.
    const other = await signedInPage(browser, DEMO.therapist.email);
    try {
      expect((await other.page.goto(`/therapist/clients/${freshUser.clientId}/forms/${rating}`))?.status()).toBe(404);
    } finally {
      await other.context.close();
    }
  });
});
