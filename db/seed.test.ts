import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersWithTotal, seededRandom } from './seed';

describe('seeded random', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const draw = (r: ReturnType<typeof seededRandom>) => [r.next(), r.int(1, 6), r.uuid()];
    expect(draw(a)).toEqual(draw(b));
    expect(draw(seededRandom(7))).not.toEqual(draw(c));
  });
  it('makes valid v4 uuids', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 100; i++) expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('answersWithTotal', () => {
  it('hits the (clamped) total exactly with every answer in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: -10, max: 100, noNaN: true }), (seed, total) => {
        const ids = Array.from({ length: 12 }, (_, i) => `wai-${i + 1}`);
        const answers = answersWithTotal(seededRandom(seed), ids, total, 1, 5);
        const values = Object.values(answers);
        expect(values).toHaveLength(12);
        for (const v of values) expect(v >= 1 && v <= 5 && Number.isInteger(v)).toBe(true);
        expect(values.reduce((a, b) => a + b, 0)).toBe(Math.min(60, Math.max(12, Math.round(total))));
      }),
    );
  });
});
