import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getInstrument } from '@/lib/instruments';
import { BAND_FILLS, bandFill, UNKNOWN_BAND_FILL } from './bands';

const phq9 = getInstrument('phq-9').bands;
const gad7 = getInstrument('gad-7').bands;

describe('bandFill', () => {
  it('gives GAD-7 and PHQ-9 the same colour for the same band name', () => {
    const shared = gad7.filter((g) => phq9.some((p) => p.label === g.label));
    // Every GAD-7 band name is also a PHQ-9 band name (Minimal, Mild, Moderate, Severe).
    expect(shared.map((b) => b.label)).toEqual(gad7.map((b) => b.label));
    for (const band of shared) expect(bandFill(band.label), band.label).toBe(bandFill(phq9.find((p) => p.label === band.label)!.label));
    // The case that used to differ: position 4 of 4 (GAD-7) against position 5 of 5 (PHQ-9).
    expect(bandFill(gad7[gad7.length - 1]!.label)).toBe(bandFill(phq9[phq9.length - 1]!.label));
  });

  it('names a known colour for every band of both questionnaires, distinct within each', () => {
    for (const bands of [phq9, gad7]) {
      const fills = bands.map((b) => bandFill(b.label));
      expect(fills).not.toContain(UNKNOWN_BAND_FILL);
      expect(new Set(fills).size).toBe(bands.length);
    }
  });

  it('ignores case and spacing, and gives unknown names a neutral fill', () => {
    expect(bandFill('  moderately   SEVERE ')).toBe(bandFill('Moderately severe'));
    expect(bandFill('Catastrophic')).toBe(UNKNOWN_BAND_FILL);
    expect(BAND_FILLS.map((b) => b.fill)).not.toContain(UNKNOWN_BAND_FILL);
  });

  it('is a function of the name alone', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const fill = bandFill(name);
        expect(bandFill(name.toUpperCase())).toBe(bandFill(name.toLowerCase()));
        expect([...BAND_FILLS.map((b) => b.fill), UNKNOWN_BAND_FILL]).toContain(fill);
      }),
    );
  });
});
