import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordSessionSchema, dischargeSchema, acknowledgeAlertSchema } from '@/lib/validation/sessions';
import { supervisionNoteSchema } from '@/lib/validation/supervision';
import { characterCount, maxLengthOf, nearLimitFrom } from './character-count';

describe('characterCount', () => {
  it('always shows the count against the limit', () => {
    expect(characterCount(0, 500).visible).toBe('0 / 500 characters');
    expect(characterCount(120, 500).visible).toBe('120 / 500 characters');
    expect(characterCount(500, 500).visible).toBe('500 / 500 characters');
    expect(characterCount(503, 500).visible).toBe('503 / 500 characters — 3 too many');
  });

  it('announces nothing far from the limit, so typing is not interrupted', () => {
    expect(characterCount(0, 500).announcement).toBe('');
    expect(characterCount(449, 500).announcement).toBe('');
  });

  it('announces what is left near the limit, and how far over it is', () => {
    expect(characterCount(450, 500).announcement).toBe('50 characters left.');
    expect(characterCount(499, 500).announcement).toBe('1 character left.');
    expect(characterCount(500, 500).announcement).toBe('0 characters left.');
    expect(characterCount(501, 500)).toMatchObject({ over: true, announcement: '1 character over the limit of 500.' });
    // A short limit still warns 20 characters ahead.
    expect(nearLimitFrom(100)).toBe(80);
    expect(characterCount(79, 100).announcement).toBe('');
    expect(characterCount(80, 100).announcement).toBe('20 characters left.');
  });

  it('is over exactly when the length passes the limit, and speaks only in the last stretch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 6000 }), (max, length) => {
        const count = characterCount(length, max);
        expect(count.over).toBe(length > max);
        expect(count.visible.startsWith(`${length} / ${max} characters`)).toBe(true);
        expect(count.announcement === '').toBe(length < nearLimitFrom(max));
      }),
    );
  });
});

describe('maxLengthOf', () => {
  it('reads the limit the server checks from the shared schema', () => {
    expect(maxLengthOf(recordSessionSchema.shape.note)).toBe(500);
    expect(maxLengthOf(dischargeSchema.shape.reason)).toBe(300);
    expect(maxLengthOf(acknowledgeAlertSchema.shape.note)).toBe(1000);
    expect(maxLengthOf(supervisionNoteSchema.shape.note)).toBe(2000);
    expect(maxLengthOf(z.string().max(10).optional())).toBe(10);
    expect(maxLengthOf(z.string())).toBeUndefined();
    expect(maxLengthOf(z.number().max(3))).toBeUndefined();
  });
});
