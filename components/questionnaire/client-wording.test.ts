import { describe, expect, it } from 'vitest';
import { getInstrument } from '@/lib/instruments';
import { clientDueText, clientFormTitle } from './client-wording';

describe('clientFormTitle', () => {
  it('gives the client forms plain titles and keeps the formal title otherwise', () => {
    expect(clientFormTitle('wai-sr-client', getInstrument('wai-sr-client').title)).toBe('How our sessions are going');
    expect(clientFormTitle('phq-9', getInstrument('phq-9').title)).toBe('How you have been feeling');
    expect(clientFormTitle('gad-7', getInstrument('gad-7').title)).toBe('Worry and anxiety');
    expect(clientFormTitle('wai-sr-therapist', 'Formal')).toBe('Formal');
  });

  it('no plain title names a diagnosis or a scale', () => {
    for (const key of ['wai-sr-client', 'phq-9', 'gad-7']) {
      expect(clientFormTitle(key, '')).not.toMatch(/depress|disorder|inventory|questionnaire|PHQ|GAD|WAI/i);
    }
  });
});

describe('clientDueText', () => {
  const zone = 'Europe/Berlin';
  const expiresAt = new Date('2026-03-16T22:59:59Z');

  it('before and on the due day: one date, "please fill this in by"', () => {
    const dueAt = new Date('2026-03-09T15:00:00Z');
    expect(clientDueText({ dueAt, expiresAt }, new Date('2026-03-08T10:00:00Z'), zone)).toEqual({ late: false, text: 'Please fill this in by 9 Mar 2026.' });
    // Later the same local day is not late yet.
    expect(clientDueText({ dueAt, expiresAt }, new Date('2026-03-09T22:30:00Z'), zone)).toEqual({ late: false, text: 'Please fill this in by 9 Mar 2026.' });
  });

  it('after the due day: says plainly it is late, and the last day it can be filled in', () => {
    const dueAt = new Date('2026-03-09T15:00:00Z');
    // 23:30 UTC is already the next day in Berlin.
    expect(clientDueText({ dueAt, expiresAt }, new Date('2026-03-09T23:30:00Z'), zone)).toEqual({
      late: true,
      text: 'This is late, but you can still fill it in until 16 Mar 2026.',
    });
    expect(clientDueText({ dueAt, expiresAt }, new Date('2026-03-12T08:00:00Z'), zone).text).not.toContain('9 Mar');
  });
});
