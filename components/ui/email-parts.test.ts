import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailBreakParts } from './email-parts';

describe('emailBreakParts', () => {
  it('breaks after the @ and before each dot, nowhere else', () => {
    expect(emailBreakParts('jordan.lee@demo.clinic')).toEqual(['jordan', '.lee@', 'demo', '.clinic']);
    expect(emailBreakParts('robin.invitee.1a2b3c4d@fixture.test')).toEqual(['robin', '.invitee', '.1a2b3c4d@', 'fixture', '.test']);
    expect(emailBreakParts('nodots')).toEqual(['nodots']);
    expect(emailBreakParts('')).toEqual([]);
  });

  it('gives the address back when joined, and every part but the first starts with a dot or follows an @', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const parts = emailBreakParts(email);
        expect(parts.join('')).toBe(email);
        parts.forEach((part, i) => {
          if (i > 0) expect(part.startsWith('.') || parts[i - 1]!.endsWith('@')).toBe(true);
          // No break inside a word: a part has no dot except at its start and no @ except at its end.
          expect(part.slice(1).includes('.')).toBe(false);
          expect(part.slice(0, -1).includes('@')).toBe(false);
        });
      }),
    );
  });
});
