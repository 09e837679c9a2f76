import { describe, expect, it } from 'vitest';
import { escapeFormula, toCsv } from './csv';

describe('CSV export', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx'])('neutralises a formula-looking cell: %j', (cell) => {
    expect(escapeFormula(cell)).toBe(`'${cell}`);
  });
  it('leaves ordinary values alone and formats dates as ISO', () => {
    expect(escapeFormula('Jordan Lee')).toBe('Jordan Lee');
    expect(escapeFormula(3.5)).toBe('3.5');
    expect(escapeFormula(-0.25)).toBe('-0.25');
    expect(escapeFormula('-0.25')).toBe('-0.25');
    expect(escapeFormula('-1+2')).toBe("'-1+2");
    expect(escapeFormula(null)).toBe('');
    expect(escapeFormula(new Date('2026-11-27T10:00:00Z'))).toBe('2026-11-27T10:00:00.000Z');
  });
  it('quotes commas, quotes and newlines, with a header row', () => {
    const csv = toCsv([{ a: 'x, "y"', b: 'line\nbreak' }], [
      { header: 'A', value: (r) => r.a },
      { header: 'B', value: (r) => r.b },
    ]);
    expect(csv).toBe('A,B\r\n"x, ""y""","line\nbreak"\r\n');
  });
});
