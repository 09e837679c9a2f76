/*
 * The words of the plan section on a client record: where the client stands on each goal of the
 * current plan, and the whole in one line. Pure (no React), so it is unit-tested.
 */

export type GoalAnswer = 'agreed' | 'not_agreed' | 'unanswered';

/** What a goal's answer is called; a draft has not been shown to the client, so nothing is "unanswered" yet. */
export function goalAnswerLabel(answer: GoalAnswer, planStatus: string): string {
  if (answer === 'agreed') return 'Client agrees';
  if (answer === 'not_agreed') return 'Client would change this';
  if (planStatus === 'draft') return 'Not shared with the client yet';
  return planStatus === 'active' ? 'Client has not answered yet' : 'Client did not answer';
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line for the whole plan, e.g. "2 of 3 goals agreed · 1 the client would change". */
export function agreementSummary(answers: readonly GoalAnswer[], planStatus: string): string {
  const total = answers.length;
  if (total === 0) return 'No goals yet.';
  if (planStatus === 'draft') return `${count(total, 'goal', 'goals')}; a draft is not shown to the client, so there is no agreement yet.`;
  const agreed = answers.filter((a) => a === 'agreed').length;
  const notAgreed = answers.filter((a) => a === 'not_agreed').length;
  const open = total - agreed - notAgreed;
  const parts = [`${agreed} of ${count(total, 'goal', 'goals')} agreed`];
  if (notAgreed > 0) parts.push(`${notAgreed} the client would change`);
  if (open > 0) parts.push(`${open} not answered yet`);
  return `${parts.join(' · ')}.`;
}
