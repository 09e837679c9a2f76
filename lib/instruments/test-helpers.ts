import fc from 'fast-check';
import { itemOptions, scoredItems } from './scoring';
import type { Instrument } from './types';

// Test-only helpers (not exported from index.ts).

/** Builds answers from scored values in item order, e.g. answersFrom(PHQ9, [1,1,0,...]). */
export function answersFrom(instrument: Instrument, values: readonly number[]): Record<string, number> {
  const items = scoredItems(instrument);
  if (values.length !== items.length) throw new Error(`expected ${items.length} values, got ${values.length}`);
  return Object.fromEntries(items.map((item, i) => [item.id, values[i] as number]));
}

/** Arbitrary complete, valid answer set; optional items are sometimes answered. */
export function completeAnswersArb(instrument: Instrument): fc.Arbitrary<Record<string, number>> {
  const entries = instrument.items.map((item) => {
    const value = fc.constantFrom(...itemOptions(instrument, item).map((o) => o.value));
    const arb = item.scored ? value.map((v) => [v]) : fc.option(value, { nil: undefined }).map((v) => (v === undefined ? [] : [v]));
    return arb.map((vs) => vs.map((v) => [item.id, v] as const));
  });
  return fc.tuple(...entries).map((parts) => Object.fromEntries(parts.flat()));
}
