import { describe, expect, it } from 'vitest';
import type { MeasureResponse } from '@/lib/data/responses';
import { headlineText, responseHistoryRows, subscaleText } from './response-rows';

const response: MeasureResponse = {
  id: 'r1',
  sessionId: null,
  instrumentKey: 'wai-sr-client',
  shortTitle: 'WAI-SR',
  respondent: 'client',
  source: 'in_session',
  submittedAt: new Date('2026-03-04T10:05:00Z'),
  headline: 3.4166666,
  scoreKind: 'mean',
  band: null,
  subscales: { task: 3.5, bond: 3, goal: 3.75 },
  answers: [
    { number: 1, text: 'As a result of these sessions I am clearer as to how I might be able to change.', answer: 'Often' },
    { number: 2, text: 'What I am doing in therapy gives me new ways of looking at my problem.', answer: 'Sometimes' },
  ],
};

describe('response history rows', () => {
  it('formats scores: a mean to two decimals, a total with its band', () => {
    expect(headlineText(response)).toBe('3.42 mean');
    expect(headlineText({ headline: 12, scoreKind: 'sum', band: 'Moderate' })).toBe('12 · Moderate');
    expect(headlineText({ headline: 3, scoreKind: 'sum', band: null })).toBe('3');
  });

  it('lists subscales in the WAI-SR order (Goal, Task, Bond), or a dash', () => {
    expect(subscaleText(response.subscales)).toBe('Goal 3.75 · Task 3.50 · Bond 3.00');
    expect(subscaleText({})).toBe('—');
  });

  it('gives the table short strings only, with the ISO instant when asked', () => {
    const [row] = responseHistoryRows([response], (d) => d.toISOString().slice(0, 10), true);
    expect(row).toEqual({
      date: '2026-03-04',
      dateTime: '2026-03-04T10:05:00.000Z',
      title: 'WAI-SR',
      source: 'Client · entered in session',
      score: '3.42 mean',
      subscales: 'Goal 3.75 · Task 3.50 · Bond 3.00',
      answers: [
        ['1. As a result of these sessions I am clearer as to how I might be able to change.', 'Often'],
        ['2. What I am doing in therapy gives me new ways of looking at my problem.', 'Sometimes'],
      ],
    });
    expect(responseHistoryRows([response], () => 'x')[0]).not.toHaveProperty('dateTime');
  });
});
