import { describe, expect, it } from 'vitest';
import { pgArrayLiteral } from './raw';

describe('pgArrayLiteral', () => {
  it('quotes every element, so spaces, commas, braces and NULL stay text', () => {
    expect(pgArrayLiteral(['2026-11-03 10:00:00+00', 'a,b', '{x}', 'NULL'])).toBe('{"2026-11-03 10:00:00+00","a,b","{x}","NULL"}');
  });
  it('escapes quotes and backslashes', () => {
    expect(pgArrayLiteral(['say "hi"', 'back\\slash'])).toBe('{"say \\"hi\\"","back\\\\slash"}');
  });
  it('gives the empty array for no values', () => {
    expect(pgArrayLiteral([])).toBe('{}');
  });
});
