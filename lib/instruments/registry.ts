import { GAD7_V1 } from './gad7';
import { PHQ9_V1 } from './phq9';
import { INSTRUMENT_KEYS, type Instrument, type InstrumentKey } from './types';
import { WAI_SR_CLIENT_V1, WAI_SR_THERAPIST_V1 } from './wai-sr';

// Every published version stays here: stored responses are re-scored on the version they were
// answered on. Add a new version by appending; never edit a published one in place.
const VERSIONS: Readonly<Record<InstrumentKey, readonly Instrument[]>> = {
  'wai-sr-client': [WAI_SR_CLIENT_V1],
  'wai-sr-therapist': [WAI_SR_THERAPIST_V1],
  'phq-9': [PHQ9_V1],
  'gad-7': [GAD7_V1],
};

export function isInstrumentKey(value: unknown): value is InstrumentKey {
  return typeof value === 'string' && (INSTRUMENT_KEYS as readonly string[]).includes(value);
}

/** Compares dotted numeric versions ('1.10.0' > '1.9.0'). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function versionsOf(key: string): readonly Instrument[] {
  if (!isInstrumentKey(key)) {
    throw new Error(`Unknown instrument "${key}". Known instruments: ${INSTRUMENT_KEYS.join(', ')}.`);
  }
  return VERSIONS[key];
}

/** All versions of an instrument, oldest first. */
export function listVersions(key: string): string[] {
  return versionsOf(key)
    .map((i) => i.version)
    .sort(compareVersions);
}

export function latestVersion(key: string): string {
  const versions = listVersions(key);
  const latest = versions[versions.length - 1];
  if (latest === undefined) throw new Error(`Instrument "${key}" has no versions.`);
  return latest;
}

/** The requested version, or the latest when `version` is omitted. Throws for unknown key/version. */
export function getInstrument(key: string, version?: string): Instrument {
  const wanted = version ?? latestVersion(key);
  const found = versionsOf(key).find((i) => i.version === wanted);
  if (!found) {
    throw new Error(`Unknown version "${wanted}" of instrument "${key}". Known versions: ${listVersions(key).join(', ')}.`);
  }
  return found;
}

/** The latest version of every instrument, in INSTRUMENT_KEYS order. */
export function listInstruments(): Instrument[] {
  return INSTRUMENT_KEYS.map((key) => getInstrument(key));
}

/**
 * Structural problems in an instrument definition (empty when sound). Data can be corrected
 * without touching code, so the data itself is checked, here and at load time.
 */
export function instrumentProblems(instrument: Instrument): string[] {
  const problems: string[] = [];
  const ids = instrument.items.map((i) => i.id);
  const scoredIds = instrument.items.filter((i) => i.scored).map((i) => i.id);

  if (new Set(ids).size !== ids.length) problems.push('item ids are not unique');
  instrument.items.forEach((item, index) => {
    if (item.number !== index + 1) problems.push(`item ${item.id} is numbered ${item.number}, expected ${index + 1}`);
    if (item.id !== `${instrument.linkIdPrefix}-${item.number}`) problems.push(`item id ${item.id} breaks the linkId scheme`);
    if (item.scored && (item.askedWhen !== undefined || item.options !== undefined)) {
      problems.push(`scored item ${item.id} must use the instrument options and always be asked`);
    }
    const values = (item.options ?? instrument.options).map((o) => o.value);
    if (new Set(values).size !== values.length || !values.every(Number.isInteger)) {
      problems.push(`item ${item.id} has duplicate or non-integer option values`);
    }
    for (const alt of item.alternateLoincAnswers ?? []) {
      if (!values.includes(alt.value)) problems.push(`item ${item.id} alternate code ${alt.code} maps to no option`);
    }
  });
  if (scoredIds.length === 0) problems.push('no scored items');

  // Subscales, when present, must partition the scored items exactly.
  if (instrument.subscales.length > 0) {
    const members = instrument.subscales.flatMap((s) => s.itemIds);
    const sortedMembers = [...members].sort().join();
    if (new Set(members).size !== members.length || sortedMembers !== [...scoredIds].sort().join()) {
      problems.push('subscales do not partition the scored items');
    }
  }

  const values = instrument.options.map((o) => o.value);
  const expectedMin = scoredIds.length * Math.min(...values);
  const expectedMax = scoredIds.length * Math.max(...values);
  if (instrument.range.min !== expectedMin || instrument.range.max !== expectedMax) {
    problems.push(`range ${instrument.range.min}–${instrument.range.max} should be ${expectedMin}–${expectedMax}`);
  }

  // Bands, when present, must tile the range without gaps or overlaps.
  if (instrument.bands.length > 0) {
    let next = instrument.range.min;
    for (const band of instrument.bands) {
      if (band.min !== next || band.max < band.min) problems.push(`band ${band.key} does not start at ${next}`);
      next = band.max + 1;
    }
    if (next !== instrument.range.max + 1) problems.push('bands do not reach the top of the range');
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// Fail at load, not at scoring time, if a data edit broke an instrument; freeze so shared
// definitions cannot be mutated by a caller.
for (const key of INSTRUMENT_KEYS) {
  const seen = new Set<string>();
  for (const instrument of VERSIONS[key]) {
    const problems = instrumentProblems(instrument);
    if (instrument.key !== key) problems.push(`registered under ${key}`);
    if (seen.has(instrument.version)) problems.push('duplicate version');
    seen.add(instrument.version);
    if (problems.length > 0) {
      throw new Error(`Instrument ${instrument.key}@${instrument.version} is invalid: ${problems.join('; ')}.`);
    }
    deepFreeze(instrument);
  }
}
