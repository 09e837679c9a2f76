import type { Locator, Page } from '@playwright/test';
import { DEMO, expect, signIn, test, type FreshUser } from './helpers';

/*
 * Journeys: collaborative treatment plans. therapist2@ builds a plan for a fresh portal client of
 * their own (helpers.freshUser), activates it, and the client answers on each goal from a phone;
 * two tabs saving the same plan — the second is refused and keeps its edits; the editor's guards,
 * reordering, history, review and print. Every test works on its own fixture client, so nothing
 * shared changes (freshUser, e2eSql).
 */

const PHONE = { width: 375, height: 740 };
const GOAL_WORDS = /in the client.s words/;
const CONFLICT = /Someone saved a newer version of this plan \(version 2\)/;

test.use({ freshUserRole: 'client' });

function planForm(page: Page): Locator {
  return page.getByRole('form', { name: 'Treatment plan' });
}

function goal(page: Page, label: string): Locator {
  return planForm(page).getByRole('group', { name: `Goal ${label}`, exact: true });
}

/** therapist2 builds a draft plan with two goals for the fixture client; returns the plan's URL. */
async function buildPlan(page: Page, user: FreshUser, title: string, goals: [string, string]): Promise<string> {
  await page.goto(`/therapist/clients/${user.clientId}/plans`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Treatment plans · ${user.clientName}`);
  await page.getByRole('link', { name: 'New plan' }).click();
  await expect(page).toHaveURL(/\/plans\/new$/);
  const form = planForm(page);
  await form.getByLabel('Title', { exact: true }).fill(title);
  await form.getByLabel('Presenting problem').fill('Low mood since a job loss, seeing few people.');
  const problem = form.getByRole('region', { name: 'Problem 1' });
  await problem.getByLabel('Problem', { exact: true }).fill('Withdrawal from friends');
  await goal(page, '1.1').getByLabel(GOAL_WORDS).fill(goals[0]);
  await goal(page, '1.1').getByRole('button', { name: '+ Add objective' }).click();
  await goal(page, '1.1').getByLabel('Objective', { exact: true }).fill('Plan one meet-up a week');
  await goal(page, '1.1').getByLabel('Progress (%)').fill('25');
  await goal(page, '1.1').getByRole('button', { name: '+ Add intervention' }).click();
  await goal(page, '1.1').getByLabel('Modality').fill('Behavioural activation');
  await goal(page, '1.1').getByLabel('Frequency (optional)').fill('Weekly');
  await problem.getByRole('button', { name: '+ Add goal to problem 1' }).click();
  await expect(goal(page, '1.2').getByLabel(GOAL_WORDS)).toBeFocused();
  await goal(page, '1.2').getByLabel(GOAL_WORDS).fill(goals[1]);
  await form.getByRole('button', { name: 'Save plan' }).click();
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}(\?.*)?$/);
  await expect(page.getByText('Saved as version 1.')).toBeVisible();
  return new URL(page.url()).pathname;
}

async function activate(page: Page, version: number): Promise<void> {
  const status = page.getByRole('region', { name: 'Status' });
  await status.getByRole('button', { name: 'Activate…' }).click();
  await expect(status.getByRole('alertdialog')).toContainText('will see it in their portal');
  await status.getByRole('button', { name: 'Activate plan' }).click();
  await expect(page.getByText(new RegExp(`^Plan activated: .* \\(version ${version}\\)$`))).toBeVisible();
  await expect(status).toContainText('Active');
}

test('a therapist builds and activates a plan with two goals; the client agrees with one and would change the other; the therapist sees both', async ({
  page,
  browser,
  freshUser,
  e2eSql,
}) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO.therapist2.email);

  // Invalid input is refused in the browser, beside each field, nested ones included.
  await page.goto(`/therapist/clients/${freshUser.clientId}/plans/new`);
  await planForm(page).getByRole('button', { name: 'Save plan' }).click();
  const words = goal(page, '1.1').getByLabel(GOAL_WORDS);
  await expect(words).toHaveAttribute('aria-invalid', 'true');
  await expect(words).toHaveAccessibleDescription(/Write at least 3 characters for the goal/);
  await expect(planForm(page).getByLabel('Title', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Some fields need attention')).toBeVisible();

  const planPath = await buildPlan(page, freshUser, 'Seeing people again', ['I want to see my friends every week', 'I want to sleep through the night']);
  await activate(page, 2);
  await expect(goal(page, '1.1')).toContainText('The client has not answered yet.');

  // The client, on a phone, in a browser of their own.
  const phone = await browser.newContext({ viewport: PHONE });
  const client = await phone.newPage();
  await signIn(client, freshUser.email, freshUser.password);
  await client.goto('/portal/plan');
  await expect(client.getByRole('heading', { level: 1, name: 'My treatment plan' })).toBeVisible();
  await expect(client.getByText('Seeing people again')).toBeVisible();
  expect(await client.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const first = client.getByRole('region', { name: 'Goal 1', exact: true });
  const second = client.getByRole('region', { name: 'Goal 2', exact: true });
  await expect(first).toContainText('I want to see my friends every week');
  await expect(first).toContainText('Behavioural activation');
  await expect(first).toContainText('25% of the way');
  await expect(second).toContainText('You have not answered yet.');

  await first.getByRole('button', { name: 'I agree' }).click();
  await expect(first.getByText('Your answer: I agree')).toBeVisible();

  // Changing a goal needs a word on what to change.
  await second.getByRole('button', { name: 'I’d change this' }).click();
  await expect(second.getByLabel('Your comment')).toHaveAccessibleDescription(/Tell your therapist what you would change/);
  await second.getByLabel('Your comment').fill('Most nights would be enough for me');
  await second.getByRole('button', { name: 'I’d change this' }).click();
  await expect(second.getByText('Your answer: I’d change this')).toBeVisible();
  await expect(second).toContainText('“Most nights would be enough for me”');
  await client.reload();
  await expect(client.getByRole('region', { name: 'Goal 2', exact: true }).getByLabel('Your comment')).toHaveValue('Most nights would be enough for me');
  await phone.close();

  // The therapist sees both answers beside the goals, and the disagreement raised an alert.
  await page.goto(planPath);
  await expect(goal(page, '1.1')).toContainText('Client agrees (on version 2');
  await expect(goal(page, '1.2')).toContainText('Client would change this (on version 2');
  await expect(goal(page, '1.2')).toContainText('“Most nights would be enough for me”');
  const alerts = await e2eSql<{ n: number }[]>`select count(*)::int as n from alerts where client_id = ${freshUser.clientId} and kind = 'goal_disagreement'`;
  expect(alerts[0]?.n).toBe(1);
});

test('two tabs edit the same plan: the second save is refused as a conflict and keeps its edits', async ({ page, freshUser }) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO.therapist2.email);
  const planPath = await buildPlan(page, freshUser, 'Two tabs plan', ['Go for a walk each morning', 'Call my sister on Sundays']);
  await page.goto(planPath);
  const other = await page.context().newPage();
  await other.goto(planPath);
  await expect(planForm(other).getByLabel('Title', { exact: true })).toHaveValue('Two tabs plan');

  // Tab A saves first.
  await planForm(page).getByLabel('Title', { exact: true }).fill('Saved in tab A');
  await planForm(page).getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByText('Saved as version 2.')).toBeVisible();

  // Tab B, still on version 1, edits and saves: refused, with its edits kept.
  await planForm(other).getByLabel('Title', { exact: true }).fill('Edited in tab B');
  await planForm(other).getByRole('button', { name: '+ Add goal to problem 1' }).click();
  await goal(other, '1.3').getByLabel(GOAL_WORDS).fill('Added in tab B');
  await planForm(other).getByRole('button', { name: 'Save plan' }).click();
  const conflict = other.getByRole('alert').filter({ hasText: 'Not saved: this plan has changed since you opened it' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText(CONFLICT);
  await expect(conflict.getByRole('link', { name: 'See what changed (version 1 → 2)' })).toHaveAttribute('href', `${planPath}/history?from=1&to=2`);
  await expect(planForm(other).getByLabel('Title', { exact: true })).toHaveValue('Edited in tab B');
  await expect(goal(other, '1.3').getByLabel(GOAL_WORDS)).toHaveValue('Added in tab B');
  await expect(goal(other, '1.1').getByLabel(GOAL_WORDS)).toHaveValue('Go for a walk each morning');
  await expect(other.getByText('Not saved: a newer version exists.')).toBeVisible();

  // Nothing was overwritten: tab A's version stands.
  await page.reload();
  await expect(planForm(page).getByLabel('Title', { exact: true })).toHaveValue('Saved in tab A');
  await expect(planForm(page).getByRole('group', { name: 'Goal 1.3', exact: true })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Status' })).toContainText('Version 2');
});

test('the editor asks before leaving with unsaved changes, reorders by keyboard, and keeps history, review and print', async ({ page, freshUser, e2eSql }) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO.therapist2.email);
  const planPath = await buildPlan(page, freshUser, 'Routine plan', ['Get up at the same time each day', 'Cook a proper meal twice a week']);

  // Unsaved changes: an in-app link asks first; staying keeps the edit.
  await planForm(page).getByLabel('Title', { exact: true }).fill('Routine plan, revised');
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeVisible();
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole('navigation', { name: 'Plan' }).getByRole('link', { name: 'History' }).click();
  await expect.poll(() => asked).toContain('unsaved changes');
  expect(new URL(page.url()).pathname).toBe(planPath);
  await expect(planForm(page).getByLabel('Title', { exact: true })).toHaveValue('Routine plan, revised');

  // Reorder with the keyboard: focus follows the moved goal.
  await goal(page, '1.2').getByRole('button', { name: 'Move goal 1.2 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(goal(page, '1.1').getByLabel(GOAL_WORDS)).toHaveValue('Cook a proper meal twice a week');
  await expect(goal(page, '1.1').getByRole('button', { name: 'Move goal 1.1 up' })).toBeFocused();
  await planForm(page).getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByText('Saved as version 2.')).toBeVisible();
  await expect(page.getByText('Version 2 · all changes saved')).toBeVisible();

  // History: versions, and what changed in plain language.
  await page.getByRole('navigation', { name: 'Plan' }).getByRole('link', { name: 'History' }).click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByRole('table', { name: /Versions of this plan/ }).getByRole('row')).toHaveCount(3);
  const changes = page.getByRole('region', { name: 'From version 1 to version 2' });
  await expect(changes).toContainText('Title changed from “Routine plan” to “Routine plan, revised”.');
  await page.getByRole('link', { name: 'What changed in version 2' }).click();
  await expect(page).toHaveURL(/\/history\?from=1&to=2$/);

  // Activate, then review: progress per goal, next date, and a WAI-SR for the client.
  await page.goto(planPath);
  await activate(page, 3);
  await page.getByRole('navigation', { name: 'Plan' }).getByRole('link', { name: 'Review' }).click();
  const review = page.getByRole('form', { name: 'Plan review' });
  const firstGoal = review.getByRole('group', { name: /^Goal 1:/ });
  await firstGoal.getByLabel('Progress', { exact: true }).selectOption('achieved');
  await firstGoal.getByLabel('Progress note (optional)').fill('Cooking twice a week for a month now');
  await review.getByRole('button', { name: 'Save review' }).click();
  await expect(page.getByText(/^Review saved as version 4\. A WAI-SR questionnaire was assigned to /)).toBeVisible();
  const assigned = await e2eSql<
    { n: number }[]
  >`select count(*)::int as n from measure_assignments where client_id = ${freshUser.clientId} and instrument_key = 'wai-sr-client' and status = 'pending'`;
  expect(assigned[0]?.n).toBe(1);

  // Print: the plan as a document, with version, dates and agreement; no shell or buttons.
  await page.goto(planPath);
  await expect(page.getByRole('button', { name: 'Print plan' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const printed = page.getByRole('article', { name: 'Treatment plan: Routine plan, revised' });
  await expect(printed).toBeVisible();
  await expect(printed).toContainText('Version 4');
  await expect(printed).toContainText('The client has not answered yet.');
  await expect(planForm(page)).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print plan' })).toBeHidden();
});
