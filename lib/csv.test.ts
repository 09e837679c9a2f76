import { describe, expect, it } from 'vitest';
import { escapeFormula, toCsv } from './csv';

describe('CSV export', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx'])('neutralises a formula-looking cell: %j', (cell) => {
    expect(escapeFormula(cell)).toBe(`'${cell}`);
  });
  it('leaves ordinary values alone', () => {
    expect(escapeFormula('Jordan Lee')).toBe('Jordan Lee');
    expect(escapeFormula(3.5)).toBe('3.5');
    expect(escapeFormula(-0.25)).toBe('-0.25');
    expect(escapeFormula('-0.25')).toBe('-0.25');
    expect(escapeFormula('-1+2')).toBe("'-1+2");
    expect(escapeFormula(null)).toBe('');
    expect(escapeFormula(false)).toBe('false');
  });
  it('refuses a bare Date in a plain cell (it would be a UTC time): instants have their own columns', () => {
    expect(() => escapeFormula(new Date('2026-11-27T10:00:00Z') as unknown as string)).toThrow(/instant column/);
  });
  it('quotes commas, quotes and newlines, with a header row', () => {
    const csv = toCsv(
      [{ a: 'x, "y"', b: 'line\nbreak' }],
      [
        { header: 'A', value: (r) => r.a },
        { header: 'B', value: (r) => r.b },
      ],
      { timeZone: 'UTC' },
    );
    expect(csv).toBe('A,B\r\n"x, ""y""","line\nbreak"\r\n');
  });
  it('writes instants as clinic-local time with the offset, and names the zone in the header', () => {
    const rows = [
      { at: new Date('2026-03-04T08:15:00Z'), done: null },
      { at: new Date('2026-07-04T08:15:00Z'), done: new Date('2026-07-05T23:30:00Z') },
    ];
    const columns = [
      { header: 'submitted_at', instant: (r: (typeof rows)[number]) => r.at },
      { header: 'done_at', instant: (r: (typeof rows)[number]) => r.done },
    ];
    expect(toCsv(rows, columns, { timeZone: 'Europe/Berlin' })).toBe(
      'submitted_at (Europe/Berlin),done_at (Europe/Berlin)\r\n2026-03-04T09:15:00+01:00,\r\n2026-07-04T10:15:00+02:00,2026-07-06T01:30:00+02:00\r\n',
    );
    expect(toCsv(rows.slice(0, 1), columns.slice(0, 1), { timeZone: 'Europe/London' })).toBe('submitted_at (Europe/London)\r\n2026-03-04T08:15:00+00:00\r\n');
  });
});
