import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementSummary, goalAnswerLabel, type GoalAnswer } from './glance';

describe('goalAnswerLabel', () => {
  it('says agreed, would change, or not answered, in plain words', () => {
    expect(goalAnswerLabel('agreed', 'active')).toBe('Client agrees');
    expect(goalAnswerLabel('not_agreed', 'active')).toBe('Client would change this');
    expect(goalAnswerLabel('unanswered', 'active')).toBe('Client has not answered yet');
    expect(goalAnswerLabel('unanswered', 'draft')).toBe('Not shared with the client yet');
    expect(goalAnswerLabel('unanswered', 'completed')).toBe('Client did not answer');
  });
});

describe('agreementSummary', () => {
  it('counts each kind of answer, singular and plural', () => {
    expect(agreementSummary(['agreed', 'not_agreed', 'unanswered'], 'active')).toBe('1 of 3 goals agreed · 1 the client would change · 1 not answered yet.');
    expect(agreementSummary(['agreed'], 'active')).toBe('1 of 1 goal agreed.');
    expect(agreementSummary(['unanswered', 'unanswered'], 'active')).toBe('0 of 2 goals agreed · 2 not answered yet.');
    expect(agreementSummary([], 'active')).toBe('No goals yet.');
    expect(agreementSummary(['unanswered'], 'draft')).toMatch(/^1 goal; a draft is not shown to the client/);
  });

  it('accounts for every goal exactly once', () => {
    const answer = fc.constantFrom<GoalAnswer>('agreed', 'not_agreed', 'unanswered');
    fc.assert(
      fc.property(fc.array(answer, { minLength: 1, maxLength: 40 }), (answers) => {
        const text = agreementSummary(answers, 'active');
        const numbers = [...text.matchAll(/(\d+) (?:of \d+ goals? agreed|the client would change|not answered yet)/g)].map((m) => Number(m[1]));
        expect(numbers.reduce((a, b) => a + b, 0)).toBe(answers.length);
        expect(text).toContain(`of ${answers.length} goal`);
      }),
    );
  });
});
